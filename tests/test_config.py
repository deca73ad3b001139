"""A shop's kefu.toml over the base rule base: `kefu init`, extend, rule and norm
settings, dated parameters, option defaults, and the errors a bad file gets."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker import config as config_module
from checker.cli import app

runner = CliRunner()

SHOP_EXTENSION = """
extend:
  - id: harsh-rude-words
    phrases: [爱咋咋地]
    examples:
      bad: [爱咋咋地吧你]
"""
SETTINGS = """
[rules.hedge-seems]
enabled = false

[parameters."response_time.deadline_seconds"]
from = 2026-12-01
value = 10
reason = "平台要求首次响应 10 秒内"
"""


def chat(cid: str, day: str, reply_after: int, agent_text: str) -> dict:
    return {"id": cid, "agent": "小美", "messages": [
        {"at": f"{day}T10:00:00+08:00", "from": "customer", "text": "这款支持无线充电吗？"},
        {"at": f"{day}T10:00:{reply_after:02d}+08:00", "from": "agent", "text": agent_text}]}


@pytest.fixture()
def shop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_CONFIG", raising=False)
    done = runner.invoke(app, ["init"])
    assert done.exit_code == 0, done.output
    with (tmp_path / "shop-policies" / "shop_rules.yaml").open("a", encoding="utf-8") as fh:
        fh.write(SHOP_EXTENSION)
    with (tmp_path / "kefu.toml").open("a", encoding="utf-8") as fh:
        fh.write(SETTINGS)
    yield tmp_path
    config_module.set_active(None)


def kefu(*args):
    return runner.invoke(app, [str(a) for a in args])


def findings(output: str) -> dict[str, list[str]]:
    data = json.loads(output)
    # a rule merged into another of its norm on the same message is named in also_rules
    return {t["id"]: [r for f in t["findings"] for r in (f["rule"], *f.get("also_rules", ()))]
            for t in data["transcripts"]}


def test_check_uses_the_effective_rule_base(shop):
    chats = shop / "chats.jsonl"
    rows = [chat("dec-late", "2026-12-02", 15, "亲，您好，好像可以的，爱咋咋地"),    # 15 s > 10 s from 12-01
            chat("nov-ok", "2026-11-20", 15, "亲，您好，这款板材是零甲醛的")]       # 15 s < 20 s before it
    chats.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    done = kefu("check", chats, "--format", "json", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    found = findings(done.output)
    assert "harsh-rude-words" in found["dec-late"]            # a phrase added to a base rule
    assert "hedge-seems" not in found["dec-late"]             # a rule switched off
    assert "response-over-deadline" in found["dec-late"]      # the deadline changed from a date …
    assert "response-over-deadline" not in found["nov-ok"]    # … and not before it
    assert "shop-forbidden-claims" in found["nov-ok"]         # the shop's own rule
    base = kefu("--no-config", "check", chats, "--format", "json", "--fail-on", "never")
    assert "hedge-seems" in findings(base.output)["dec-late"]
    assert json.loads(base.output)["policy"]["version"] != json.loads(done.output)["policy"]["version"]


def test_lint_rules_test_and_quiz_use_it_too(shop):
    templates = shop / "templates.yaml"
    templates.write_text("- code: a1\n  text: 爱咋咋地\n- code: a2\n  text: 亲，我们家是零甲醛的哦\n", encoding="utf-8")
    done = kefu("lint", templates, "--format", "json", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    rules = {f["rule"] for t in json.loads(done.output)["templates"] for f in t["findings"]}
    assert {"harsh-rude-words", "shop-forbidden-claims"} <= rules
    tested = kefu("rules", "test", "harsh-rude-words", "shop-forbidden-claims")
    assert tested.exit_code == 0 and "爱咋咋地吧你" in tested.output and "零甲醛" in tested.output
    listed = kefu("rules", "list", "--format", "json")
    ids = {r["id"] for r in json.loads(listed.output)["rules"]}
    assert "shop-forbidden-claims" in ids and "hedge-seems" not in ids
    made = kefu("quiz", "make", "--month", "2026-12", "--agent", "小美", "--seed", "1", "--out", shop / "paper")
    assert made.exit_code == 0, made.output
    key = (shop / "paper" / "key.yaml").read_text(encoding="utf-8")
    assert "hedge-seems" not in key
    effective = kefu("config", "check")
    assert effective.exit_code == 0 and effective.output.split("版本 ")[1].strip() in key


def test_config_show_names_where_each_value_comes_from(shop):
    done = kefu("config", "show")
    assert done.exit_code == 0, done.output
    assert "rules.hedge-seems.enabled = false" in done.output and "kefu.toml:" in done.output
    assert 'parameters."response_time.deadline_seconds" 自 2026-12-01 起 = 10' in done.output


@pytest.mark.parametrize("text, words", [
    ("colour = 1\n", ["kefu.toml:1", "未知的键 colour", "extend"]),
    ("[rules.no-such-rule]\nlevel = \"warning\"\n", ["kefu.toml:2", "没有这条规则"]),
    ("[rules.hedge-seems]\nlevel = \"loud\"\n", ["kefu.toml:2", "review | warning | error"]),
    ("[rules.hedge-seems]\ncolour = 1\n", ["kefu.toml:2", "允许：enabled, level, points"]),
    ("[norms.nonsense]\nenabled = false\n", ["kefu.toml:1", "未知的规范 nonsense"]),
    ('[parameters."response_time.deadline_seconds"]\nfrom = 2026-12-01\nvalue = 10\n', ["缺少 reason"]),
    ("[defaults]\nfail_on = \"sometimes\"\n", ["kefu.toml:2", "never"]),
    ("extend = [\n", ["TOML 语法错误"]),
])
def test_bad_configuration_names_file_line_and_allowed_values(tmp_path, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kefu.toml").write_text(text, encoding="utf-8")
    try:
        done = kefu("config", "check")
    finally:
        config_module.set_active(None)
    assert done.exit_code == 2
    for word in words:
        assert word in done.output
    assert "Traceback" not in done.output


def test_defaults_and_pyproject_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kefu.defaults]\nformat = "json"\n',
                                             encoding="utf-8")
    (tmp_path / "c.yaml").write_text("id: T1\nagent: a\nmessages:\n  - {from: agent, text: 好的}\n", encoding="utf-8")
    try:
        done = kefu("check", "c.yaml")
        assert json.loads(done.output)["summary"]["transcripts"] == 1       # JSON by default now
        plain = kefu("check", "c.yaml", "--format", "text")                 # the command line wins
        assert not plain.output.lstrip().startswith("{")
    finally:
        config_module.set_active(None)


def test_init_never_overwrites(shop):
    again = kefu("init")
    assert again.exit_code == 2 and "已存在" in again.output


def test_version_and_short_help():
    assert kefu("--version").output.startswith("kefu ")
    assert "用法" in kefu("-h").output
