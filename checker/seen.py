"""The transcript ids seen in one run, to refuse duplicates, in bounded memory.

The first LIMIT ids are kept in a dict (about 250 bytes each, with their origins);
beyond that they move to a private temporary SQLite database on disk (deleted when
closed), so a run of millions of transcripts does not grow by the size of its ids.
"""
from __future__ import annotations

LIMIT = 10_000


class SeenIds:
    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self.memory: dict[str, str] = {}
        self.db = None

    def first(self, tid: str, origin: str) -> str | None:
        """Where `tid` was first seen; None (and `tid` is recorded at `origin`) if new."""
        earlier = self.memory.get(tid)
        if earlier is None and self.db is not None:
            row = self.db.execute("SELECT origin FROM ids WHERE id = ?", (tid,)).fetchone()
            earlier = row[0] if row else None
        if earlier is not None:
            return earlier
        self.memory[tid] = origin
        if len(self.memory) >= self.limit:
            self._spill()
        return None

    def _spill(self) -> None:
        if self.db is None:
            import sqlite3
            self.db = sqlite3.connect("")          # "": a private temporary file, removed on close
            self.db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, origin TEXT) WITHOUT ROWID")
        self.db.executemany("INSERT INTO ids VALUES (?, ?)", self.memory.items())
        self.memory.clear()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
