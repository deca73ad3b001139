"""Re-judge a month's stored transcripts under the parameters in force on another date
(and the rule base given), and compare the scorecards: what changed for each agent."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from ..conversation import chat_interval
from ..engine import Engine
from ..ledger import Ledger
from ..ledger.clock import iso, now
from ..ledger.codec import finding_ids
from ..ledger.timing import ledger_workload
from ..scoring import AgentCard, Scheme
from .build import gather, history_of
from .targets import TargetBook


@dataclass
class AgentChange:
    agent: str
    added: list[dict]               # finding rows the new judgement adds
    removed: list[dict]             # stored findings it no longer draws
    before: AgentCard
    after: AgentCard

    @property
    def changed(self) -> bool:
        b, a = self.before, self.after
        return bool(self.added or self.removed) or (b.daily.score, b.total, b.level, b.commission.amount, b.bonus) != \
            (a.daily.score, a.total, a.level, a.commission.amount, a.bonus)


@dataclass
class Rescore:
    month: str
    as_of: date
    policy_version: str             # the new judgement's
    stored_versions: list[str]      # the stored judgements'
    changes: list[AgentChange]
    results: list = field(default_factory=list)     # TranscriptResults, for --apply


def _row(result, finding, fid: str, old: dict | None, published: str) -> dict:
    t = result.transcript
    return {"id": fid, "transcript_id": t.id, "agent": t.agent, "rule": finding.rule, "norm": finding.norm,
            "message": finding.message, "span": list(finding.span) if finding.span else None, "text": finding.text,
            "level": finding.level, "points": finding.points, "title": finding.title, "reason": finding.reason,
            "suggestion": finding.suggestion, "source": finding.source,
            "details": json.loads(json.dumps({k: v for k, v in finding.details.items() if k != "id"}, default=str)),
            "published_at": old["published_at"] if old else published, "active": True, "retired_at": None,
            "waiver": old["waiver"] if old else None}


def rescore(ledger: Ledger, policy, scheme: Scheme, month: str, as_of: date, book: TargetBook,
            agent: str | None = None, at: datetime | None = None) -> Rescore:
    rows = ledger.month_transcripts(month)
    transcripts = [ledger.transcript(row["id"]) for row in rows]
    # concurrency over every stored chat of the agent (the neighbouring months' too)
    workload = ledger_workload(ledger.conn, [(t.id, t.agent, *span) for t in transcripts
                                             if (span := chat_interval(t)) is not None])
    engine = Engine(policy)
    params = policy.parameters.on(as_of) if policy.parameters is not None else None
    results = [engine.check(t, params, workload) for t in transcripts]

    stored = {f["id"]: f for f in ledger.month_findings(month)}
    published = iso(at or now())
    new_rows: dict[str, list[dict]] = {a: [] for a in ledger.agents(month)}
    for result in results:
        for finding, fid in zip(result.findings, finding_ids(result.transcript.id, result.findings)):
            new_rows.setdefault(result.transcript.agent, []).append(_row(result, finding, fid, stored.get(fid), published))

    targets = book.for_month(month)
    history = history_of(ledger, scheme, month, book)
    before = {c.agent: c for c in gather(ledger, scheme, month, targets, history=history)}
    after = {c.agent: c for c in gather(ledger, scheme, month, targets, history=history, findings_override=new_rows)}
    changes = []
    for name in sorted(before):
        if agent is not None and name != agent:
            continue
        new_ids = {r["id"] for r in new_rows.get(name, [])}
        old = [f for f in stored.values() if f["agent"] == name]
        old_ids = {f["id"] for f in old}
        changes.append(AgentChange(name, [r for r in new_rows.get(name, []) if r["id"] not in old_ids],
                                   [f for f in old if f["id"] not in new_ids], before[name], after[name]))
    version = results[0].policy_version if results else policy.version
    return Rescore(month, as_of, version, sorted({r["policy_version"] for r in rows}), changes, results)


def apply(ledger: Ledger, outcome: Rescore, at: datetime | None = None):
    """Record the new judgement as a run (kind rescore): findings it no longer draws are
    retired, new ones published now, waivers kept. All or nothing."""
    with ledger.recording(outcome.policy_version, kind="rescore", as_of=outcome.as_of, at=at) as rec:
        for result in outcome.results:
            rec.add(result)
    return rec.stats


def change_dict(change: AgentChange) -> dict:
    def card(c: AgentCard) -> dict:
        return {"daily": c.daily.score, "total": c.total, "level": c.level, "commission_rate": c.commission.rate,
                "commission": c.commission.amount, "bonus": c.bonus, "flags": [f.code for f in c.flags]}
    from ..privacy import mask_id, mask_text

    def brief(f: dict) -> dict:
        out = {k: f[k] for k in ("id", "transcript_id", "message", "text", "rule", "norm", "points")}
        out["transcript_id"], out["text"] = mask_id(out["transcript_id"]), mask_text(out["text"] or "")
        return out
    return {"agent": change.agent, "changed": change.changed, "added": [brief(f) for f in change.added],
            "removed": [brief(f) for f in change.removed], "before": card(change.before), "after": card(change.after)}
