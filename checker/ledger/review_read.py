"""Reading the review workflow (issue 12): findings with their status, a chat with its
findings, the reviewer's queue, the live board, the scorecard as JSON, change detection.
Agents only ever get their own; reviewers and leads everything."""
from __future__ import annotations

import random

from .clock import check_month
from .errors import LedgerForbidden, LedgerNotFound
from .review_state import STATUSES, enrich, may_see, require_active
from .users import User


def list_findings(ledger, actor: User, month: str, agent: str | None = None, status: str | None = None,
                  scheme=None) -> list[dict]:
    """The month's current findings (retired ones left out), each a dict with id, agent,
    chat (transcript id), day, message, rule, norm, points, status (open|disputed|confirmed|
    waived), level, title, reason, suggestion, span, spans, text (masked), published_at,
    dispute_deadline, dispute ({reason, by, at} or None), decision ({kind, by, at, reason}
    or None), manual. An agent actor only ever gets their own (`agent` is ignored)."""
    require_active(actor)
    check_month(month)
    if actor.role == "agent":
        agent = actor.name
    if status is not None and status not in STATUSES:
        from .errors import LedgerError
        raise LedgerError(f"状态 {status!r} 无效：应为 {'、'.join(STATUSES)} 之一")
    rows = enrich(ledger, ledger.month_findings(month, agent), scheme)
    return [r for r in rows if status is None or r["status"] == status]


def get_chat(ledger, actor: User, transcript_id: str, scheme=None) -> dict:
    """{id, agent, day, month, channel, customer (masked), messages [{index, role, at, text
    (masked)}], findings [as list_findings]}. LedgerNotFound for an unknown chat and for
    another agent's chat when the actor is an agent."""
    from ..privacy import mask_name, mask_text
    require_active(actor)
    row = ledger.conn.execute("SELECT agent, day, month, channel FROM transcripts WHERE id = ?",
                              (transcript_id,)).fetchone()
    if row is None or not may_see(actor, row[0]):
        raise LedgerNotFound(f"台账中没有会话 {transcript_id}")
    agent, day, month, channel = row
    chat = ledger.transcript(transcript_id)
    findings = enrich(ledger, ledger._findings("WHERE f.transcript_id = ? AND f.active = 1", [transcript_id]),
                      scheme, {transcript_id: chat.customer})
    return {"id": transcript_id, "agent": agent, "day": day, "month": month, "channel": channel,
            "customer": mask_name(chat.customer),
            "messages": [{"index": m.index, "role": m.role, "at": m.at.isoformat() if m.at else None,
                          "text": mask_text(m.text, chat.customer)} for m in chat.messages],
            "findings": findings}


def review_queue(ledger, actor: User, month: str, sample_per_agent_day: int | None = None, seed: str | None = None,
                 scheme=None) -> list[dict]:
    """What a reviewer works through, in order: open disputes (oldest first), then findings
    nobody has reviewed yet. Each entry: {kind: dispute|finding|sample, chat, agent, day,
    sampled, finding (dict as list_findings, or None for a sampled chat without findings)}.

    With `sample_per_agent_day=N` (spot checks): after the disputes, only N chats per agent
    per day, drawn at random -- reproducibly from `seed` (default: the month) -- with their
    unreviewed findings, or one `sample` entry for a drawn chat without any."""
    require_active(actor)
    if actor.role not in ("reviewer", "lead"):
        raise LedgerForbidden(f"{actor.name}（{actor.role_name}）不能查看复核队列：只有质检/复核和主管可以")
    findings = list_findings(ledger, actor, month, scheme=scheme)
    disputes = sorted((f for f in findings if f["status"] == "disputed"), key=lambda f: f["dispute"]["at"])
    out = [_entry("dispute", f, False) for f in disputes]
    unreviewed = [f for f in findings if f["status"] == "open"]
    if not sample_per_agent_day:
        return out + [_entry("finding", f, False) for f in unreviewed]
    if sample_per_agent_day < 0:
        from .errors import LedgerError
        raise LedgerError(f"抽检数量应为正整数，不能是 {sample_per_agent_day}")
    by_chat: dict[str, list[dict]] = {}
    for f in unreviewed:
        by_chat.setdefault(f["chat"], []).append(f)
    groups: dict[tuple[str, str], list[str]] = {}
    for tid, agent, day in ledger.conn.execute(
            "SELECT id, agent, day FROM transcripts WHERE month = ? ORDER BY agent, day, id", (month,)):
        groups.setdefault((agent, day), []).append(tid)
    for (agent, day), ids in sorted(groups.items()):
        rng = random.Random(f"{seed if seed is not None else month}|{agent}|{day}")
        for tid in sorted(rng.sample(ids, min(sample_per_agent_day, len(ids)))):
            if by_chat.get(tid):
                out += [_entry("finding", f, True) for f in by_chat[tid]]
            else:
                out.append({"kind": "sample", "chat": tid, "agent": agent, "day": day, "sampled": True,
                            "finding": None})
    return out


def _entry(kind: str, finding: dict, sampled: bool) -> dict:
    return {"kind": kind, "chat": finding["chat"], "agent": finding["agent"], "day": finding["day"],
            "sampled": sampled, "finding": finding}


def board(ledger, month: str, scheme=None, book=None, as_of=None) -> list[dict]:
    """The live board (以板报形式实时公布, 004 第三条 6), one dict per agent of the month:
    {agent, daily (日常考核 score as of now), total, level, provisional (findings still in
    their dispute window), findings {open, disputed, confirmed, waived}}. Public to every
    logged-in user, as the seed's board is."""
    from ..scorecard import TargetBook
    from ..scorecard.build import gather
    from .review_state import scheme_of
    check_month(month)
    scheme = scheme_of(ledger, scheme)
    lead = User("board", "lead")
    counts: dict[str, dict[str, int]] = {}
    for f in list_findings(ledger, lead, month, scheme=scheme):
        slot = counts.setdefault(f["agent"], dict.fromkeys(STATUSES, 0))
        slot[f["status"]] += 1
    cards = gather(ledger, scheme, month, (book or TargetBook(None)).for_month(month), as_of)
    return [{"agent": c.agent, "daily": c.daily.score, "total": c.total, "level": c.level,
             "provisional": any(flag.code == "provisional" for flag in c.flags),
             "findings": counts.get(c.agent, dict.fromkeys(STATUSES, 0))} for c in cards]


def scorecard(ledger, actor: User, month: str, agent: str | None = None, scheme=None, book=None) -> list[dict]:
    """The JSON form of `kefu scorecard --format json` (its "agents" list): one card per
    agent; an agent actor only gets their own card."""
    from ..scorecard import TargetBook, build_month
    from ..scorecard.view import card_dict
    from .review_state import scheme_of
    require_active(actor)
    check_month(month)
    if actor.role == "agent":
        agent = actor.name
    report = build_month(ledger, scheme_of(ledger, scheme), month, book or TargetBook(None), agent)
    return [card_dict(c) for c in report.cards]


def changes_since(ledger, token: str | None) -> tuple[str, bool]:
    """Cheap change detection for live updates: (new token, changed since `token`). The
    token is the newest audit id and run id; any recorded check, review or entry moves it."""
    audit_id, run_id = ledger.conn.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit), (SELECT COALESCE(MAX(id), 0) FROM runs)").fetchone()
    new = f"{audit_id}.{run_id}"
    return new, new != (token or "")


__all__ = ["board", "changes_since", "get_chat", "list_findings", "review_queue", "scorecard"]
