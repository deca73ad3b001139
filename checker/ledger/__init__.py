"""The ledger: kefu's embedded database (SQLite, one file: ./kefu.db, --db or $KEFU_DB).

    with Ledger.open(None) as ledger:                       # migrates an older file first
        with ledger.recording(policy.version) as rec:        # one transaction per run
            for result in results: rec.add(result)           # TranscriptResult
        ledger.record_exam("小美", "2026-11", "P-01", 86, 100)
        ledger.norm_counts("小美", since=date(2026, 11, 1))  # {"hedging": 2, …}

Schema and migrations: checker/ledger/schema.py applies the steps of schema_steps.py.
Stored transcripts are kept compressed (canonical JSON) so `kefu rescore` can re-judge them.

Users (users.py), the audit log (audit.py) and the review workflow -- disputes, waivers,
manual findings, items, the ±5, month close -- (review.py) are the one path for the CLI
and the web app: every change is checked against the actor's role and audited.
"""
from .errors import LedgerError, LedgerForbidden, LedgerNotFound
from .store import DEFAULT_FILE, Ledger, RunStats, default_path

__all__ = ["DEFAULT_FILE", "Ledger", "LedgerError", "LedgerForbidden", "LedgerNotFound", "RunStats", "default_path"]
