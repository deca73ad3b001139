"""Ledger commands of issues 10 and 12: waive and review here; item and adjust in
entries.py; user, month and audit in admin.py; who acts (--by) in acting.py.
Only argument handling: every rule lives in checker/ledger/review*.py and users.py, the
same functions the web app calls."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from .acting import ByOption, DefaultGroup, acting_user, echo_json, run_or_fail
from .common import (DbOption, PoliciesOption, TargetsOption, WHEN_FORMATS, aware, fail, ledger_month, load_scheme,
                     open_ledger, target_book)
from .entries import adjust, item_app
from .output import format_choices, format_option

ListFormat = format_choices("listing")

waive_app = typer.Typer(cls=DefaultGroup, no_args_is_help=True,
                        help="复核推翻问题：kefu waive 编号 --reason 理由 豁免；list 查看；revoke 撤销（留痕）。")
review_app = typer.Typer(no_args_is_help=True, help="复核：待复核队列与抽检、确认问题、人工录入问题、客服申请复核。")


# ---- kefu waive -----------------------------------------------------------------------------
@waive_app.command("add")
def waive_add(
    finding_id: str = typer.Argument(..., help="问题编号（F- 开头，可只写前几位）"),
    reason: str = typer.Option(..., "--reason", "-r", help="复核结论：为什么推翻这处问题"),
    by: Optional[str] = typer.Option(None, "--by", help="复核人"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=WHEN_FORMATS,
                                             help="复核申请实际提出的时刻（须同时用 --override-window）"),
    override_window: bool = typer.Option(False, "--override-window",
                                         help="按 --as-of 的时刻判断复核期（记录的豁免时间仍是实际时间，留痕）"),
    targets: Optional[Path] = TargetsOption,
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """复核推翻一处问题（须在公布后复核期内，或客服已按期申请复核，004 第三条 6）：问题保留并记为已豁免，考核分重新计算。
    `kefu waive 编号 --reason 理由` 即本命令。"""
    from ..ledger import review
    from ..privacy import mask_text
    from ..scorecard.build import gather
    scheme = load_scheme(policies)
    book = target_book(targets, None)

    def act():
        actor = acting_user(ledger, by)
        fid = ledger.resolve_finding(finding_id)
        month, who = ledger.finding(fid)["month"], ledger.finding(fid)["agent"]
        score = lambda: {c.agent: c for c in gather(ledger, scheme, month, book.for_month(month))}[who]  # noqa: E731
        before = score()
        finding = review.waive(ledger, actor, fid, reason, aware(as_of), override_window, scheme=scheme)
        return finding, month, who, before, score()

    with open_ledger(db) as ledger:
        finding, month, who, before, after = run_or_fail(act)
    where = f"会话 {finding['chat']}" + (f" 消息#{finding['message']}" if finding["message"] is not None else "")
    typer.echo(f"已豁免 {finding['id']}：{where}「{mask_text(finding['text'])}」{finding['rule']}（{finding['title']}）")
    typer.echo(f"  理由：{finding['decision']['reason']}（复核人 {finding['decision']['by']}）")
    typer.echo(f"  {who} {month}：日常考核 {before.daily.score} → {after.daily.score}，KPI 总分 {before.total:g} → {after.total:g}，"
               f"等级 {before.level or '不计入'} → {after.level or '不计入'}，绩效奖金 {before.bonus:,.2f} → {after.bonus:,.2f} 元")


@waive_app.command("list")
def waive_list(
    month: Optional[str] = typer.Option(None, "--month", "-m", help="月份 YYYY-MM（默认：台账中最近的月份）"),
    agent: Optional[str] = typer.Option(None, "--agent", "-a"),
    fmt: ListFormat = format_option("listing", "text"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """列出某月已豁免的问题（复核人、时间、理由）。撤销过的豁免见 kefu audit。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        month = ledger_month(ledger, month)
        rows = run_or_fail(lambda: review.list_findings(ledger, acting_user(ledger, by), month, agent, "waived"))
    if fmt.value == "json":
        echo_json(rows)
        return
    for f in rows:
        d = f["decision"]
        typer.echo(f"{f['id']}\t{f['agent']}\t会话 {f['chat']}\t{f['rule']}\t{d['at'][:16]}\t{d['by'] or ''}\t{d['reason']}")
    if not rows:
        typer.echo(f"{month} 没有已豁免的问题", err=True)


