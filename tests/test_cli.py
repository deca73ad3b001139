"""`kefu check` and `kefu rules` as a user runs them: formats, exit codes, errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT, needs_data, slim_policies

runner = CliRunner()

CHAT = """
id: T-cli-1
agent: 小美
customer: 张小凡
messages:
  - {from: customer, text: 我的电话是13812345678，这个能退吗？}
  - {from: agent, text: 不行，这个退不了。}
  - {from: agent, text: "<script>alert(1)</script>"}
"""
CLEAN = """
id: T-cli-2
agent: 阿杰
messages:
  - {from: customer, text: 在吗}
  - {from: agent, text: 亲，在的呢，请问有什么可以帮您？}
"""


@pytest.fixture()
def chats(tmp_path):
    (tmp_path / "a.yaml").write_text(CHAT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout


def test_json_contract(chats):
    code, out = run("check", chats, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["errors"] == [] and doc["summary"]["transcripts"] == 2
    first = next(t for t in doc["transcripts"] if t["id"] == "T-cli-1")
    assert first["agent"] == "小美" and first["customer"] == "张*凡"
    f = next(f for f in first["findings"] if f["norm"] == "harsh_language")
    assert f["message"] == 1 and f["text"] == "不行" and f["span"] == [0, 2]
    assert {"rule", "norm", "message", "span", "text", "level", "points"} <= set(f)
    assert first["score"] == 100 - sum(x["points"] for x in first["findings"])


def test_text_and_markdown_mask_and_exit(chats):
    code, out = run("check", chats)
    assert code == 1 and "T-cli-1" in out and "不行" in out and "检查会话 2 个" in out
    code, md = run("check", chats, "--format", "markdown")
    assert code == 1 and md.startswith("# 客服聊天质检报告") and "**不行**" in md
    assert "张小凡" not in out + md


def test_fail_on_never_and_clean_input(chats):
    assert run("check", chats, "--fail-on", "never")[0] == 0
    assert run("check", chats / "b.yaml")[0] == 0


def test_bad_input_is_reported_and_the_rest_still_checked(chats):
    (chats / "c.json").write_text('{"id": "x", "agent": "a", "messages": [', encoding="utf-8")
    code, out = run("check", chats, "--format", "json", "--fail-on", "never")
    assert code == 2
    doc = json.loads(out)
    assert doc["summary"]["transcripts"] == 2 and doc["summary"]["skipped"] == 1
    assert doc["errors"][0]["file"].endswith("c.json")


def test_duplicate_ids_are_an_input_error(chats):
    (chats / "d.yaml").write_text(CLEAN, encoding="utf-8")
    code, out = run("check", chats, "--format", "json")
    assert code == 2 and "重复" in json.loads(out)["errors"][0]["error"]


def test_usage_errors_exit_2(chats):
    assert run("check", chats, "--format", "pdf")[0] == 2
    assert run("check", chats, "--rule", "no-such-rule")[0] == 2
    assert run("check", chats / "missing.yaml")[0] == 2
    assert run("rules", "show", "no-such-rule")[0] == 2


def test_rule_selection(chats):
    code, out = run("check", chats, "--format", "json", "--rule", "harsh-flat-refusal")
    rules = {f["rule"] for t in json.loads(out)["transcripts"] for f in t["findings"]}
    assert rules == {"harsh-flat-refusal"}


def test_rules_list_show_test():
    code, out = run("rules", "list", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and len(doc["rules"]) >= 11
    code, out = run("rules", "show", doc["rules"][0]["id"])
    assert code == 0 and doc["rules"][0]["source"]["quote"] in out
    code, out = run("rules", "test")
    assert code == 0 and "PASS" in out and " 0 failed" in out


def test_rules_test_fails_on_a_broken_example(tmp_path):
    slim_policies(tmp_path / "p", "harsh_language.yaml")      # the rule file broken below
    victim = tmp_path / "p" / "rules" / "harsh_language.yaml"
    text = victim.read_text(encoding="utf-8").replace("good:\n", "good:\n        - 不行，这个真的不行\n", 1)
    victim.write_text(text, encoding="utf-8")
    code, out = run("rules", "test", "--policies", tmp_path / "p")
    assert code == 1 and "FAIL" in out


def test_broken_policy_exits_2(tmp_path):
    (tmp_path / "r.yaml").write_text("rules:\n  - id: x\n", encoding="utf-8")
    result = runner.invoke(app, ["rules", "list", "--policies", str(tmp_path)])
    assert result.exit_code == 2


def test_jddc_real_data_loads_without_errors():
    jsonl = needs_data("jddc2019", "jddc2019.jsonl")
    raw = needs_data("jddc2019", "chat_0.1per.txt")
    for path in (jsonl, raw):
        code, out = run("check", path, "--format", "json", "--fail-on", "never")
        doc = json.loads(out)
        assert code == 0, doc["errors"][:3]
        assert doc["errors"] == [] and doc["summary"]["transcripts"] == 994
