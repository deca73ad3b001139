"""Commands of the monthly scorecard and its ledger: scorecard, rescore, ledger (the
`--record` hook of `kefu check` is in cli_record.py, `ledger import` in cli_ledger.py).
Only argument handling here. The review and entry commands (user, item, waive, adjust,
review, month, audit) are in cli_review.py."""
from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_output import is_stdout, output_stream, write_bytes

DbOption = typer.Option(None, "--db", envvar="KEFU_DB", help="台账文件（默认：当前目录的 kefu.db）")
PoliciesOption = typer.Option(None, "--policies", envvar="KEFU_POLICIES", help="规则目录（默认：项目自带的 policies/）")
MonthOption = typer.Option(None, "--month", "-m", help="月份 YYYY-MM（默认：台账中最近的月份）")
TargetsOption = typer.Option(None, "--targets", "-t", envvar="KEFU_TARGETS",
                             help="目标文件（YAML/CSV）或按月存放的目录（默认：当前目录的 targets/）")
WHEN_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class CardFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class OutFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _ledger(db: Optional[Path], create: bool = False):
    from .ledger import Ledger, LedgerError
    try:
        return Ledger.open(db, create=create)
    except LedgerError as exc:
        _fail(str(exc))


def _scheme(policies: Optional[Path], policy=None):
    from .policy import PolicyError, default_policy_dir
    from .scoring import load_scheme
    try:
        scheme = load_scheme((policies or default_policy_dir()) / "scoring")
    except PolicyError as exc:
        _fail("计分方案有错误：\n" + "\n".join(f"  {p}" for p in exc.problems))
    if policy is not None:
        problems = scheme.check_rules(policy.rules)
        if problems:
            _fail("计分方案与规则库不一致：\n" + "\n".join(f"  {p}" for p in problems))
    return scheme


def _policy(policies: Optional[Path]):
    from .cli_common import load_policy_or_exit as load
    return load(policies)


def _month(ledger, month: Optional[str]) -> str:
    from .ledger import LedgerError
    from .ledger.clock import check_month
    if month is None:
        months = ledger.months()
        if not months:
            _fail(f"台账 {ledger.path} 是空的：先用 `kefu check 会话目录 --record` 记录会话")
        return months[-1]
    try:
        return check_month(month)
    except LedgerError as exc:
        _fail(str(exc))


def _book(targets: Optional[Path], promotions: Optional[List[str]]):
    from .scorecard import TargetBook, TargetsError, parse_promotion
    if targets is None and Path("targets").is_dir():
        targets = Path("targets")
    try:
        return TargetBook(targets, [parse_promotion(p) for p in promotions or []])
    except TargetsError as exc:
        _fail(str(exc))


def _user_errors() -> tuple:
    """Errors whose message is for the user: reported, exit code 2."""
    from .ledger import LedgerError
    from .scorecard import TargetsError
    from .scoring import ScoringError
    return LedgerError, ScoringError, TargetsError


def _when(value: Optional[datetime]) -> Optional[datetime]:
    from .ledger.clock import aware
    return aware(value) if value is not None else None


