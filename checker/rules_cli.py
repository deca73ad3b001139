"""Rendering for `kefu rules list` and `kefu rules show`."""
from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .norms import NORMS
from .policy import Policy, Rule


def rule_dict(rule: Rule) -> dict:
    return {
        "id": rule.id, "norm": rule.norm, "title": rule.title, "kind": rule.kind, "level": rule.level,
        "points": rule.points, "message": rule.message, "suggestion": rule.suggestion,
        "source": {"seed": rule.source.seed, "section": rule.source.section, "quote": rule.source.quote},
        "examples": {"bad": [e.label() for e in rule.bad], "good": [e.label() for e in rule.good]},
        "file": rule.file, "line": rule.line,
    }


def list_rules(policy: Policy, fmt: str) -> None:
    console = Console(highlight=False, soft_wrap=fmt != "text")
    if fmt == "json":
        console.print_json(json.dumps({"policy": policy.version, "rules": [rule_dict(r) for r in policy.rules]},
                                      ensure_ascii=False))
        return
    if fmt == "markdown":
        print("| id | 规范 | 标题 | 类型 | 级别 | 扣分 |\n|---|---|---|---|---|---|")
        for r in policy.rules:
            print(f"| `{r.id}` | {NORMS[r.norm]} (`{r.norm}`) | {r.title} | {r.kind} | {r.level} | {r.points} |")
        return
    # Ids are what users type into --rule and waivers: never cut one. On a narrow terminal
    # the other columns give way (the kind goes first, titles fold).
    id_width = max((len(r.id) for r in policy.rules), default=2)
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


def show_rule(rule: Rule) -> None:
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
