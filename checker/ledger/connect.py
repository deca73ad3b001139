"""Opening the SQLite file: WAL mode and a busy timeout, so that readers never wait for a
writer (a scorecard while a large --record runs) and a second writer waits a while for the
first, then gets a clear message instead of a traceback."""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000        # how long a writer waits for another writer before giving up


def connect(path: Path) -> sqlite3.Connection:
    """An autocommit connection (explicit transactions) in WAL mode; raises sqlite3 errors."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        raise
    return conn


def locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def busy_message(path) -> str:
    return (f"台账 {path} 正被另一个 kefu 进程写入（例如另一次 --record），等了 {BUSY_TIMEOUT_MS / 1000:g} 秒仍未结束："
            f"本次没有写入任何内容，请等那次运行结束后重试")
