"""Ledger commands of issues 10 and 12: item, waive, adjust, review (user, month and audit
are in admin.py).
Only argument handling: every rule lives in checker/ledger/review*.py and users.py, the
same functions the web app calls.

Who acts: `--by NAME`. Once the ledger has users (`kefu user add`), NAME must be an
enabled user and that user's role decides what is allowed; in a ledger without users
the command line acts as the lead (its name recorded as NAME or 命令行)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from .common import (DbOption, PoliciesOption, TargetsOption, WHEN_FORMATS, aware, fail, ledger_month, load_scheme,
                     open_ledger, target_book, user_errors)
from .output import format_choices, format_option

ListFormat = format_choices("listing")

ByOption = typer.Option(None, "--by", help="操作人（台账有用户后须为已登记的质检/复核或主管）")


class DefaultGroup(TyperGroup):
    """A group whose first argument, when it is not a subcommand, goes to `add`: keeps
    `kefu item AGENT …` and `kefu waive ID …` working beside `list`/`remove`/`revoke`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


item_app = typer.Typer(cls=DefaultGroup, no_args_is_help=True,
                       help="不来自聊天的考核条目：kefu item 客服 --code 条目 录入；list 查看；remove 删除（留痕）。")
waive_app = typer.Typer(cls=DefaultGroup, no_args_is_help=True,
                        help="复核推翻问题：kefu waive 编号 --reason 理由 豁免；list 查看；revoke 撤销（留痕）。")
review_app = typer.Typer(no_args_is_help=True, help="复核：待复核队列与抽检、确认问题、人工录入问题、客服申请复核。")


def _actor(ledger, by: Optional[str]):
    from ..ledger.users import CLI_ACTOR, User, get_user, has_users
    if not has_users(ledger):
        return User((by or "").strip() or CLI_ACTOR, "lead")
    if not by:
        fail(f"台账 {ledger.path} 已有用户：请用 --by 写明操作人（用户见 kefu user list）")
    user = get_user(ledger, by)
    if user is None:
        fail(f"没有用户 {by}：用户见 kefu user list")
    if user.disabled:
        fail(f"用户 {by} 已停用")
    return user


def _run(action):
    try:
        return action()
    except user_errors() as exc:
        fail(str(exc))


def _json(data) -> None:
    import json
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


