"""The Ledger: an embedded SQLite database (one file) of recorded checks, exams, papers,
manual scheme items, discretionary points and waivers."""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from .clock import as_moment, check_month, iso, now, parse
from .codec import decode_transcript
from .connect import busy_message, connect, locked
from .recorder import Recorder, RunStats
from .schema import LATEST, current_version, migrate

DEFAULT_FILE = "kefu.db"


class LedgerError(Exception):
    """A refused ledger operation; the message is for users (Chinese)."""


def default_path() -> Path:
    return Path(os.environ.get("KEFU_DB") or DEFAULT_FILE)


def _create_private(path: Path) -> None:
    """A new ledger file is readable by its owner only (0600): it holds customers' chats."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise LedgerError(f"无法创建台账 {path}：{exc.strerror}") from exc


class Ledger:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._depth = 0

    # ---- opening ----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True, migrate_to: int | None = None) -> "Ledger":
        """Open (create) the ledger at `path` (None: $KEFU_DB or ./kefu.db) and bring its
        schema up to date. With create=False a missing file is an error."""
        path = Path(path) if path is not None else default_path()
        if not create and not path.is_file():
            raise LedgerError(f"台账 {path} 不存在：先用 `kefu check 会话目录 --record` 记录会话（或用 --db 指定台账）")
        if path.parent and not path.parent.exists():
            raise LedgerError(f"台账目录不存在：{path.parent}")
        conn = None
        try:
            _create_private(path)
            conn = connect(path)
            migrate(conn, migrate_to)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if locked(exc):
                raise LedgerError(busy_message(path)) from exc
            raise LedgerError(f"无法打开台账 {path}：{exc}（是 kefu 的台账文件吗？）") from exc
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return current_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: any exception (KeyboardInterrupt too) rolls back. Nested uses
        join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if locked(exc):
                raise LedgerError(busy_message(self.path)) from exc
            raise
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # ---- recording checks ---------------------------------------------------------
    @contextmanager
    def recording(self, policy_version: str, kind: str = "check", as_of: date | None = None,
                  at: datetime | None = None) -> Iterator[Recorder]:
        """A run: `rec.add(result)` per TranscriptResult; committed when the block ends,
        rolled back entirely if it raises."""
        moment = as_moment(at)
        with self.transaction():
            run_id = self.conn.execute(
                "INSERT INTO runs (kind, recorded_at, policy_version, as_of) VALUES (?, ?, ?, ?)",
                (kind, iso(moment), policy_version, as_of.isoformat() if as_of else None)).lastrowid
            recorder = Recorder(self.conn, run_id, moment)
            yield recorder
            s = recorder.stats
            self.conn.execute("UPDATE runs SET transcripts = ?, new = ?, changed = ?, unchanged = ?, findings = ?, "
                              "published = ?, retired = ?, recomputed = ?, skipped = ?, errors = ? WHERE id = ?",
                              (s.transcripts, s.new, s.changed, s.unchanged, s.findings, s.published, s.retired,
                               s.recomputed, s.skipped, json.dumps(s.errors, ensure_ascii=False), run_id))

    # ---- exams (the quiz records them; the scorecard reads them) --------------------
    def record_exam(self, agent: str, month: str, paper_id: str, score: float, max_score: float,
                    taken_at: datetime | None = None, details: dict | None = None) -> None:
        check_month(month)
        if max_score <= 0 or score < 0 or score > max_score:
            raise LedgerError(f"考试分数无效：{score}/{max_score}（应 0 ≤ 得分 ≤ 满分，满分 > 0）")
        with self.transaction():
            from .review_state import require_open_month
            require_open_month(self, month, "记录考试成绩")
            # a regrade keeps the result it replaces
            self.conn.execute(
                "INSERT INTO exam_history (agent, month, paper_id, score, max_score, taken_at, details, recorded_at, "
                "replaced_at) SELECT agent, month, paper_id, score, max_score, taken_at, details, recorded_at, ? "
                "FROM exams WHERE agent = ? AND paper_id = ?", (iso(now()), agent, paper_id))
            self.conn.execute(
                "INSERT OR REPLACE INTO exams (agent, month, paper_id, score, max_score, taken_at, details, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (agent, month, paper_id, float(score), float(max_score), iso(taken_at) if taken_at else None,
                 json.dumps(details or {}, ensure_ascii=False, default=str), iso(now())))

    def exam_results(self, month: str, agent: str | None = None) -> list[dict]:
        sql = "SELECT agent, month, paper_id, score, max_score, taken_at, details FROM exams WHERE month = ?"
        args: list = [month]
        if agent is not None:
            sql += " AND agent = ?"
            args.append(agent)
        rows = self.conn.execute(sql + " ORDER BY agent, taken_at, paper_id", args).fetchall()
        return [{"agent": a, "month": m, "paper_id": p, "score": s, "max_score": x, "taken_at": parse(t),
                 "details": json.loads(d)} for a, m, p, s, x, t, d in rows]

    def exam_history(self, agent: str | None = None, paper_id: str | None = None) -> list[dict]:
        """Exam results a regrade replaced, oldest first."""
        sql = ("SELECT agent, month, paper_id, score, max_score, taken_at, details, recorded_at, replaced_at "
               "FROM exam_history WHERE (? IS NULL OR agent = ?) AND (? IS NULL OR paper_id = ?) ORDER BY id")
        rows = self.conn.execute(sql, (agent, agent, paper_id, paper_id)).fetchall()
        return [{"agent": a, "month": m, "paper_id": p, "score": s, "max_score": x, "taken_at": parse(t),
                 "details": json.loads(d), "recorded_at": r, "replaced_at": rp} for a, m, p, s, x, t, d, r, rp in rows]

    def record_paper(self, agent: str, month: str, paper_id: str, question_ids: list[str]) -> None:
        check_month(month)
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO papers (agent, month, paper_id, question_ids, recorded_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              (agent, month, paper_id, json.dumps(list(question_ids), ensure_ascii=False), iso(now())))

    def question_history(self, agent: str, months: list[str]) -> set[str]:
        if not months:
            return set()
        marks = ", ".join("?" * len(months))
        rows = self.conn.execute(f"SELECT question_ids FROM papers WHERE agent = ? AND month IN ({marks})",
                                 (agent, *months))
        return {q for (ids,) in rows for q in json.loads(ids)}

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

    # ---- manual scheme items and the discretionary ±5 -------------------------------
    def add_item(self, agent: str, month: str, code: str, points: int, note: str, by: str | None = None,
                 at: datetime | None = None) -> int:
        check_month(month)
        if not note.strip():
            raise LedgerError("请用 --note 写明事由（何时、何事），记录才能追溯")
        with self.transaction():
            return self.conn.execute(
                "INSERT INTO items (agent, month, code, points, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (agent, month, code, int(points), note.strip(), by, iso(as_moment(at)))).lastrowid

    def items(self, month: str, agent: str | None = None) -> list[dict]:
        return self._rows("SELECT id, agent, month, code, points, note, recorded_by, recorded_at FROM "
                          "(SELECT * FROM items WHERE removed_at IS NULL)",
                          month, agent, "id")

    def set_discretionary(self, agent: str, month: str, points: int, reason: str, by: str | None = None,
                          at: datetime | None = None) -> None:
        check_month(month)
        if not reason.strip():
            raise LedgerError("额外奖惩必须说明理由（004 第三条 7）：请用 --reason 写明")
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO discretionary (agent, month, points, reason, recorded_by, recorded_at) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (agent, month, int(points), reason.strip(), by,
                                                            iso(as_moment(at))))

    def discretionary(self, month: str, agent: str | None = None) -> list[dict]:
        return self._rows("SELECT agent, month, points, reason, recorded_by, recorded_at FROM discretionary",
                          month, agent, "agent")

    # ---- waivers -------------------------------------------------------------------
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


__all__ = ["DEFAULT_FILE", "Ledger", "LedgerError", "RunStats", "default_path"]
