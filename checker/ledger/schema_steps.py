"""The ledger's released schema steps, oldest first: SQL scripts and data migrations
(functions of the connection). schema.py applies them in order.

Never edit a released step: append a new one (and a Migration for it at the end).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable


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


def _v5_intervals(conn: sqlite3.Connection) -> None:
    """When each chat opens and closes (epoch seconds; NULL without timestamps): the ledger
    counts concurrency over every stored chat of the agent, whatever the batching."""
    from .codec import chat_interval, decode_transcript
    conn.execute("ALTER TABLE transcripts ADD COLUMN opened_at REAL")
    conn.execute("ALTER TABLE transcripts ADD COLUMN closed_at REAL")
    conn.execute("CREATE INDEX ix_transcripts_open ON transcripts(agent, opened_at)")
    for tid, blob in conn.execute("SELECT id, content FROM transcripts").fetchall():
        span = chat_interval(decode_transcript(blob))
        if span is not None:
            conn.execute("UPDATE transcripts SET opened_at = ?, closed_at = ? WHERE id = ?", (*span, tid))


V6 = """
ALTER TABLE runs ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN recomputed INTEGER NOT NULL DEFAULT 0;  -- stored neighbours re-judged for concurrency
ALTER TABLE runs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;     -- inputs that could not be read (not recorded)
ALTER TABLE runs ADD COLUMN errors TEXT NOT NULL DEFAULT '[]';      -- their file, place and reason
CREATE TABLE transcript_changes (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    transcript_id TEXT NOT NULL,
    action TEXT NOT NULL,                     -- new | replaced | recomputed | resynced
    old_hash TEXT,
    new_hash TEXT,
    published INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,       -- findings kept whose details changed (e.g. concurrency)
    at TEXT NOT NULL
);
CREATE INDEX ix_transcript_changes ON transcript_changes(transcript_id);
"""


V7 = (
    """CREATE TABLE users (
        name TEXT PRIMARY KEY,                -- an agent user's name is the agent's name in the chats
        role TEXT NOT NULL CHECK (role IN ('agent', 'reviewer', 'lead')),
        password TEXT NOT NULL,               -- scrypt$n$r$p$salt-hex$hash-hex
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT)""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,                     -- real time, never a --as-of
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        month TEXT,
        reason TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '{}')""",
    "CREATE INDEX ix_audit_month ON audit(month)",
    "CREATE INDEX ix_audit_target ON audit(target)",
    "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END",
    "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END",
    """CREATE TABLE finding_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        finding_id TEXT NOT NULL REFERENCES findings(id),
        kind TEXT NOT NULL,                   -- dispute | confirm | waive | revoke
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT NOT NULL)""",
    "CREATE INDEX ix_finding_events ON finding_events(finding_id)",
    """CREATE TABLE month_locks (
        month TEXT PRIMARY KEY,
        closed INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '')""",
    "ALTER TABLE items ADD COLUMN removed_at TEXT",
    "ALTER TABLE items ADD COLUMN removed_by TEXT",
    "ALTER TABLE items ADD COLUMN removed_reason TEXT",
    # waivers get an id and can be revoked (kept): at most one standing waiver per finding
    """CREATE TABLE waivers_v7 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        finding_id TEXT NOT NULL REFERENCES findings(id),
        reason TEXT NOT NULL,
        reviewer TEXT,
        waived_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        revoke_reason TEXT)""",
    "INSERT INTO waivers_v7 (finding_id, reason, reviewer, waived_at) "
    "SELECT finding_id, reason, reviewer, waived_at FROM waivers ORDER BY waived_at",
    "DROP TABLE waivers",
    "ALTER TABLE waivers_v7 RENAME TO waivers",
    "CREATE UNIQUE INDEX ix_waivers_standing ON waivers(finding_id) WHERE revoked_at IS NULL",
)


def _v7_review(conn: sqlite3.Connection) -> None:
    """Users, the audit log, disputes and reviews, month locks, removable items, revocable waivers."""
    for statement in V7:                     # trigger bodies hold ';': no _statements()
        conn.execute(statement)


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
    Migration(5, "when each chat opens and closes (concurrency over the ledger)", _v5_intervals),
    Migration(6, "run audit: published, retired, recomputed, skipped inputs; per-chat changes", V6),
    Migration(7, "users, audit log, disputes and reviews, month locks", _v7_review),
    Migration(8, "superseded exam results", V8),
)
