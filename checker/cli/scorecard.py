"""Commands of the monthly scorecard: scorecard, rescore (the ledger's own commands are
in ledger.py, the `--record` hook of `kefu check` in record.py, the review and entry
commands in review.py and admin.py). Only argument handling here."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import List, Optional

import typer

from .common import (DbOption, MonthOption, PoliciesOption, TargetsOption, WHEN_FORMATS, aware, fail,
                     ledger_month, load_policy_or_exit, load_scheme, open_ledger, target_book, user_errors)
from .output import format_choices, format_option, output_option, report_stream, report_written

CardFormat = format_choices("scorecard")
ListFormat = format_choices("listing")


# ---- commands ---------------------------------------------------------------------------
def scorecard(
    month: Optional[str] = MonthOption,
    agent: Optional[str] = typer.Option(None, "--agent", "-a", help="只看这个客服"),
    fmt: CardFormat = format_option("scorecard", "text"),
    output: Optional[Path] = output_option("写入文件（xlsx 默认 kefu-scorecard-月份.xlsx；目录不存在时自动创建；- 为标准输出）"),
    targets: Optional[Path] = TargetsOption,
    promotion: Optional[List[str]] = typer.Option(None, "--promotion", help="促销期 2026-11-01..2026-11-11（可重复；提成减半）"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=WHEN_FORMATS, help="按此时刻判断复核期（默认：现在）"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """月度考核表：KPI、日常考核（每一分都追溯到问题或考试）、总分、等级、提成、奖金、辞退/淘汰标记（004 第三条至第六条、附件2）。"""
    from ..scorecard import build_month, render
    scheme = load_scheme(policies, load_policy_or_exit(policies))
    book = target_book(targets, promotion)
    with open_ledger(db) as ledger:
        month = ledger_month(ledger, month)
        if agent is not None and agent not in ledger.agents(month):
            fail(f"{month} 没有客服 {agent} 的记录；有记录的客服：{'、'.join(ledger.agents(month)) or '无'}")
        try:
            report = build_month(ledger, scheme, month, book, agent, aware(as_of), with_chats=fmt == CardFormat.html)
        except user_errors() as exc:
            fail(str(exc))
    if fmt == CardFormat.xlsx and output is None:
        output = Path(f"kefu-scorecard-{month}.xlsx")
    with report_stream("scorecard", fmt.value, output) as stream:
        render(report, fmt.value, stream)
    report_written(output)


def rescore(
    month: str = typer.Option(..., "--month", "-m", help="重新判定的月份 YYYY-MM"),
    as_of: datetime = typer.Option(..., "--as-of", formats=["%Y-%m-%d"], help="按这一天生效的参数判定"),
    agent: Optional[str] = typer.Option(None, "--agent", "-a", help="只看这个客服"),
    apply: bool = typer.Option(False, "--apply", help="把新判定记入台账（默认只预览）"),
    fmt: ListFormat = format_option("listing", "text"),
    targets: Optional[Path] = TargetsOption,
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """用另一天生效的参数（及 --policies 指定的规则库）重新判定台账中某月的会话，逐个客服列出变化。"""
    from ..scorecard.rescore import apply as apply_rescore, rescore as run
    from ..scorecard.rescore_out import render_json, render_text
    policy = load_policy_or_exit(policies)
    scheme = load_scheme(policies, policy)
    book = target_book(targets, None)
    if policy.parameters is not None and (early := policy.parameters.on(as_of.date())).early:
        typer.echo(f"注意：{early.early_notice()}", err=True)
    with open_ledger(db) as ledger:
        month = ledger_month(ledger, month)
        try:
            outcome = run(ledger, policy, scheme, month, as_of.date(), book, agent)
            applied = apply_rescore(ledger, outcome) if apply else None
        except user_errors() as exc:
            fail(str(exc))
    (render_json if fmt.value == "json" else render_text)(outcome, sys.stdout, applied)


def register(app: typer.Typer) -> None:
    app.command("scorecard")(scorecard)
    app.command("rescore")(rescore)
