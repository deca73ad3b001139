"""Entries that do not come from chats (issue 10/12): scheme items (迟到, 离岗, 全勤 …), the
lead's monthly ±5, and closing a month. One transaction each with its audit row; an item
is removed by marking it (never deleted); the ±5 keeps its old value in the audit log.

An agent the ledger does not know (no chat, exam, entry or agent user) is refused unless
`new_agent=True`: a typo must not open a second payroll line.
"""
from __future__ import annotations

from .audit import audit
from .clock import check_month, now_iso
from .errors import LedgerError, LedgerNotFound
from .review_state import require_active, require_open_month, scheme_of
from .users import User, require_role

REVIEWERS = ("reviewer", "lead")


def known_agent(ledger, agent: str) -> bool:
    sql = ("SELECT 1 FROM transcripts WHERE agent = ?1 UNION SELECT 1 FROM exams WHERE agent = ?1 "
           "UNION SELECT 1 FROM items WHERE agent = ?1 AND removed_at IS NULL "
           "UNION SELECT 1 FROM discretionary WHERE agent = ?1 "
           "UNION SELECT 1 FROM users WHERE name = ?1 AND role = 'agent' LIMIT 1")
    return ledger.conn.execute(sql, (agent,)).fetchone() is not None


def require_known_agent(ledger, agent: str, new_agent: bool) -> str:
    agent = (agent or "").strip()
    if not agent:
        raise LedgerError("请写明客服名")
    if not new_agent and not known_agent(ledger, agent):
        raise LedgerNotFound(f"台账中没有客服 {agent}（没有会话、考试、录入或客服账号）：检查名字是否写错；"
                             f"确是新客服请加 --new-agent")
    return agent


def check_item(scheme, code: str, points: int | None):
    """The scheme item `code` and its points (inside the item's range; a fixed price when
    omitted). The rule of `kefu item` and of the web form alike."""
    item = scheme.items.get((code or "").strip().upper())
    if item is None:
        raise LedgerError(f"没有条目 {code}；可用：{', '.join(scheme.items)}")
    if item.auto:
        raise LedgerError(f"{item.code}（{item.title}）由台账自动统计，无需录入；另给加分请用 kefu adjust")
    return item, item_points(item, points, "请用 --points 指定分值")


def item_points(item, points: int | None, ask: str = "请指定分值") -> int:
    """The points given for a scheme item: inside its range, or its fixed price when omitted;
    `ask` is how the caller's user gives points (a CLI option or a form field)."""
    if points is None:
        if item.low != item.high:
            raise LedgerError(f"{item.code}（{item.title}）是 {item.points_text()}：{ask}")
        points = item.high
    if not item.low <= points <= item.high:
        raise LedgerError(f"{item.code}（{item.title}）的分值应在 {item.points_text()} 范围内，不能是 {points}")
    return int(points)


def add_item(ledger, actor: User, agent: str, month: str, code: str, points: int | None, note: str,
             new_agent: bool = False, scheme=None) -> int:
    """Record a scheme item for an agent (reviewer or lead); returns its entry number."""
    require_role(actor, REVIEWERS, "录入考核条目")
    check_month(month)
    item, points = check_item(scheme_of(ledger, scheme), code, points)
    if not (note or "").strip():
        raise LedgerError("请用 --note 写明事由（何时、何事），记录才能追溯")
    with ledger.transaction():
        agent = require_known_agent(ledger, agent, new_agent)
        require_open_month(ledger, month, "录入考核条目")
        entry = ledger.add_item(agent, month, item.code, points, note, actor.name)
        audit(ledger, actor.name, "item.add", f"item:{entry}", note.strip(),
              {"month": month, "agent": agent, "code": item.code, "points": points, "new_agent": bool(new_agent)})
    return entry


