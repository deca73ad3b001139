"""The ledger in WAL mode with a busy timeout: reading while a run records, and a second
writer refused with a clear message instead of a traceback."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.ledger import Ledger, LedgerError
from checker.ledger import connect

runner = CliRunner()


@pytest.fixture()
def quick(monkeypatch):
    monkeypatch.setattr(connect, "BUSY_TIMEOUT_MS", 50, raising=False)      # no test waits long for a lock


def chat(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"id": "T1", "agent": "小美", "messages": [
        {"at": "2026-11-03T10:00:00+08:00", "from": "customer", "text": "在吗"},
        {"at": "10:00:05", "from": "agent", "text": "亲，您好，在的呢"}]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_ledger_is_in_wal_mode(tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_scorecard_can_be_read_while_a_run_holds_the_ledger(tmp_path, quick):
    db = tmp_path / "k.db"
    assert runner.invoke(app, ["check", str(chat(tmp_path)), "--record", "--db", str(db)]).exit_code == 0
    with Ledger.open(db) as writer:
        writer.conn.execute("BEGIN EXCLUSIVE")          # a large --record that spilled its cache to disk
        writer.conn.execute("INSERT INTO runs (kind, recorded_at, policy_version) VALUES ('check', 'x', 'v')")
        with Ledger.open(db, create=False) as reader:
            assert [r["id"] for r in reader.month_transcripts("2026-11")] == ["T1"]
        result = runner.invoke(app, ["scorecard", "--db", str(db), "--month", "2026-11", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        writer.conn.execute("ROLLBACK")


def test_a_second_writer_gets_a_clear_message_not_a_traceback(tmp_path, quick):
    db = tmp_path / "k.db"
    path = chat(tmp_path)
    with Ledger.open(db) as writer:
        with writer.transaction():
            with Ledger.open(db) as other:
                with pytest.raises(LedgerError, match="另一个 kefu"):
                    with other.recording("v"):
                        pass
            result = runner.invoke(app, ["check", str(path), "--record", "--db", str(db)])
            assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
            assert "另一个 kefu" in result.stderr and "重试" in result.stderr
    assert runner.invoke(app, ["check", str(path), "--record", "--db", str(db)]).exit_code == 0
