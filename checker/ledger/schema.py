"""The ledger's schema: ordered migrations, each applied once in its own transaction.

`schema_version` holds one row per applied step. A step is SQL or a function of the
connection (for data migrations), listed in schema_steps.py. Never edit a released step:
append a new one.
"""
from __future__ import annotations

import sqlite3

from .clock import now_iso
from .schema_steps import MIGRATIONS

LATEST = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                 "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> list[int]:
    """Apply the pending steps (up to `upto`); returns the versions applied.

    The connection must be in autocommit mode (isolation_level=None): each step runs in
    an explicit transaction, so a failing step leaves the database at the step before."""
    applied = []
    version = current_version(conn)
    done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
    if version > LATEST:
        from . import LedgerError
        raise LedgerError(f"台账的数据结构版本为 {version}，高于本版 kefu 支持的 {LATEST}：请升级 kefu")
    for migration in MIGRATIONS:
        # by membership, not by the highest version: steps numbered apart (branches) all apply
        if migration.version in done or (upto is not None and migration.version > upto):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(migration.step):
                migration.step(conn)
            else:
                for statement in _statements(migration.step):
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.description, now_iso()))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(migration.version)
    return applied


def _statements(script: str) -> list[str]:
    # executescript() would commit implicitly; split instead (no ';' inside our literals).
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


__all__ = ["LATEST", "current_version", "migrate"]