def list_items(ledger, actor: User, month: str | None = None, agent: str | None = None,
               include_removed: bool = False) -> list[dict]:
    """Entries (newest month first, then by number): id, agent, month, code, points, note,
    recorded_by, recorded_at, removed_at, removed_by, removed_reason. Agents: their own."""
    require_active(actor)
    if actor.role == "agent":
        agent = actor.name
    sql, args, where = ("SELECT id, agent, month, code, points, note, recorded_by, recorded_at, removed_at, removed_by, "
                        "removed_reason FROM items"), [], []
    if month is not None:
        where.append("month = ?")
        args.append(check_month(month))
    if agent is not None:
        where.append("agent = ?")
        args.append(agent)
    if not include_removed:
        where.append("removed_at IS NULL")
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = ledger.conn.execute(sql + " ORDER BY month DESC, id", args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def remove_item(ledger, actor: User, item_id: int, reason: str) -> None:
    """Mark an entry removed (never deleted; reason required): it no longer counts."""
    require_role(actor, REVIEWERS, "删除考核条目")
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError("删除条目必须用 --reason 写明理由")
    with ledger.transaction():
        row = ledger.conn.execute("SELECT agent, month, code, points, note, removed_at FROM items WHERE id = ?",
                                  (int(item_id),)).fetchone()
        if row is None:
            raise LedgerNotFound(f"没有第 {item_id} 条录入：编号见 `kefu item list`")
        agent, month, code, points, note, removed = row
        if removed:
            raise LedgerError(f"第 {item_id} 条录入已于 {removed} 删除")
        require_open_month(ledger, month, "删除考核条目")
        ledger.conn.execute("UPDATE items SET removed_at = ?, removed_by = ?, removed_reason = ? WHERE id = ?",
                            (now_iso(), actor.name, reason, int(item_id)))
        audit(ledger, actor.name, "item.remove", f"item:{item_id}", reason,
              {"month": month, "agent": agent, "code": code, "points": points, "note": note})


def set_adjustment(ledger, actor: User, agent: str, month: str, points: int, reason: str,
                   new_agent: bool = False, scheme=None) -> None:
    """The lead's discretionary points of the month (004 第三条 7: −5…+5, a reason
    required); setting it again replaces it (the old value stays in the audit log)."""
    require_role(actor, "lead", "设置额外奖惩")
    check_month(month)
    low, high = scheme_of(ledger, scheme).discretionary
    if not low <= int(points) <= high:
        raise LedgerError(f"额外奖惩应在 {low} 至 {high} 分之间（004 第三条 7），不能是 {points}")
    if not (reason or "").strip():
        raise LedgerError("额外奖惩必须说明理由（004 第三条 7）：请用 --reason 写明")
    with ledger.transaction():
        agent = require_known_agent(ledger, agent, new_agent)
        require_open_month(ledger, month, "设置额外奖惩")
        old = ledger.discretionary(month, agent)
        ledger.set_discretionary(agent, month, int(points), reason, actor.name)
        audit(ledger, actor.name, "adjust.set", f"adjust:{agent}:{month}", reason.strip(),
              {"month": month, "agent": agent, "points": int(points),
               "old": {"points": old[0]["points"], "reason": old[0]["reason"]} if old else None})


def close_month(ledger, actor: User, month: str, reason: str = "") -> None:
    """Close the month (lead): refused while a dispute is undecided. Afterwards every
    change of that month (reviews, entries, ±5, recording changed chats) is refused."""
    from .review_read import list_findings
    from .review_state import month_closed
    require_role(actor, "lead", "结账")
    check_month(month)
    with ledger.transaction():
        if month_closed(ledger, month):
            raise LedgerError(f"{month} 已经结账")
        open_disputes = list_findings(ledger, actor, month, status="disputed")
        if open_disputes:
            ids = "、".join(f["id"] for f in open_disputes[:5])
            raise LedgerError(f"{month} 还有 {len(open_disputes)} 处申请复核未处理（{ids} …）：先确认或豁免，再结账")
        _lock(ledger, actor, month, True, reason)


def reopen_month(ledger, actor: User, month: str, reason: str) -> None:
    """Reopen a closed month (lead, reason required, audited)."""
    from .review_state import month_closed
    require_role(actor, "lead", "重新打开已结账的月份")
    check_month(month)
    if not (reason or "").strip():
        raise LedgerError("重新打开已结账的月份必须用 --reason 写明理由")
    with ledger.transaction():
        if not month_closed(ledger, month):
            raise LedgerError(f"{month} 没有结账，无需重新打开")
        _lock(ledger, actor, month, False, reason)


def _lock(ledger, actor: User, month: str, closed: bool, reason: str) -> None:
    ledger.conn.execute("INSERT OR REPLACE INTO month_locks (month, closed, changed_at, changed_by, reason) "
                        "VALUES (?, ?, ?, ?, ?)", (month, int(closed), now_iso(), actor.name, (reason or "").strip()))
    audit(ledger, actor.name, "month.close" if closed else "month.reopen", f"month:{month}", reason, {"month": month})


__all__ = ["add_item", "check_item", "close_month", "known_agent", "list_items", "remove_item", "reopen_month",
           "set_adjustment"]