# ---- kefu item ------------------------------------------------------------------------------
@item_app.command("add")
def item_add(
    agent: str = typer.Argument(..., help="客服"),
    code: str = typer.Option(..., "--code", "-c", help="计分方案条目：A1–A14、B1–B8、C1–C7 扣分，P1–P14 加分"),
    note: str = typer.Option(..., "--note", "-n", help="事由（何时、何事），记录可追溯"),
    month: str = typer.Option(..., "--month", "-m", help="月份 YYYY-MM"),
    points: Optional[int] = typer.Option(None, "--points", "-p", help="分值（条目为区间时必填，如 A5 为 2-5 分）"),
    new_agent: bool = typer.Option(False, "--new-agent", help="台账中还没有这个客服（新人）：确认录入"),
    by: Optional[str] = typer.Option(None, "--by", help="录入人"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """录入一条不来自聊天的考核条目（迟到早退、离岗、全勤、顶班等）。`kefu item 客服 --code 条目` 即本命令。"""
    from ..ledger import review
    scheme = load_scheme(policies)
    with open_ledger(db, create=True) as ledger:
        actor = _actor(ledger, by)
        entry = _run(lambda: review.add_item(ledger, actor, agent, month, code, points, note, new_agent, scheme=scheme))
        row = dict(zip(("agent", "code", "points"), ledger.conn.execute(
            "SELECT agent, code, points FROM items WHERE id = ?", (entry,)).fetchone()))
    found = scheme.items[row["code"]]
    sign = "+" if found.bonus else "-"
    extra = "（记过）" if found.demerit else "（直接辞退）" if found.dismissal else ""
    typer.echo(f"已录入第 {entry} 条：{row['agent']} {month} {found.code} {found.title} {sign}{row['points']} 分{extra}")


@item_app.command("list")
def item_list(
    month: Optional[str] = typer.Option(None, "--month", "-m", help="月份 YYYY-MM（默认：全部）"),
    agent: Optional[str] = typer.Option(None, "--agent", "-a"),
    removed: bool = typer.Option(False, "--removed", help="也列出已删除的条目"),
    fmt: ListFormat = format_option("listing", "text"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """列出录入的考核条目（编号、客服、条目、分值、事由、录入人；已删除的标明删除人与理由）。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        rows = _run(lambda: review.list_items(ledger, _actor(ledger, by), month, agent, removed))
    if fmt.value == "json":
        _json(rows)
        return
    for r in rows:
        gone = f"\t已删除（{r['removed_at'][:16]} {r['removed_by']}：{r['removed_reason']}）" if r["removed_at"] else ""
        typer.echo(f"#{r['id']}\t{r['month']}\t{r['agent']}\t{r['code']}\t{r['points']}\t{r['note']}\t"
                   f"{r['recorded_by'] or ''}{gone}")
    if not rows:
        typer.echo("没有录入的条目", err=True)


@item_app.command("remove")
def item_remove(
    item_id: int = typer.Argument(..., help="条目编号（见 kefu item list）"),
    reason: str = typer.Option(..., "--reason", "-r", help="为什么删除"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """删除一条录入（不真正删除：标记删除、记录删除人与理由，不再计分）。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        _run(lambda: review.remove_item(ledger, _actor(ledger, by), item_id, reason))
    typer.echo(f"已删除第 {item_id} 条录入（保留记录）：{reason}")


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
        actor = _actor(ledger, by)
        fid = ledger.resolve_finding(finding_id)
        month, who = ledger.finding(fid)["month"], ledger.finding(fid)["agent"]
        score = lambda: {c.agent: c for c in gather(ledger, scheme, month, book.for_month(month))}[who]  # noqa: E731
        before = score()
        finding = review.waive(ledger, actor, fid, reason, aware(as_of), override_window, scheme=scheme)
        return finding, month, who, before, score()

    with open_ledger(db) as ledger:
        finding, month, who, before, after = _run(act)
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
        rows = _run(lambda: review.list_findings(ledger, _actor(ledger, by), month, agent, "waived"))
    if fmt.value == "json":
        _json(rows)
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
        f = _run(lambda: review.revoke_waiver(ledger, _actor(ledger, by), finding_id, reason))
    typer.echo(f"已撤销 {f['id']} 的豁免，问题重新计分：{reason}")


# ---- kefu adjust ----------------------------------------------------------------------------
def adjust(
    agent: str = typer.Argument(..., help="客服"),
    points: int = typer.Option(..., "--points", "-p", help="额外奖惩分（-5 至 5）"),
    reason: str = typer.Option(..., "--reason", "-r", help="必须说明额外奖惩理由（004 第三条 7）"),
    month: str = typer.Option(..., "--month", "-m", help="月份 YYYY-MM"),
    new_agent: bool = typer.Option(False, "--new-agent", help="台账中还没有这个客服（新人）：确认录入"),
    by: Optional[str] = typer.Option(None, "--by", help="主管"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """主管每月的额外奖惩（-5 至 5 分，须写理由）；同一客服同一月份再次设置即替换（旧值留在审计记录中）。"""
    from ..ledger import review
    scheme = load_scheme(policies)
    with open_ledger(db, create=True) as ledger:
        _run(lambda: review.set_adjustment(ledger, _actor(ledger, by), agent, month, points, reason, new_agent,
                                           scheme=scheme))
    typer.echo(f"已设置 {agent} {month} 额外奖惩 {points:+d} 分：{reason}")


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
        rows = _run(lambda: review.review_queue(ledger, _actor(ledger, by), month, sample, seed))
    if fmt.value == "json":
        _json(rows)
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
        f = _run(lambda: review.confirm(ledger, _actor(ledger, by), finding_id, reason))
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
        f = _run(lambda: review.dispute(ledger, _actor(ledger, by), finding_id, reason))
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
        f = _run(lambda: review.add_manual_finding(ledger, _actor(ledger, by), chat, message, rule, reason, points,
                                                   scheme=scheme, policy=policy))
    typer.echo(f"已录入问题 {f['id']}：会话 {f['chat']} 消息#{f['message']} {f['rule']}（{f['title']}）")


def register(app: typer.Typer) -> None:
    app.add_typer(item_app, name="item")
    app.add_typer(waive_app, name="waive")
    app.add_typer(review_app, name="review")
    app.command("adjust")(adjust)
