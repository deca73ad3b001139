"""The review workflow of issues 10 and 12 -- one set of ledger functions for the CLI and
the web app, so no business rule is written twice.

    review_read.py     list_findings, get_chat, review_queue, board, scorecard, changes_since
    review_change.py   dispute, confirm, waive, revoke_waiver, add_manual_finding
    review_entries.py  add_item, list_items, remove_item, set_adjustment, close_month, reopen_month
    review_state.py    status of a finding, month locks, the scheme's numbers

Every function takes an open Ledger and an `actor` (users.User); a refused operation
raises LedgerError (errors.py: LedgerForbidden for the role, LedgerNotFound for unknown or
not visible). Each change runs in one transaction with its audit row (audit.py) and
never deletes anything.
"""
from __future__ import annotations

from .review_change import add_manual_finding, confirm, dispute, revoke_waiver, waive
from .review_entries import add_item, close_month, list_items, remove_item, reopen_month, set_adjustment
from .review_read import board, changes_since, get_chat, list_findings, review_queue, scorecard
from .review_state import month_closed

__all__ = ["add_item", "add_manual_finding", "board", "changes_since", "close_month", "confirm", "dispute",
           "get_chat", "list_findings", "list_items", "month_closed", "remove_item", "reopen_month", "review_queue",
           "revoke_waiver", "scorecard", "set_adjustment", "waive"]
