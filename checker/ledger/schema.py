"""The ledger's schema: ordered migrations, each applied once in its own transaction.

`schema_version` holds one row per applied step. A step is SQL or a function of the
connection (for data migrations). Never edit a released step: append a new one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable

from .clock import now_iso


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    step: str | Callable[[sqlite3.Connection], None]


V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                       -- check | rescore
    recorded_at TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    as_of TEXT,
    transcripts INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    findings INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE transcripts (
    id TEXT PRIMARY KEY,
    agent TEXT NOT NULL,
    channel TEXT NOT NULL,
    customer_key TEXT,                        -- a hash: counts customers without storing names twice
    day TEXT NOT NULL,                        -- YYYY-MM-DD (China time) the chat is judged on
    month TEXT NOT NULL,                      -- YYYY-MM
    timed INTEGER NOT NULL,
    content_hash TEXT NOT NULL,               -- sha256 of the canonical JSON
    content BLOB NOT NULL,                    -- zlib-compressed canonical JSON, to re-judge
    outcome TEXT NOT NULL DEFAULT '{}',
    metrics TEXT NOT NULL DEFAULT '{}',
    policy_version TEXT NOT NULL,
    judged_on TEXT,
    first_recorded_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX ix_transcripts_month ON transcripts(month, agent);
CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id),
    rule TEXT NOT NULL,
    norm TEXT NOT NULL,
    message INTEGER,
    span_start INTEGER,
    span_end INTEGER,
    text TEXT NOT NULL,
    level TEXT NOT NULL,
    points INTEGER NOT NULL,
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    source TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    published_at TEXT NOT NULL,               -- first recorded: the dispute window starts here
    active INTEGER NOT NULL DEFAULT 1,        -- 0: the transcript changed and no longer draws it
    retired_at TEXT,
    run_id INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX ix_findings_transcript ON findings(transcript_id);
"""

V2 = """
CREATE TABLE waivers (
    finding_id TEXT PRIMARY KEY REFERENCES findings(id),
    reason TEXT NOT NULL,
    reviewer TEXT,
    waived_at TEXT NOT NULL
);
CREATE TABLE exams (
    agent TEXT NOT NULL,
    month TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    taken_at TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (agent, paper_id)
);
CREATE INDEX ix_exams_month ON exams(month, agent);
CREATE TABLE papers (
    agent TEXT NOT NULL,
    month TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    question_ids TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (agent, paper_id)
);
"""

V3 = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent TEXT NOT NULL,
    month TEXT NOT NULL,
    code TEXT NOT NULL,                       -- a scheme item: A5, P9 …
    points INTEGER NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_items_month ON items(month, agent);
CREATE TABLE discretionary (
    agent TEXT NOT NULL,
    month TEXT NOT NULL,
    points INTEGER NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (agent, month)
);
"""


def _v4_waits(conn: sqlite3.Connection) -> None:
    """Per-round waits (seconds) for the response-time charts, backfilled from content."""
    from .codec import round_waits, decode_transcript
    conn.execute("ALTER TABLE transcripts ADD COLUMN waits TEXT NOT NULL DEFAULT '[]'")
    import json
    for tid, blob in conn.execute("SELECT id, content FROM transcripts").fetchall():
        waits = round_waits(decode_transcript(blob))
        conn.execute("UPDATE transcripts SET waits = ? WHERE id = ?", (json.dumps(waits), tid))


V8 = """
CREATE TABLE exam_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent TEXT NOT NULL,
    month TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    taken_at TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    recorded_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL                 -- when a regrade (kefu quiz grade --replace) superseded it
);
CREATE INDEX ix_exam_history_paper ON exam_history(agent, paper_id);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "transcripts, findings and runs", V1),
    Migration(2, "waivers, exams and exam papers", V2),
    Migration(3, "manual items and the discretionary ±5", V3),
    Migration(4, "per-round response waits", _v4_waits),
    Migration(8, "superseded exam results", V8),
)
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
