"""Refusals of ledger operations. Every message is for users (Simplified Chinese).

The web app maps LedgerError to 422, LedgerForbidden to 403 and LedgerNotFound to 404;
the CLI prints the message and exits 2."""
from __future__ import annotations


class LedgerError(Exception):
    """A refused ledger operation; the message is for users (Chinese)."""


class LedgerForbidden(LedgerError):
    """The actor's role (or identity) does not allow this operation."""


class LedgerNotFound(LedgerError):
    """No such user, finding, chat or item -- or one the actor may not see."""


__all__ = ["LedgerError", "LedgerForbidden", "LedgerNotFound"]
