"""Concurrency over the ledger: the response deadline (20 s / 60 s, 004 第二条 注意事项 3)
depends on how many chats the agent had open, so with the ledger it is counted over every
stored chat of the agent, not over the chats that happened to be recorded together.

Each stored chat keeps when it opens and closes (`transcripts.opened_at/closed_at`). A run
judges its chats against its own chats plus the stored ones that overlap them; afterwards
every stored chat of another run that overlaps a chat this run added, moved or replaced is
re-judged for the deadline rules (only those: the rest of a chat does not depend on other
chats). Keyed by overlapping intervals, not by day, so a chat open at 23:59 counts for one
at 00:01. Finding ids depend on (chat, rule, message) only, so a timing finding that goes
and comes back keeps its id and its waiver.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from ..conversation import Workload

Interval = tuple[str, str, float, float]        # transcript id, agent, start, end (epoch seconds)


def longest(conn, agent: str, cache: dict | None = None) -> float:
    """The longest stored chat of the agent (seconds): bounds the index range of a lookup."""
    if cache is not None and agent in cache:
        return cache[agent]
    value = conn.execute("SELECT MAX(closed_at - opened_at) FROM transcripts WHERE agent = ?",
                         (agent,)).fetchone()[0] or 0.0
    if cache is not None:
        cache[agent] = value
    return value


def stored_intervals(conn, agent: str, lo: float, hi: float, cache: dict | None = None
                     ) -> list[tuple[str, float, float]]:
    """Stored chats of the agent open at some moment of [lo, hi]."""
    return conn.execute("SELECT id, opened_at, closed_at FROM transcripts WHERE agent = ? AND opened_at >= ? "
                        "AND opened_at <= ? AND closed_at >= ?",
                        (agent, lo - longest(conn, agent, cache), hi, lo)).fetchall()


def ledger_workload(conn, intervals: Iterable[Interval], replaced: Iterable[str] = (),
                    cache: dict | None = None) -> Workload:
    """The given chats plus every stored chat of their agents that overlaps them. A stored
    chat with the id of a given one, or in `replaced` (the run's chats without timestamps),
    is left out: the run's version of it counts, under whichever agent it names now."""
    given: dict[str, list[Interval]] = {}
    for interval in intervals:
        given.setdefault(interval[1], []).append(interval)
    ids = {i[0] for items in given.values() for i in items} | set(replaced)
    workload = Workload(basis="ledger")
    for agent, items in given.items():
        for _, _, start, end in items:
            workload.add_span(agent, start, end)
        lo, hi = min(i[2] for i in items), max(i[3] for i in items)
        for tid, start, end in stored_intervals(conn, agent, lo, hi, cache):
            if tid not in ids:
                workload.add_span(agent, start, end)
    workload.freeze()
    return workload


def _params(policy, version: str, judged_on: str | None, day: str):
    """The parameters a stored chat was judged with: its version names their date."""
    if policy.parameters is None:
        return None
    named = version.split("@", 1)[1] if "@" in version else (judged_on or day)
    try:
        when = date.fromisoformat(named)
    except ValueError:
        when = date.fromisoformat(day)
    return policy.parameters.on(when)


def recompute_neighbours(recorder, policy) -> None:
    """Re-judge the deadline findings of the stored chats (not judged by this run) that
    overlap a chat this run added, moved or replaced."""
    from ..engine import Engine
    from .codec import decode_transcript
    rules = {r.id for r in policy.rules if r.kind == "round_deadline"}
    if not rules or not recorder.moved:
        return
    conn, stats = recorder.conn, recorder.stats
    neighbours: set[str] = set()
    cache: dict[str, float] = {}          # longest chat per agent, now that the run is written
    for agent, start, end in recorder.moved:
        neighbours.update(tid for tid, _, _ in stored_intervals(conn, agent, start, end, cache)
                          if tid not in recorder.run_ids)
    if not neighbours:
        return
    engine = Engine(policy, only=rules)
    for found in sorted(neighbours):
        tid, agent, content, version, judged_on, day, start, end = conn.execute(
            "SELECT id, agent, content, policy_version, judged_on, day, opened_at, closed_at FROM transcripts "
            "WHERE id = ?", (found,)).fetchone()
        if version.split("@", 1)[0] != policy.version:
            stats.stale += 1          # judged by another rule base: `kefu rescore` re-judges it
            continue
        transcript = decode_transcript(content)
        workload = ledger_workload(conn, [(tid, agent, start, end)], cache=cache)
        result = engine.check(transcript, _params(policy, version, judged_on, day), workload)
        stats.recomputed += 1
        recorder.resync(result, rules=rules)
