"""Recording check results: one transcript at a time, inside the run's transaction."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .clock import iso, month_of
from .codec import chat_interval, customer_key, encode_transcript, finding_ids, round_waits

FINDING_COLUMNS = ("rule", "norm", "message", "span_start", "span_end", "text", "level", "points", "title",
                   "reason", "suggestion", "source", "details")


@dataclass
class RunStats:
    run_id: int
    transcripts: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    findings: int = 0           # findings of the recorded transcripts (all of them, unchanged too)
    published: int = 0          # findings recorded for the first time (or again, after being retired)
    retired: int = 0            # findings a transcript no longer draws
    recomputed: int = 0         # stored chats of other runs whose timing findings were re-judged
    stale: int = 0              # stored neighbours judged by another rule base: not re-judged
    skipped: int = 0            # inputs that could not be read (not recorded)
    errors: list = field(default_factory=list)


class Recorder:
    """Stores TranscriptResults. Same content + same policy version: the row is kept, and
    its findings are brought in line with the new judgement (concurrency may differ) by
    writing only what differs. Changed content (or a new policy version): the row is
    replaced. Either way findings it still draws keep their id and publication time, new
    ones are published now, the ones it no longer draws are retired (kept, never deleted),
    and a retired one drawn again is published anew. Every chat written is listed in
    `transcript_changes` with the run."""

    def __init__(self, conn, run_id: int, at):
        self.conn = conn
        self.at = iso(at)
        self.day = at.date().isoformat()
        self.stats = RunStats(run_id)
        self.run_ids: set[str] = set()                        # chats judged by this run
        self.moved: list[tuple[str, float, float]] = []       # (agent, start, end) added or removed

    def add(self, result) -> list[str]:
        """Record one result; returns its finding ids (also put in each finding's details["id"],
        so reporters show them)."""
        t = result.transcript
        ids = finding_ids(t.id, result.findings)
        for finding, fid in zip(result.findings, ids):
            finding.details["id"] = fid
        self.stats.transcripts += 1
        self.stats.findings += len(ids)
        self.run_ids.add(t.id)
        blob, digest = encode_transcript(t)
        span = chat_interval(t)
        row = self.conn.execute("SELECT content_hash, policy_version, agent, opened_at, closed_at, day FROM transcripts "
                                "WHERE id = ?", (t.id,)).fetchone()
        if row is not None and row[0] == digest and row[1] == result.policy_version:
            self.stats.unchanged += 1
            self.resync(result, ids, action="resynced")
            return ids
        # a chat without a date of its own keeps the day it was filed under (re-judging it
        # must not move it to the month of the re-judgement)
        day = result.judged_on or (row[5] if row is not None else self.day)
        self._require_open(month_of(day), t.id)
        values = {
            "agent": t.agent, "channel": t.channel, "customer_key": customer_key(t), "day": day,
            "month": month_of(day), "timed": int(t.timed), "content_hash": digest, "content": blob,
            "outcome": json.dumps(t.outcome, ensure_ascii=False, default=str),
            "metrics": json.dumps(result.metrics, ensure_ascii=False), "policy_version": result.policy_version,
            "judged_on": result.judged_on, "recorded_at": self.at, "run_id": self.stats.run_id,
            "waits": json.dumps(round_waits(t)), "opened_at": span[0] if span else None,
            "closed_at": span[1] if span else None,
        }
        old_span = (row[2], row[3], row[4]) if row is not None else None
        if row is None:
            self.stats.new += 1
            cols = ["id", "first_recorded_at", *values]
            self.conn.execute(f"INSERT INTO transcripts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              (t.id, self.at, *values.values()))
        else:
            self.stats.changed += 1
            sets = ", ".join(f"{c} = ?" for c in values)
            self.conn.execute(f"UPDATE transcripts SET {sets} WHERE id = ?", (*values.values(), t.id))
        new_span = (t.agent, *span) if span else None
        if old_span != new_span:
            self.moved += [s for s in (old_span, new_span) if s is not None and s[1] is not None]
        counts = self._findings(t.id, result.findings, ids)
        self._audit(t.id, "new" if row is None else "replaced", row[0] if row else None, digest, counts)
        return ids

    def _require_open(self, month: str, tid: str) -> None:
        """A closed month (review.close_month) changes only after an audited reopen."""
        row = self.conn.execute("SELECT closed FROM month_locks WHERE month = ?", (month,)).fetchone()
        if row and row[0]:
            from . import LedgerError
            raise LedgerError(f"{month} 已结账：会话 {tid} 有新内容，不能再记入；如确需更改，请主管先用 "
                              f"`kefu month reopen {month} --reason …` 重新打开")

    def resync(self, result, ids: list[str] | None = None, rules: set[str] | None = None,
               action: str = "recomputed") -> bool:
        """Bring a stored chat's findings (only those of `rules`, if given) in line with a new
        judgement of the same content; returns whether anything changed."""
        tid = result.transcript.id
        ids = ids if ids is not None else finding_ids(tid, result.findings)
        counts = self._findings(tid, result.findings, ids, rules)
        if not any(counts):
            return False
        self.conn.execute("UPDATE transcripts SET metrics = ? WHERE id = ?",
                          (json.dumps(result.metrics, ensure_ascii=False), tid))
        self._audit(tid, action, None, None, counts)
        return True

    def _audit(self, tid: str, action: str, old: str | None, new: str | None, counts: tuple[int, int, int]) -> None:
        self.conn.execute("INSERT INTO transcript_changes (run_id, transcript_id, action, old_hash, new_hash, published, "
                          "retired, updated, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (self.stats.run_id, tid, action, old, new, *counts, self.at))

    def _findings(self, tid: str, findings, ids: list[str], rules: set[str] | None = None) -> tuple[int, int]:
        """Write what differs between the stored findings (of `rules`) and these; returns
        (published, retired, updated)."""
        stored = {}
        # a reviewer's manual finding (source 'manual') is no judgement of the rules: never retired here
        for row in self.conn.execute(f"SELECT id, active, {', '.join(FINDING_COLUMNS)} FROM findings "
                                     "WHERE transcript_id = ? AND source != 'manual'", (tid,)):
            if rules is None or row[2] in rules:
                stored[row[0]] = (bool(row[1]), tuple(row[2:]))
        published = retired = updated = 0
        for fid, (active, _) in stored.items():
            if active and fid not in ids:
                retired += 1
                self.conn.execute("UPDATE findings SET active = 0, retired_at = ?, run_id = ? WHERE id = ?",
                                  (self.at, self.stats.run_id, fid))
        for f, fid in zip(findings, ids):
            details = {k: v for k, v in f.details.items() if k != "id"}
            values = (f.rule, f.norm, f.message, f.span[0] if f.span else None, f.span[1] if f.span else None,
                      f.text, f.level, f.points, f.title, f.reason, f.suggestion, f.source,
                      json.dumps(details, ensure_ascii=False, default=str))
            if fid not in stored:
                published += 1
                cols = ("id", "transcript_id", *FINDING_COLUMNS, "published_at", "run_id")
                self.conn.execute(f"INSERT INTO findings ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                  (fid, tid, *values, self.at, self.stats.run_id))
                continue
            active, old = stored[fid]
            if active and old == values:
                continue
            sets = ", ".join(f"{c} = ?" for c in FINDING_COLUMNS)
            if active:      # same finding, new details (e.g. the concurrency it was judged with)
                updated += 1
                self.conn.execute(f"UPDATE findings SET {sets}, run_id = ? WHERE id = ?",
                                  (*values, self.stats.run_id, fid))
            else:           # drawn again after being retired: published anew, its waiver (if any) kept
                published += 1
                self.conn.execute(f"UPDATE findings SET {sets}, active = 1, retired_at = NULL, published_at = ?, "
                                  "run_id = ? WHERE id = ?", (*values, self.at, self.stats.run_id, fid))
        self.stats.published += published
        self.stats.retired += retired
        return published, retired, updated

    def workload(self, intervals, ids=()):
        """The concurrency basis of this run: its own timed chats (`(id, agent, start, end)`)
        and every stored chat of their agents that overlaps them, except the stored versions
        of the run's chats (`ids`: all of them, timed or not)."""
        from .timing import ledger_workload
        return ledger_workload(self.conn, intervals, ids)

    def settle(self, policy, summary) -> None:
        """After the last result: re-judge the stored neighbours of the chats that moved, and
        note what could not be read."""
        from .timing import recompute_neighbours
        recompute_neighbours(self, policy)
        self.stats.skipped = summary.skipped
        self.stats.errors = [e.to_dict() for e in summary.errors]
