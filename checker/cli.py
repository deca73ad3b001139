"""The `kefu` command line. Only argument handling and wiring live here."""
from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import PoliciesOption, load_policy_or_exit, require_rules
from .policy import PolicyError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="kefu：电商客服规范检查——聊天质检、快捷短语检查、月度考核与考试，共用一套规则库。")
rules_app = typer.Typer(no_args_is_help=True, help="查看与自测规则库。")
app.add_typer(rules_app, name="rules")
from quiz.cli import quiz_app  # noqa: E402 - `kefu quiz` (quiz/cli.py)
app.add_typer(quiz_app, name="quiz")


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    review = "review"
    never = "never"




_policy = load_policy_or_exit


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="会话文件或目录（.yaml .json .jsonl .txt）"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="输出格式"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别的问题使退出码为 1"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按该日期生效的参数判定（默认：每个会话自己的日期）"),
    policies: Optional[Path] = PoliciesOption,
    record: bool = typer.Option(False, "--record", help="把结果记入台账，供月度考核（kefu scorecard）使用"),
    db: Optional[Path] = typer.Option(None, "--db", envvar="KEFU_DB", help="台账文件（默认：当前目录的 kefu.db）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="并行检查的进程数（默认：CPU 核数；输出与 --jobs 1 完全相同）"),
) -> None:
    """检查聊天会话，列出每一处违反服务规范的地方。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法错误或有无法读取的输入。"""
    from .cli_scorecard import record_run
    from .progress import wanted as progress_wanted
    from .runner import default_jobs, run_check

    policy = _policy(policies)
    only = require_rules(policy, rule)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with record_run(record, db, policy, as_of.date() if as_of else None, rule) as sink:
            summary = run_check(policy, paths, fmt.value, stream, only=only,
                                as_of=as_of.date() if as_of else None, sink=sink,
                                jobs=jobs or default_jobs(), progress=progress_wanted())
    finally:
        if output:
            stream.close()
    if summary.errors:
        for err in summary.errors if fmt != Format.text or output else []:
            typer.echo(f"跳过 {err}", err=True)
        raise typer.Exit(2)
    threshold = None if fail_on == FailOn.never else fail_on.value
    raise typer.Exit(1 if summary.failing(threshold) else 0)


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


@app.command()
def lint(
    paths: List[Path] = typer.Argument(..., help="快捷短语文件或目录（.yaml .yml .csv .md）"),
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="输出格式"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别（且未豁免）的问题使退出码为 1"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按这一天判断活动话术是否过期（默认：今天，北京时间）"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """检查快捷短语、欢迎语模板：每条都按客服消息的全部规则检查，另查占位符、有效期、重复编码、空内容和长度。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法错误或有无法读取的输入。"""
    from .lint.engine import today
    from .lint.runner import exit_code, run_lint

    policy = _policy(policies)
    only = require_rules(policy, rule)
    threshold = None if fail_on == FailOn.never else fail_on.value
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        summary = run_lint(policy, paths, fmt.value, stream, as_of.date() if as_of else today(), threshold,
                           only=only)
    finally:
        if output:
            stream.close()
    if summary.errors and (output or fmt != LintFormat.text):
        for err in summary.errors:
            typer.echo(f"无法读取 {err}", err=True)
    raise typer.Exit(exit_code(summary))


@rules_app.command("list")
def rules_list(
    fmt: Format = typer.Option(Format.text, "--format", "-f"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """列出全部规则。"""
    from .rules_cli import list_rules
    list_rules(_policy(policies), fmt.value)


@rules_app.command("show")
def rules_show(rule_id: str, policies: Optional[Path] = PoliciesOption) -> None:
    """显示一条规则：说明、出处原文、示例、建议。"""
    from .rules_cli import show_rule
    policy = _policy(policies)
    try:
        rule = policy.rule(rule_id)
    except KeyError:
        typer.echo(f"没有 id 为 {rule_id} 的规则；用 `kefu rules list` 查看全部规则", err=True)
        raise typer.Exit(2)
    show_rule(rule)


@rules_app.command("test")
def rules_test(
    rule_ids: Optional[List[str]] = typer.Argument(None, help="只测试这些规则"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示失败的示例和汇总"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """运行每条规则的示例（bad 必须触发本规则，good 不得触发任何规则），失败则退出码为 1。"""
    from .selftest import run_examples
    policy = _policy(policies)
    failed = run_examples(policy, require_rules(policy, rule_ids), quiet)
    raise typer.Exit(1 if failed else 0)


@rules_app.command("docs")
def rules_docs(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="写入该目录：rules.md 与 rules.html（默认：Markdown 输出到标准输出）"),
    html: bool = typer.Option(False, "--html", help="输出 HTML 而不是 Markdown（不写目录时）"),
    check: bool = typer.Option(False, "--check", help="不写文件，只检查 --out 目录中的手册是否与规则库一致（不一致退出码 1）"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """由规则库生成服务规范手册（每条规则的出处原文、违规与合规示例、建议、扣分），Markdown 与 HTML。"""
    from .rules_docs import build_docs, stale_docs, write_docs
    policy = _policy(policies)
    try:
        docs = build_docs(policy)     # the exam procedures it includes are validated here
    except PolicyError as exc:
        typer.echo(f"规则库有 {len(exc.problems)} 处错误：", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2)
    if check:
        if out is None:
            typer.echo("--check 需要 --out 目录", err=True)
            raise typer.Exit(2)
        stale = stale_docs(docs, out)
        for name in stale:
            typer.echo(f"{out / name} 与规则库不一致：请运行 kefu rules docs --out {out}", err=True)
        raise typer.Exit(1 if stale else 0)
    if out is None:
        sys.stdout.write(docs["rules.html" if html else "rules.md"])
        return
    for path in write_docs(docs, out):
        typer.echo(f"已写入 {path}")


from .cli_scorecard import register as _register_scorecard  # noqa: E402  scorecard, waive, rescore, item, adjust, ledger
_register_scorecard(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
