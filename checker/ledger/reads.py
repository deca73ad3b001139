"""What the scorecard, the review workflow and the CLI read from the ledger: findings (by
id or prefix, by month), stored transcripts, months, agents, per-norm counts and a
summary. A mixin of Ledger (store.py): it uses the ledger's connection."""
from __future__ import annotations

import json
from datetime import date

from .codec import decode_transcript
from .errors import LedgerError
from .schema import LATEST


class LedgerReads:
    def norm_counts(self, agent: str, since: date | None = None) -> dict[str, int]:
        """Non-waived, current findings per norm for the agent (chats on or after `since`);
        reviewers' findings on a 004 item (norm "manual") have no norm and are left out."""
        sql = ("SELECT f.norm, COUNT(*) FROM findings f JOIN transcripts t ON t.id = f.transcript_id "
               "LEFT JOIN waivers w ON w.finding_id = f.id AND w.revoked_at IS NULL WHERE t.agent = ? AND f.active = 1 AND w.finding_id IS NULL "
               "AND f.norm != 'manual'")
        args: list = [agent]
        if since is not None:
            sql += " AND t.day >= ?"
            args.append(since.isoformat())
        return dict(self.conn.execute(sql + " GROUP BY f.norm ORDER BY f.norm", args).fetchall())

    # ---- findings by id ----------------------------------------------------------------
    def resolve_finding(self, ref: str) -> str:
        """A finding id from a full id or a unique prefix (like git)."""
        ref = ref.strip()
        if ref[:2].upper() != "F-":
            ref = "F-" + ref
        ref = "F-" + ref[2:].lower()
        if len(ref) < 6:
            raise LedgerError(f"问题编号 {ref!r} 太短：至少写前 4 位，如 F-3a9c")
        rows = [r[0] for r in self.conn.execute("SELECT id FROM findings WHERE id LIKE ? ORDER BY id LIMIT 3",
                                                (ref.replace("%", "").replace("_", "") + "%",))]
        if not rows:
            raise LedgerError(f"台账 {self.path} 中没有编号为 {ref} 的问题：编号见 `kefu check --record --format json` "
                              f"或 `kefu scorecard` 的输出")
        if len(rows) > 1 and ref not in rows:
            raise LedgerError(f"编号 {ref} 对应多个问题（{', '.join(rows[:2])} …）：请多写几位")
        return ref if ref in rows else rows[0]

    def finding(self, finding_id: str) -> dict:
        rows = self._findings("WHERE f.id = ?", [finding_id])
        if not rows:
            raise LedgerError(f"没有编号为 {finding_id} 的问题")
        return rows[0]

    # ---- reading -------------------------------------------------------------------
    def month_transcripts(self, month: str, agent: str | None = None) -> list[dict]:
        rows = self._rows("SELECT id, agent, channel, customer_key, day, month, timed, content_hash, outcome, metrics, "
                          "waits, policy_version, judged_on, first_recorded_at, recorded_at FROM transcripts",
                          month, agent, "day, id")
        for row in rows:
            for key in ("outcome", "metrics", "waits"):
                row[key] = json.loads(row[key])
        return rows

    def month_findings(self, month: str, agent: str | None = None, include_retired: bool = False) -> list[dict]:
        where, args = "WHERE t.month = ?", [month]
        if agent is not None:
            where += " AND t.agent = ?"
            args.append(agent)
        if not include_retired:
            where += " AND f.active = 1"
        return self._findings(where, args)

    def transcript(self, transcript_id: str):
        row = self.conn.execute("SELECT content FROM transcripts WHERE id = ?", (transcript_id,)).fetchone()
        if row is None:
            raise LedgerError(f"台账中没有会话 {transcript_id}")
        return decode_transcript(row[0])

    def months(self, agent: str | None = None) -> list[str]:
        parts = ["SELECT month, agent FROM transcripts", "SELECT month, agent FROM exams",
                 "SELECT month, agent FROM items", "SELECT month, agent FROM discretionary"]
        sql = "SELECT DISTINCT month FROM (" + " UNION ".join(parts) + ")"
        args: list = []
        if agent is not None:
            sql += " WHERE agent = ?"
            args.append(agent)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY month", args)]

    def agents(self, month: str) -> list[str]:
        parts = ["SELECT agent FROM transcripts WHERE month = ?", "SELECT agent FROM exams WHERE month = ?",
                 "SELECT agent FROM items WHERE month = ?", "SELECT agent FROM discretionary WHERE month = ?"]
        sql = "SELECT DISTINCT agent FROM (" + " UNION ".join(parts) + ") ORDER BY agent"
        return [r[0] for r in self.conn.execute(sql, [month] * len(parts))]

    def info(self) -> dict:
        count = lambda table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
        last = self.conn.execute("SELECT id, kind, recorded_at, policy_version FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return {"path": str(self.path), "schema_version": self.schema_version, "latest_schema": LATEST,
                "transcripts": count("transcripts"), "findings": count("findings"),
                "active_findings": self.conn.execute("SELECT COUNT(*) FROM findings WHERE active = 1").fetchone()[0],
                "waivers": count("waivers WHERE revoked_at IS NULL"), "exams": count("exams"), "items": count("items WHERE removed_at IS NULL"),
                "runs": count("runs"), "users": count("users"), "audit": count("audit"), "months": self.months(),
                "last_run": dict(zip(("id", "kind", "recorded_at", "policy_version"), last)) if last else None}

    def _rows(self, select: str, month: str, agent: str | None, order: str) -> list[dict]:
        sql, args = select + " WHERE month = ?", [month]
        if agent is not None:
            sql += " AND agent = ?"
            args.append(agent)
        cur = self.conn.execute(sql + f" ORDER BY {order}", args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def _findings(self, where: str, args: list) -> list[dict]:
        cur = self.conn.execute(
            "SELECT f.id, f.transcript_id, t.agent, t.month, t.day, f.rule, f.norm, f.message, f.span_start, f.span_end, "
            "f.text, f.level, f.points, f.title, f.reason, f.suggestion, f.source, f.details, f.published_at, f.active, "
            "f.retired_at, w.reason AS waiver_reason, w.reviewer, w.waived_at "
            "FROM findings f JOIN transcripts t ON t.id = f.transcript_id LEFT JOIN waivers w ON w.finding_id = f.id AND w.revoked_at IS NULL "
            f"{where} ORDER BY t.day, f.transcript_id, f.message, f.span_start, f.rule", args)
        names = [d[0] for d in cur.description]
        out = []
        for row in cur.fetchall():
            item = dict(zip(names, row))
            item["details"] = json.loads(item["details"])
            item["active"] = bool(item["active"])
            item["span"] = [item.pop("span_start"), item.pop("span_end")] if item["span_start"] is not None else None
            reason, reviewer, waived_at = item.pop("waiver_reason"), item.pop("reviewer"), item.pop("waived_at")
            item["waiver"] = {"reason": reason, "reviewer": reviewer, "waived_at": waived_at} if waived_at else None
            out.append(item)
        return out