# ---- commands ---------------------------------------------------------------------------
def scorecard(
    month: Optional[str] = MonthOption,
    agent: Optional[str] = typer.Option(None, "--agent", "-a", help="只看这个客服"),
    fmt: CardFormat = typer.Option(CardFormat.text, "--format", "-f", help="输出格式"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（xlsx 默认 kefu-scorecard-月份.xlsx；目录不存在时自动创建；- 为标准输出）"),
    targets: Optional[Path] = TargetsOption,
    promotion: Optional[List[str]] = typer.Option(None, "--promotion", help="促销期 2026-11-01..2026-11-11（可重复；提成减半）"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=WHEN_FORMATS, help="按此时刻判断复核期（默认：现在）"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """月度考核表：KPI、日常考核（每一分都追溯到问题或考试）、总分、等级、提成、奖金、辞退/淘汰标记（004 第三条至第六条、附件2）。"""
    from .scorecard import build_month, render
    scheme = _scheme(policies, _policy(policies))
    book = _book(targets, promotion)
    with _ledger(db) as ledger:
        month = _month(ledger, month)
        if agent is not None and agent not in ledger.agents(month):
            _fail(f"{month} 没有客服 {agent} 的记录；有记录的客服：{'、'.join(ledger.agents(month)) or '无'}")
        try:
            report = build_month(ledger, scheme, month, book, agent, _when(as_of), with_chats=fmt == CardFormat.html)
        except _user_errors() as exc:
            _fail(str(exc))
    if fmt == CardFormat.xlsx:
        import io
        path = output or Path(f"kefu-scorecard-{month}.xlsx")
        buffer = io.BytesIO()
        render(report, "xlsx", buffer)
        write_bytes(path, buffer.getvalue())
        if not is_stdout(path):
            typer.echo(f"已写入 {path}", err=True)
        return
    with output_stream(output, encoding="utf-8-sig" if fmt == CardFormat.csv and not is_stdout(output) else "utf-8",
                       newline="") as stream:
        render(report, fmt.value, stream)
    if not is_stdout(output):
        typer.echo(f"已写入 {output}", err=True)


def rescore(
    month: str = typer.Option(..., "--month", "-m", help="重新判定的月份 YYYY-MM"),
    as_of: datetime = typer.Option(..., "--as-of", formats=["%Y-%m-%d"], help="按这一天生效的参数判定"),
    agent: Optional[str] = typer.Option(None, "--agent", "-a", help="只看这个客服"),
    apply: bool = typer.Option(False, "--apply", help="把新判定记入台账（默认只预览）"),
    fmt: OutFormat = typer.Option(OutFormat.text, "--format", "-f"),
    targets: Optional[Path] = TargetsOption,
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """用另一天生效的参数（及 --policies 指定的规则库）重新判定台账中某月的会话，逐个客服列出变化。"""
    from .scorecard.rescore import apply as apply_rescore, rescore as run
    from .scorecard.rescore_out import render_json, render_text
    policy = _policy(policies)
    scheme = _scheme(policies, policy)
    book = _book(targets, None)
    if policy.parameters is not None and (early := policy.parameters.on(as_of.date())).early:
        typer.echo(f"注意：{early.early_notice()}", err=True)
    with _ledger(db) as ledger:
        month = _month(ledger, month)
        try:
            outcome = run(ledger, policy, scheme, month, as_of.date(), book, agent)
            applied = apply_rescore(ledger, outcome) if apply else None
        except _user_errors() as exc:
            _fail(str(exc))
    (render_json if fmt == OutFormat.json else render_text)(outcome, sys.stdout, applied)


def ledger(
    fmt: OutFormat = typer.Option(OutFormat.text, "--format", "-f"),
    db: Optional[Path] = DbOption,
) -> None:
    """查看台账：文件、数据结构版本、记录数量、有记录的月份。"""
    import json
    with _ledger(db) as opened:
        info = opened.info()
    if fmt == OutFormat.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    typer.echo(f"台账 {info['path']}（数据结构版本 {info['schema_version']}）")
    typer.echo(f"  会话 {info['transcripts']} 个，问题 {info['findings']} 处（当前有效 {info['active_findings']}，"
               f"已豁免 {info['waivers']}），考试 {info['exams']} 次，录入条目 {info['items']} 条，记录 {info['runs']} 次")
    typer.echo(f"  用户 {info['users']} 个，审计记录 {info['audit']} 条（kefu audit 查看）")
    typer.echo(f"  月份：{'、'.join(info['months']) or '无'}")
    if info["last_run"]:
        run = info["last_run"]
        typer.echo(f"  最近一次：#{run['id']} {run['kind']} {run['recorded_at']} 规则库 {run['policy_version']}")


def register(app: typer.Typer) -> None:
    for command in (scorecard, rescore):
        app.command(command.__name__)(command)
    from .cli_ledger import ledger_app
    app.add_typer(ledger_app, name="ledger")
    from .cli_review import register as register_review     # user, item, waive, adjust, review, month, audit
    register_review(app)
