"""Manual scheme items (A5, P9 …: not from chats) and the discretionary ±5 in the ledger.
A mixin of Ledger (store.py). The review workflow (review_entries.py) checks the actor's
role and audits; these are the plain records it writes and reads."""
from __future__ import annotations

from datetime import datetime

from .clock import as_moment, check_month, iso
from .errors import LedgerError


class ManualEntries:
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