@waive_app.command("revoke")
def waive_revoke(
    finding_id: str = typer.Argument(..., help="问题编号"),
    reason: str = typer.Option(..., "--reason", "-r", help="为什么撤销豁免"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """撤销豁免：问题重新计分；原豁免保留并标记撤销人、时间与理由。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        f = run_or_fail(lambda: review.revoke_waiver(ledger, acting_user(ledger, by), finding_id, reason))
    typer.echo(f"已撤销 {f['id']} 的豁免，问题重新计分：{reason}")


# ---- kefu review ----------------------------------------------------------------------------
@review_app.command("queue")
def review_queue(
    month: Optional[str] = typer.Option(None, "--month", "-m", help="月份 YYYY-MM（默认：台账中最近的月份）"),
    sample: Optional[int] = typer.Option(None, "--sample", help="抽检：每个客服每天随机抽 N 个会话"),
    seed: Optional[str] = typer.Option(None, "--seed", help="抽检的随机种子（默认：月份，结果可重现）"),
    fmt: ListFormat = format_option("listing", "text"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """待复核队列：先列客服的复核申请，再列还没人复核的问题（或 --sample 抽检的会话）。"""
    from ..ledger import review
    kinds = {"dispute": "申请复核", "finding": "待确认", "sample": "抽检"}
    with open_ledger(db) as ledger:
        month = ledger_month(ledger, month)
        rows = run_or_fail(lambda: review.review_queue(ledger, acting_user(ledger, by), month, sample, seed))
    if fmt.value == "json":
        echo_json(rows)
        return
    for e in rows:
        f = e["finding"]
        what = f"{f['id']}\t{f['rule']}\t「{f['text']}」" if f else "（无问题，抽检会话）"
        extra = f"\t申请理由：{f['dispute']['reason']}" if f and e["kind"] == "dispute" else ""
        typer.echo(f"{kinds[e['kind']]}\t{e['day']}\t{e['agent']}\t会话 {e['chat']}\t{what}{extra}")
    if not rows:
        typer.echo(f"{month} 没有待复核的问题", err=True)


@review_app.command("confirm")
def review_confirm(finding_id: str = typer.Argument(...), reason: str = typer.Option(..., "--reason", "-r"),
                   by: Optional[str] = ByOption, db: Optional[Path] = DbOption) -> None:
    """确认一处问题（驳回复核申请，或抽检确认）：继续计分。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        f = run_or_fail(lambda: review.confirm(ledger, acting_user(ledger, by), finding_id, reason))
    typer.echo(f"已确认 {f['id']}（{f['agent']} {f['rule']}）：{reason}")


@review_app.command("dispute")
def review_dispute(finding_id: str = typer.Argument(...), reason: str = typer.Option(..., "--reason", "-r"),
                   by: str = typer.Option(..., "--by", help="客服本人（台账用户）"), db: Optional[Path] = DbOption) -> None:
    """客服对自己的一处问题申请复核（公布后复核期内，004 第三条 6）。"""
    from ..ledger import review
    from ..ledger.users import has_users
    with open_ledger(db) as ledger:
        if not has_users(ledger):
            fail(f"台账还没有用户：客服申请复核须先登记为用户，如 kefu user add {by} --role agent --password-stdin")
        f = run_or_fail(lambda: review.dispute(ledger, acting_user(ledger, by), finding_id, reason))
    typer.echo(f"已申请复核 {f['id']}：{reason}")


@review_app.command("add")
def review_add(
    chat: str = typer.Argument(..., help="会话编号"),
    message: int = typer.Option(..., "--message", help="消息编号（从 0 起，与问题的 消息# 相同）"),
    rule: str = typer.Option(..., "--rule", help="规则 id（kefu rules list）或 004 第四条扣分条目 A1–C7"),
    reason: str = typer.Option(..., "--reason", "-r", help="问题说明"),
    points: Optional[int] = typer.Option(None, "--points", "-p", help="分值（条目为区间时必填）"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """人工录入一处会话问题（抽检发现）：即时公布，复核期自此起算。"""
    from .common import load_policy_or_exit
    from ..ledger import review
    scheme, policy = load_scheme(policies), load_policy_or_exit(policies)
    with open_ledger(db) as ledger:
        f = run_or_fail(lambda: review.add_manual_finding(ledger, acting_user(ledger, by), chat, message, rule, reason, points,
                                                   scheme=scheme, policy=policy))
    typer.echo(f"已录入问题 {f['id']}：会话 {f['chat']} 消息#{f['message']} {f['rule']}（{f['title']}）")


def register(app: typer.Typer) -> None:
    app.add_typer(item_app, name="item")
    app.add_typer(waive_app, name="waive")
    app.add_typer(review_app, name="review")
    app.command("adjust")(adjust)
