"""The review workflow of issue 12 -- one set of ledger functions for the CLI and the web app.

Reading (review_read.py): list_findings, get_chat, review_queue, board, scorecard,
changes_since. State changes (here): dispute, confirm, waive, revoke_waiver,
add_manual_finding, add_item, list_items, remove_item, set_adjustment, close_month,
reopen_month. Each change runs in one transaction with its audit row (audit.py), is
refused with a LedgerError (LedgerForbidden: the role; LedgerNotFound: unknown or not
visible) and never deletes anything.
"""
from __future__ import annotations

from .review_read import board, changes_since, get_chat, list_findings, review_queue, scorecard
from .review_state import month_closed

__all__ = ["board", "changes_since", "get_chat", "list_findings", "month_closed", "review_queue", "scorecard"]
