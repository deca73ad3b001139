"""The Ledger: an embedded SQLite database (one file) of recorded checks, exams, papers,
manual scheme items, discretionary points and waivers.

This module opens it, runs transactions and records checks; the rest of its methods come
from mixins: exams.py (exams and papers), manual.py (items and the ±5), reads.py (findings,
transcripts, months, agents, counts)."""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from .clock import as_moment, iso
from .connect import busy_message, connect, locked
from .errors import LedgerError
from .exams import ExamRecords
from .manual import ManualEntries
from .reads import LedgerReads
from .recorder import Recorder, RunStats
from .schema import current_version, migrate

DEFAULT_FILE = "kefu.db"


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


class Ledger(LedgerReads, ExamRecords, ManualEntries):
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



__all__ = ["DEFAULT_FILE", "Ledger", "LedgerError", "RunStats", "default_path"]
