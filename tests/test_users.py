"""Users in the ledger (issue 12): scrypt hashes, roles, disable (never delete), audit rows."""
from __future__ import annotations

import pytest

from checker.ledger import Ledger, LedgerError
from checker.ledger.audit import audit, audit_log
from checker.ledger.errors import LedgerForbidden, LedgerNotFound
from checker.ledger.users import User, add_user, authenticate, disable_user, get_user, list_users


@pytest.fixture()
def ledger(tmp_path):
    with Ledger.open(tmp_path / "kefu.db") as opened:
        yield opened


def test_add_and_authenticate_with_a_salted_scrypt_hash(ledger):
    assert add_user(ledger, "小美", "agent", "correct horse") == User("小美", "agent")
    add_user(ledger, "王质检", "reviewer", "correct horse")
    stored = dict(ledger.conn.execute("SELECT name, password FROM users").fetchall())
    assert stored["小美"].startswith("scrypt$16384$8$1$") and "correct" not in stored["小美"]
    assert stored["小美"] != stored["王质检"]                       # random salt
    assert authenticate(ledger, "小美", "correct horse") == User("小美", "agent")
    assert authenticate(ledger, "小美", "wrong horse") is None
    assert authenticate(ledger, "无此人", "correct horse") is None
    assert [u.name for u in list_users(ledger)] == ["小美", "王质检"]


def test_bad_input_is_refused_in_chinese(ledger):
    with pytest.raises(LedgerError, match="角色"):
        add_user(ledger, "a", "boss", "correct horse")
    with pytest.raises(LedgerError, match="密码太短"):
        add_user(ledger, "a", "agent", "short")
    with pytest.raises(LedgerError, match="用户名"):
        add_user(ledger, " ", "agent", "correct horse")
    add_user(ledger, "a", "agent", "correct horse")
    with pytest.raises(LedgerError, match="已存在"):
        add_user(ledger, "a", "lead", "correct horse")


def test_only_a_lead_manages_users_and_disabling_keeps_the_row(ledger):
    lead = add_user(ledger, "主管", "lead", "correct horse")
    reviewer = add_user(ledger, "王质检", "reviewer", "correct horse")
    with pytest.raises(LedgerForbidden, match="主管"):
        add_user(ledger, "新人", "agent", "correct horse", by=reviewer)
    add_user(ledger, "新人", "agent", "correct horse", by=lead)
    disable_user(ledger, "新人", by=lead, reason="离职")
    assert get_user(ledger, "新人").disabled and authenticate(ledger, "新人", "correct horse") is None
    with pytest.raises(LedgerError, match="已停用"):
        disable_user(ledger, "新人", by=lead)
    with pytest.raises(LedgerNotFound):
        disable_user(ledger, "无此人", by=lead)
    log = audit_log(ledger)
    assert [(r["actor"], r["action"], r["target"]) for r in log[:2]] == [("主管", "user.disable", "新人"),
                                                                          ("主管", "user.add", "新人")]
    assert log[0]["reason"] == "离职"


def test_the_audit_log_is_append_only(ledger):
    audit(ledger, "主管", "x.test", "T-1", "why", {"month": "2026-11", "old": 1})
    row = audit_log(ledger, month="2026-11")[0]
    assert row["details"] == {"month": "2026-11", "old": 1} and row["reason"] == "why"
    import sqlite3
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.conn.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.conn.execute("UPDATE audit SET reason = 'x'")
    assert audit_log(ledger, target="T-1")[0]["id"] == row["id"]
