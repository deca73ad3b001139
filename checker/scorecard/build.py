"""Gather a month from the ledger and score every agent: the data behind every format."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..ledger import Ledger
from ..ledger.clock import now, previous_months
from ..scoring import AgentCard, AgentInputs, Scheme, auto_awards, score_agent
from .targets import MonthTargets, TargetBook


@dataclass
class MonthReport:
    month: str
    cards: list[AgentCard]
    scheme: Scheme
    targets: MonthTargets
    policy_versions: list[str]
    as_of: datetime
    notes: list[str] = field(default_factory=list)
    norm_counts: dict[str, dict[str, int]] = field(default_factory=dict)   # month-wide, for charts
    chats: dict = field(default_factory=dict)     # transcript id -> Transcript (flagged chats, html only)


def gather(ledger: Ledger, scheme: Scheme, month: str, targets: MonthTargets, as_of: datetime | None = None,
           history: dict[str, list[dict]] | None = None, findings_override: dict[str, list[dict]] | None = None,
           ) -> list[AgentCard]:
    """Score every agent of the month. `findings_override` (agent -> finding rows) lets
    `kefu rescore` score the month with re-judged findings instead of the stored ones."""
    agents = ledger.agents(month)
    chats = {agent: ledger.month_transcripts(month, agent) for agent in agents}
    awards = auto_awards(scheme, {a: c for a, c in chats.items() if c})
    discretionary = {row["agent"]: row for row in ledger.discretionary(month)}
    cards = []
    for agent in agents:
        goal = targets.of(agent)
        findings = (findings_override or {}).get(agent)
        inputs = AgentInputs(
            agent=agent, month=month, chats=chats[agent],
            findings=findings if findings is not None else ledger.month_findings(month, agent),
            exams=ledger.exam_results(month, agent), items=ledger.items(month, agent),
            discretionary=discretionary.get(agent), awards=awards.get(agent, []), target=goal.target,
            followup=goal.followup, promotions=targets.promotions, history=(history or {}).get(agent, []),
            as_of=as_of)
        cards.append(score_agent(scheme, inputs))
    return cards


def history_of(ledger: Ledger, scheme: Scheme, month: str, book: TargetBook) -> dict[str, list[dict]]:
    """Each agent's KPI totals of the months before `month`, as far back as the elimination
    rule looks, most recent first; None where the agent has no data that month."""
    earlier = previous_months(month, max(scheme.elimination_months - 1, 0))
    totals = {m: {c.agent: c.total for c in gather(ledger, scheme, m, book.for_month(m))} for m in earlier}
    return {a: [{"month": m, "total": totals[m].get(a)} for m in earlier] for a in ledger.agents(month)}


def build_month(ledger: Ledger, scheme: Scheme, month: str, book: TargetBook, agent: str | None = None,
                as_of: datetime | None = None, with_chats: bool = False) -> MonthReport:
    as_of = as_of or now()
    targets = book.for_month(month)
    cards = gather(ledger, scheme, month, targets, as_of, history_of(ledger, scheme, month, book))
    if agent is not None:
        cards = [c for c in cards if c.agent == agent]
    versions = sorted({row["policy_version"] for row in ledger.month_transcripts(month, agent)})
    notes = []
    if not targets.file:
        notes.append(f"没有找到 {month} 的目标文件：计划销售额按默认 {scheme.default_target:g} 元/人，"
                     f"协助跟进服务金额按无数据计（用 --targets 指定）")
    norm_counts: dict[str, dict[str, int]] = {}
    for card in cards:
        for norm, counts in card.stats["by_norm"].items():
            slot = norm_counts.setdefault(norm, {"counted": 0, "waived": 0})
            for key in slot:
                slot[key] += counts[key]
    chats = {}
    if with_chats:
        flagged = {line.ref["transcript_id"] for c in cards for line in c.daily.lines if line.kind == "finding"}
        chats = {tid: ledger.transcript(tid) for tid in sorted(flagged)}
    return MonthReport(month, cards, scheme, targets, versions, as_of, notes, norm_counts, chats)
