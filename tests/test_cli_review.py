"""`kefu user`, `kefu item add|list|remove`, `kefu waive ID|list|revoke`, `kefu adjust`,
`kefu review`, `kefu month`, `kefu audit`: argument handling over checker/ledger/review*.py."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args, stdin=None):
    result = runner.invoke(app, [str(a) for a in args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "kefu.db"
    shutil.copytree(ROOT / "transcripts" / "im", tmp_path / "im")
    run("check", tmp_path / "im", "--record", "--db", path)
    return path


def findings(db, *extra):
    code, out, err = run("review", "queue", "--db", db, "--format", "json", "--month", "2026-11", *extra)
    assert code == 0, err
    return [e["finding"] for e in json.loads(out) if e["finding"]]


def test_item_keeps_its_old_form_and_gains_list_and_remove(db):
    code, out, err = run("item", "小美", "--month", "2026-11", "--code", "A5", "--points", "3", "--note", "11-18 迟到", "--db", db)
    assert code == 0, err
    assert "已录入第 1 条" in out
    code, _, err = run("item", "小美美", "--month", "2026-11", "--code", "A5", "--points", "3", "--note", "迟到", "--db", db)
    assert code == 2 and "小美美" in err and "--new-agent" in err and "Traceback" not in err
    assert run("item", "新人", "--month", "2026-11", "--code", "P9", "--note", "全勤", "--new-agent", "--db", db)[0] == 0
    code, out, _ = run("item", "list", "--month", "2026-11", "--db", db)
    assert code == 0 and "#1" in out and "新人" in out
    code, _, err = run("item", "remove", "1", "--db", db)
    assert code == 2 and "--reason" in err
    code, out, err = run("item", "remove", "1", "--reason", "录错了", "--db", db)
    assert code == 0, err
    code, out, _ = run("item", "list", "--removed", "--format", "json", "--db", db)
    assert next(r for r in json.loads(out) if r["id"] == 1)["removed_reason"] == "录错了"
    info = json.loads(run("ledger", "--format", "json", "--db", db)[1])
    assert info["items"] == 1 and info["audit"] == 3 and info["users"] == 0      # the removed one is not counted
    code, _, err = run("adjust", "无此人", "--month", "2026-11", "--points", "1", "--reason", "x", "--db", db)
    assert code == 2 and "--new-agent" in err


def test_waive_list_and_revoke_with_the_audit_log(db):
    f = findings(db)[0]
    code, out, err = run("waive", f["id"], "--reason", "复核成立", "--by", "质检-王", "--db", db)
    assert code == 0, err
    code, out, _ = run("waive", "list", "--month", "2026-11", "--db", db)
    assert f["id"] in out and "质检-王" in out
    code, out, err = run("waive", "revoke", f["id"], "--reason", "复核有误", "--db", db)
    assert code == 0, err
    assert f["id"] not in run("waive", "list", "--month", "2026-11", "--db", db)[1]
    code, out, _ = run("audit", "--target", f["id"], "--format", "json", "--db", db)
    assert [r["action"] for r in json.loads(out)] == ["finding.revoke_waiver", "finding.waive"]


def test_users_roles_and_the_by_option(db):
    assert run("user", "add", "主管", "--role", "lead", "--password-stdin", "--db", db, stdin="correct horse\n")[0] == 0
    assert run("user", "add", "王质检", "--role", "reviewer", "--password-stdin", "--db", db, stdin="correct horse\n")[0] == 0
    assert run("user", "add", "小美", "--role", "agent", "--password-stdin", "--db", db, stdin="correct horse\n")[0] == 0
    code, _, err = run("user", "add", "x", "--role", "boss", "--password-stdin", "--db", db, stdin="correct horse\n")
    assert code == 2 and "角色" in err
    code, out, _ = run("user", "list", "--db", db)
    assert "王质检\t质检/复核" in out and "correct" not in out
    f = findings(db, "--by", "王质检")[0]
    code, _, err = run("waive", f["id"], "--reason", "x", "--db", db)
    assert code == 2 and "--by" in err                                   # users exist: say who you are
    code, _, err = run("waive", f["id"], "--reason", "x", "--by", "小美", "--db", db)
    assert code == 2 and "不能豁免问题" in err
    code, _, err = run("adjust", "小美", "--month", "2026-11", "--points", "2", "--reason", "顶班", "--by", "王质检", "--db", db)
    assert code == 2 and "主管" in err
    assert run("adjust", "小美", "--month", "2026-11", "--points", "2", "--reason", "顶班", "--by", "主管", "--db", db)[0] == 0
    code, _, err = run("audit", "--by", "王质检", "--db", db)
    assert code == 2
    assert run("user", "disable", "王质检", "--reason", "调岗", "--db", db)[0] == 0
    code, _, err = run("review", "confirm", f["id"], "--reason", "x", "--by", "王质检", "--db", db)
    assert code == 2 and "停用" in err


def test_dispute_confirm_manual_finding_and_month_close(db):
    f = findings(db)[0]
    code, _, err = run("review", "dispute", f["id"], "--reason", "请复核", "--by", f["agent"], "--db", db)
    assert code == 2 and "user add" in err                                # agents dispute as users
    assert run("user", "add", f["agent"], "--role", "agent", "--password-stdin", "--db", db, stdin="correct horse\n")[0] == 0
    assert run("user", "add", "主管", "--role", "lead", "--password-stdin", "--db", db, stdin="correct horse\n")[0] == 0
    code, _, err = run("review", "dispute", f["id"], "--reason", "请复核", "--by", f["agent"], "--db", db)
    assert code == 0, err
    code, _, err = run("month", "close", "2026-11", "--by", "主管", "--db", db)
    assert code == 2 and "申请复核未处理" in err
    assert run("review", "confirm", f["id"], "--reason", "确属违规", "--by", "主管", "--db", db)[0] == 0
    code, out, err = run("review", "add", f["chat"], "--message", "1", "--rule", "A1", "--reason", "抽检", "--by", "主管",
                         "--db", db)
    assert code == 0 and "已录入问题" in out, err
    code, _, err = run("review", "add", f["chat"], "--message", "99", "--rule", "A1", "--reason", "x", "--by", "主管", "--db", db)
    assert code == 2 and "消息#99" in err
    assert run("month", "close", "2026-11", "--by", "主管", "--db", db)[0] == 0
    code, _, err = run("item", f["agent"], "--month", "2026-11", "--code", "A5", "--points", "3", "--note", "x",
                       "--by", "主管", "--db", db)
    assert code == 2 and "已结账" in err and "reopen" in err
    assert run("month", "reopen", "2026-11", "--reason", "补录", "--by", "主管", "--db", db)[0] == 0
