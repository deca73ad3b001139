"""The audit log: one append-only row per change of anything that decides pay.

Who (actor), what (action, target), when (the real time, never a --as-of) and why
(reason), plus details as JSON (old and new values). Triggers refuse UPDATE and DELETE
on the table (migration 10). Write it inside the transaction of the change it records:

    with ledger.transaction():
        ...change...
        audit(ledger, actor.name, "waive", finding_id, reason, {"month": "2026-11"})
"""
from __future__ import annotations

import json

from .clock import now_iso


def audit(ledger, actor_name: str, action: str, target: str, reason: str = "", details: dict | None = None,
          month: str | None = None) -> int:
    """Append one row; returns its id. `month` (YYYY-MM) lets the lead filter the log by
    month; it is taken from details["month"] when not given."""
    details = dict(details or {})
    month = month or details.get("month")
    with ledger.transaction():
        return ledger.conn.execute(
            "INSERT INTO audit (at, actor, action, target, month, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), actor_name or "", action, str(target), month, (reason or "").strip(),
             json.dumps(details, ensure_ascii=False, default=str, sort_keys=True))).lastrowid


def audit_log(ledger, month: str | None = None, target: str | None = None, limit: int = 500,
              actor: str | None = None) -> list[dict]:
    """The newest rows first: [{id, at, actor, action, target, month, reason, details}]."""
    sql, args, where = "SELECT id, at, actor, action, target, month, reason, details FROM audit", [], []
    for column, value in (("month", month), ("target", target), ("actor", actor)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = ledger.conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, int(limit))).fetchall()
    keys = ("id", "at", "actor", "action", "target", "month", "reason", "details")
    out = []
    for row in rows:
        item = dict(zip(keys, row))
        item["details"] = json.loads(item["details"])
        out.append(item)
    return out


def last_audit_id(ledger) -> int:
    return ledger.conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0]


__all__ = ["audit", "audit_log", "last_audit_id"]
