"""kefu item and kefu adjust: the scheme's entries that do not come from chats (late,
absent, full attendance, covering a shift …) and the lead's monthly ±5. Only argument
handling: the rules live in checker/ledger/review_entries.py, as for the web app."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .acting import ByOption, DefaultGroup, acting_user, echo_json, run_or_fail
from .common import DbOption, PoliciesOption, load_scheme, open_ledger
from .output import format_choices, format_option

ListFormat = format_choices("listing")

item_app = typer.Typer(cls=DefaultGroup, no_args_is_help=True,
                       help="不来自聊天的考核条目：kefu item 客服 --code 条目 录入；list 查看；remove 删除（留痕）。")


# the options `kefu item add` and `kefu adjust` share
MonthOption = typer.Option(..., "--month", "-m", help="月份 YYYY-MM")
NewAgentOption = typer.Option(False, "--new-agent", help="台账中还没有这个客服（新人）：确认录入")


# ---- kefu item ------------------------------------------------------------------------------
@item_app.command("add")
def item_add(
    agent: str = typer.Argument(..., help="客服"),
    code: str = typer.Option(..., "--code", "-c", help="计分方案条目：A1–A14、B1–B8、C1–C7 扣分，P1–P14 加分"),
    note: str = typer.Option(..., "--note", "-n", help="事由（何时、何事），记录可追溯"),
    month: str = MonthOption,
    points: Optional[int] = typer.Option(None, "--points", "-p", help="分值（条目为区间时必填，如 A5 为 2-5 分）"),
    new_agent: bool = NewAgentOption,
    by: Optional[str] = typer.Option(None, "--by", help="录入人"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """录入一条不来自聊天的考核条目（迟到早退、离岗、全勤、顶班等）。`kefu item 客服 --code 条目` 即本命令。"""
    from ..ledger import review
    scheme = load_scheme(policies)
    with open_ledger(db, create=True) as ledger:
        actor = acting_user(ledger, by)
        entry = run_or_fail(lambda: review.add_item(ledger, actor, agent, month, code, points, note, new_agent, scheme=scheme))
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
        rows = run_or_fail(lambda: review.list_items(ledger, acting_user(ledger, by), month, agent, removed))
    if fmt.value == "json":
        echo_json(rows)
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
        run_or_fail(lambda: review.remove_item(ledger, acting_user(ledger, by), item_id, reason))
    typer.echo(f"已删除第 {item_id} 条录入（保留记录）：{reason}")


# ---- kefu adjust ----------------------------------------------------------------------------
def adjust(
    agent: str = typer.Argument(..., help="客服"),
    points: int = typer.Option(..., "--points", "-p", help="额外奖惩分（-5 至 5）"),
    reason: str = typer.Option(..., "--reason", "-r", help="必须说明额外奖惩理由（004 第三条 7）"),
    month: str = MonthOption,
    new_agent: bool = NewAgentOption,
    by: Optional[str] = typer.Option(None, "--by", help="主管"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """主管每月的额外奖惩（-5 至 5 分，须写理由）；同一客服同一月份再次设置即替换（旧值留在审计记录中）。"""
    from ..ledger import review
    scheme = load_scheme(policies)
    with open_ledger(db, create=True) as ledger:
        run_or_fail(lambda: review.set_adjustment(ledger, acting_user(ledger, by), agent, month, points, reason, new_agent,
                                           scheme=scheme))
    typer.echo(f"已设置 {agent} {month} 额外奖惩 {points:+d} 分：{reason}")
