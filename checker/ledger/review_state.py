"""Shared state of the review workflow (issue 12): the scheme's numbers, month locks,
finding status and visibility. No business rule lives elsewhere: review.py, the CLI and
the web app all go through these helpers.

Status of a finding (derived, never stored as a mutable field):
    waived     a standing waiver (table waivers, revoked_at IS NULL) -- not counted
    disputed   the agent's latest event is a dispute not yet decided -- still counted
    confirmed  a reviewer confirmed it (or revoked its waiver) -- counted
    open       nothing happened yet -- counted
"""
from __future__ import annotations

from datetime import timedelta

from .clock import iso, parse
from .errors import LedgerError, LedgerForbidden, LedgerNotFound
from .users import User

STATUSES = ("open", "disputed", "confirmed", "waived")
STATUS_NAMES = {"open": "待确认", "disputed": "申请复核中", "confirmed": "已确认", "waived": "已豁免"}


def scheme_of(ledger, scheme=None):
    """The scoring scheme (policies/scoring/, $KEFU_POLICIES), loaded once per open ledger."""
    if scheme is not None:
        return scheme
    cached = getattr(ledger, "_review_scheme", None)
    if cached is None:
        from ..policy import PolicyError, default_policy_dir
        from ..scoring import load_scheme
        try:
            cached = load_scheme(default_policy_dir() / "scoring")
        except PolicyError as exc:
            raise LedgerError("计分方案有错误：" + "；".join(exc.problems)) from exc
        ledger._review_scheme = cached
    return cached


def window_days(ledger, scheme=None) -> float:
    return scheme_of(ledger, scheme).dispute_window_days


# ---- month locks ---------------------------------------------------------------------------
def month_closed(ledger, month: str) -> bool:
    row = ledger.conn.execute("SELECT closed FROM month_locks WHERE month = ?", (month,)).fetchone()
    return bool(row and row[0])


def require_open_month(ledger, month: str, what: str) -> None:
    if month_closed(ledger, month):
        raise LedgerError(f"{month} 已结账，不能{what}：如确需更改，请主管先用 `kefu month reopen {month} --reason …` 重新打开")


# ---- actors ---------------------------------------------------------------------------------
def require_active(actor: User) -> None:
    if not isinstance(actor, User):
        raise TypeError("actor must be a checker.ledger.users.User")
    if actor.disabled:
        raise LedgerForbidden(f"用户 {actor.name} 已停用")


def may_see(actor: User, agent: str) -> bool:
    return actor.role in ("reviewer", "lead") or actor.name == agent


# ---- findings with their review state -----------------------------------------------------------
def _events(ledger, finding_ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for start in range(0, len(finding_ids), 500):
        chunk = finding_ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for fid, kind, actor, at, reason in ledger.conn.execute(
                f"SELECT finding_id, kind, actor, at, reason FROM finding_events WHERE finding_id IN ({marks}) "
                "ORDER BY id", chunk):
            out.setdefault(fid, []).append({"kind": kind, "by": actor, "at": at, "reason": reason})
    return out


def status_of(row: dict, events: list[dict]) -> tuple[str, dict | None, dict | None]:
    """(status, dispute, decision) of a finding row (with its standing waiver) and its events."""
    disputes = [e for e in events if e["kind"] == "dispute"]
    dispute = {k: disputes[-1][k] for k in ("reason", "by", "at")} if disputes else None
    decisions = [e for e in events if e["kind"] in ("confirm", "waive", "revoke")]
    decision = dict(decisions[-1]) if decisions else None
    if row.get("waiver"):
        w = row["waiver"]
        return "waived", dispute, {"kind": "waive", "by": w["reviewer"], "at": w["waived_at"], "reason": w["reason"]}
    if events and events[-1]["kind"] == "dispute":
        return "disputed", dispute, decision
    if decision:
        return "confirmed", dispute, decision
    return "open", dispute, None


def enrich(ledger, rows: list[dict], scheme=None, customers: dict | None = None) -> list[dict]:
    """Ledger finding rows -> the review dicts of the interface (text masked)."""
    from ..privacy import mask_text
    days = window_days(ledger, scheme)
    events = _events(ledger, [r["id"] for r in rows])
    out = []
    for row in rows:
        status, dispute, decision = status_of(row, events.get(row["id"], []))
        published = parse(row["published_at"])
        customer = (customers or {}).get(row["transcript_id"])
        out.append({
            "id": row["id"], "agent": row["agent"], "chat": row["transcript_id"], "month": row["month"],
            "day": row["day"], "message": row["message"], "rule": row["rule"], "norm": row["norm"],
            "points": row["points"], "status": status, "level": row["level"], "title": row["title"],
            "reason": row["reason"], "suggestion": row["suggestion"], "source": row["source"],
            "span": row["span"], "spans": [row["span"]] if row["span"] else [],
            "text": mask_text(row["text"] or "", customer), "details": row["details"],
            "published_at": row["published_at"], "dispute_deadline": iso(published + timedelta(days=days)),
            "dispute": dispute, "decision": decision, "manual": row["source"] == "manual", "active": row["active"],
        })
    return out


def finding_for(ledger, actor: User, ref: str, scheme=None) -> dict:
    """One finding (a full id or a unique prefix) as the actor may see it; LedgerNotFound
    for a finding of another agent when the actor is an agent."""
    require_active(actor)
    try:
        fid = ledger.resolve_finding(ref)
    except LedgerError as exc:
        raise (LedgerNotFound if "没有编号" in str(exc) else LedgerError)(str(exc)) from None
    row = ledger.finding(fid)
    if not may_see(actor, row["agent"]):
        raise LedgerNotFound(f"没有编号为 {fid} 的问题")
    return {**enrich(ledger, [row], scheme)[0], "waiver": row["waiver"]}


__all__ = ["STATUSES", "STATUS_NAMES", "enrich", "finding_for", "may_see", "month_closed", "require_active",
           "require_open_month", "scheme_of", "status_of", "window_days"]
