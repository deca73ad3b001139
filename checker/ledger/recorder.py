"""Recording check results: one transcript at a time, inside the run's transaction."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .clock import iso, month_of
from .codec import customer_key, encode_transcript, finding_ids, round_waits

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
    published: int = 0          # findings recorded for the first time
    retired: int = 0            # findings a changed transcript no longer draws


class Recorder:
    """Stores TranscriptResults. Same content + same policy version: counted once, nothing
    written. Changed content (or a new policy version): the transcript row is replaced,
    findings it still draws keep their id and publication time, new ones are published
    now, the ones it no longer draws are retired (kept, never deleted)."""

    def __init__(self, conn, run_id: int, at):
        self.conn = conn
        self.at = iso(at)
        self.day = at.date().isoformat()
        self.stats = RunStats(run_id)

    def add(self, result) -> list[str]:
        """Record one result; returns its finding ids (also put in each finding's details["id"],
        so reporters show them)."""
        t = result.transcript
        ids = finding_ids(t.id, result.findings)
        for finding, fid in zip(result.findings, ids):
            finding.details["id"] = fid
        self.stats.transcripts += 1
        self.stats.findings += len(ids)
        blob, digest = encode_transcript(t)
        row = self.conn.execute("SELECT content_hash, policy_version FROM transcripts WHERE id = ?", (t.id,)).fetchone()
        if row is not None and row[0] == digest and row[1] == result.policy_version:
            self.stats.unchanged += 1
            return ids
        day = result.judged_on or self.day
        self._require_open(month_of(day), t.id)
        values = {
            "agent": t.agent, "channel": t.channel, "customer_key": customer_key(t), "day": day,
            "month": month_of(day), "timed": int(t.timed), "content_hash": digest, "content": blob,
            "outcome": json.dumps(t.outcome, ensure_ascii=False, default=str),
            "metrics": json.dumps(result.metrics, ensure_ascii=False), "policy_version": result.policy_version,
            "judged_on": result.judged_on, "recorded_at": self.at, "run_id": self.stats.run_id,
            "waits": json.dumps(round_waits(t)),
        }
        if row is None:
            self.stats.new += 1
            cols = ["id", "first_recorded_at", *values]
            self.conn.execute(f"INSERT INTO transcripts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              (t.id, self.at, *values.values()))
        else:
            self.stats.changed += 1
            sets = ", ".join(f"{c} = ?" for c in values)
            self.conn.execute(f"UPDATE transcripts SET {sets} WHERE id = ?", (*values.values(), t.id))
        self._findings(t.id, result.findings, ids)
        return ids

    def _require_open(self, month: str, tid: str) -> None:
        """A closed month (review.close_month) changes only after an audited reopen."""
        row = self.conn.execute("SELECT closed FROM month_locks WHERE month = ?", (month,)).fetchone()
        if row and row[0]:
            from . import LedgerError
            raise LedgerError(f"{month} 已结账：会话 {tid} 有新内容，不能再记入；如确需更改，请主管先用 "
                              f"`kefu month reopen {month} --reason …` 重新打开")

    def _findings(self, tid: str, findings, ids: list[str]) -> None:
        known = {r[0] for r in self.conn.execute("SELECT id FROM findings WHERE transcript_id = ?", (tid,))}
        marks = ", ".join("?" * len(ids))
        retired = self.conn.execute(
            "UPDATE findings SET active = 0, retired_at = ? WHERE transcript_id = ? AND active = 1 AND source != 'manual'"
            + (f" AND id NOT IN ({marks})" if ids else ""), (self.at, tid, *ids)).rowcount
        self.stats.retired += retired
        for f, fid in zip(findings, ids):
            details = {k: v for k, v in f.details.items() if k != "id"}
            values = (f.rule, f.norm, f.message, f.span[0] if f.span else None, f.span[1] if f.span else None,
                      f.text, f.level, f.points, f.title, f.reason, f.suggestion, f.source,
                      json.dumps(details, ensure_ascii=False, default=str))
            if fid in known:
                sets = ", ".join(f"{c} = ?" for c in FINDING_COLUMNS)
                self.conn.execute(f"UPDATE findings SET {sets}, active = 1, retired_at = NULL, run_id = ? WHERE id = ?",
                                  (*values, self.stats.run_id, fid))
            else:
                self.stats.published += 1
                cols = ("id", "transcript_id", *FINDING_COLUMNS, "published_at", "run_id")
                self.conn.execute(f"INSERT INTO findings ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                  (fid, tid, *values, self.at, self.stats.run_id))
