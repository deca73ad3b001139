"""`kefu rules list|show|test|docs`: look at and test the rule base."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, List, Optional

import typer

from .common import PoliciesOption, fail, load_policy_or_exit, require_rules
from .output import format_choices, format_option, is_stdout, output_stream

rules_app = typer.Typer(no_args_is_help=True, help="查看与自测规则库。")
RulesFormat = format_choices("rules list")


def rule_dict(rule) -> dict:
    return {
        "id": rule.id, "norm": rule.norm, "title": rule.title, "kind": rule.kind, "level": rule.level,
        "points": rule.points, "message": rule.message, "suggestion": rule.suggestion,
        "source": {"seed": rule.source.seed, "section": rule.source.section, "quote": rule.source.quote},
        "examples": {"bad": [e.label() for e in rule.bad], "good": [e.label() for e in rule.good]},
        "file": rule.file, "line": rule.line,
    }


# ---- the renderers of `rules list` (named in checker/outputs.py) ---------------------------
def json_rules(policy, stream: IO[str]) -> None:
    json.dump({"policy": policy.version, "rules": [rule_dict(r) for r in policy.rules]}, stream,
              ensure_ascii=False, indent=2)
    stream.write("\n")


def markdown_rules(policy, stream: IO[str]) -> None:
    from ..norms import NORMS
    stream.write("| id | 规范 | 标题 | 类型 | 级别 | 扣分 |\n|---|---|---|---|---|---|\n")
    for r in policy.rules:
        stream.write(f"| `{r.id}` | {NORMS[r.norm]} (`{r.norm}`) | {r.title} | {r.kind} | {r.level} | {r.points} |\n")


def table_rules(policy, stream: IO[str]) -> None:
    """A table that fits the terminal. Ids are what users type into --rule and waivers:
    never cut one. On a narrow terminal the other columns give way (the kind goes first,
    titles and norms fold); narrower still, one rule per block."""
    from rich.console import Console
    from rich.table import Table

    from ..norms import NORMS
    console = Console(file=stream, highlight=False)
    id_width = max((len(r.id) for r in policy.rules), default=2)
    if console.width < id_width + 36:
        console.print(f"规则库 {policy.version}（{len(policy.rules)} 条）")
        for r in policy.rules:
            console.print(r.id, overflow="ignore", crop=False)
            console.print(f"  {r.title}；{NORMS[r.norm]} {r.norm}；{r.level}，扣 {r.points} 分", overflow="fold")
        return
    wide = console.width >= id_width + 70
    table = Table(title=f"规则库 {policy.version}（{len(policy.rules)} 条）")
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("规范", overflow="fold")
    table.add_column("标题", overflow="fold")
    if wide:
        table.add_column("类型", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("扣分", no_wrap=True)
    for r in policy.rules:
        cells = [r.id, f"{NORMS[r.norm]} {r.norm}", r.title] + ([r.kind] if wide else []) + [r.level, str(r.points)]
        table.add_row(*cells)
    console.print(table)


@rules_app.command("list")
def rules_list(
    fmt: RulesFormat = format_option("rules list", "text"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """列出全部规则。"""
    from ..outputs import renderer
    renderer("rules list", fmt.value)(load_policy_or_exit(policies), sys.stdout)


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., help="规则 id（见 kefu rules list）"),
               policies: Optional[Path] = PoliciesOption) -> None:
    """显示一条规则：说明、出处原文、示例、建议。"""
    from rich.console import Console
    from rich.text import Text

    from ..norms import NORMS
    policy = load_policy_or_exit(policies)
    try:
        rule = policy.rule(rule_id)
    except KeyError:
        fail(f"没有 id 为 {rule_id} 的规则；用 `kefu rules list` 查看全部规则")
    console = Console(highlight=False, soft_wrap=True)
    console.print(Text(f"{rule.id}  {rule.title}", style="bold"))
    console.print(f"规范：{NORMS[rule.norm]}（{rule.norm}）  类型：{rule.kind}  级别：{rule.level}  扣分：{rule.points}")
    console.print(f"说明：{rule.message}")
    console.print(Text(f"出处：{rule.source.seed} {rule.source.section}", style="bold"))
    console.print(f"  「{rule.source.quote}」")
    console.print(Text(f"建议：{rule.suggestion}", style="green"))
    console.print("违规示例：")
    for e in rule.bad:
        console.print(Text(f"  ✗ {e.label()}", style="red"))
    console.print("合规示例：")
    for e in rule.good:
        console.print(Text(f"  ✓ {e.label()}", style="green"))
    console.print(Text(f"定义于 {rule.file}:{rule.line}", style="dim"))


@rules_app.command("test")
def rules_test(
    rule_ids: Optional[List[str]] = typer.Argument(None, help="只测试这些规则"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示失败的示例和汇总"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """运行每条规则的示例，失败则退出码为 1。

    bad 示例必须触发本规则，good 示例不得触发任何规则。"""
    from ..selftest import run_examples
    policy = load_policy_or_exit(policies)
    failed = run_examples(policy, require_rules(policy, rule_ids), quiet)
    raise typer.Exit(1 if failed else 0)


@rules_app.command("docs")
def rules_docs(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="写入该目录：rules.md 与 rules.html（默认或 -：输出到标准输出）"),
    html: bool = typer.Option(False, "--html", help="输出 HTML 而不是 Markdown（不写目录时）"),
    check: bool = typer.Option(False, "--check", help="不写文件，只检查 --out 目录中的手册是否与规则库一致（不一致退出码 1）"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """由规则库生成服务规范手册（Markdown 与 HTML）。

    手册列出每条规则的出处原文、违规与合规示例、建议和扣分。"""
    from ..policy import PolicyError
    from ..rules_docs import build_docs, stale_docs, write_docs
    policy = load_policy_or_exit(policies)
    try:
        docs = build_docs(policy)     # the exam procedures it includes are validated here
    except PolicyError as exc:
        fail(f"规则库有 {len(exc.problems)} 处错误：\n" + "\n".join(f"  {p}" for p in exc.problems))
    if check:
        if is_stdout(out):
            fail("--check 需要 --out 目录")
        stale = stale_docs(docs, out)
        for name in stale:
            typer.echo(f"{out / name} 与规则库不一致：请运行 kefu rules docs --out {out}", err=True)
        raise typer.Exit(1 if stale else 0)
    if is_stdout(out):
        with output_stream(out) as stream:
            stream.write(docs["rules.html" if html else "rules.md"])
        return
    if out.exists() and not out.is_dir():
        fail(f"--out 应为目录，{out} 是一个文件；或用 -o - 写到标准输出")
    try:
        written = write_docs(docs, out)
    except OSError as exc:
        fail(f"无法写入 {out}：{exc.strerror or exc}")
    for path in written:
        typer.echo(f"已写入 {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
