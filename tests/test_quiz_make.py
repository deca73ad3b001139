"""`kefu quiz make` as a user runs it: the paper, the separate key, determinism, the
blueprint, different agents, no repeats of the previous months (history file)."""
from __future__ import annotations

import csv
from collections import Counter
from html.parser import HTMLParser

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()
FILES = ("paper.md", "paper.html", "answer-sheet.csv", "key.yaml")


def make(out, month="2026-11", agent="小美", *extra):
    result = runner.invoke(app, ["quiz", "make", "--month", month, "--agent", agent, "--out", str(out),
                                 "--policies", str(ROOT / "policies"), *map(str, extra)])
    assert result.exit_code == 0, result.output
    return result


def key_of(out):
    return YAML(typ="safe").load((out / "key.yaml").read_text(encoding="utf-8"))


def test_make_writes_paper_html_sheet_and_key(tmp_path):
    result = make(tmp_path / "p")
    for name in FILES:
        assert (tmp_path / "p" / name).is_file(), name
    key = key_of(tmp_path / "p")
    assert key["agent"] == "小美" and key["month"] == "2026-11" and key["paper"] in result.output
    html = (tmp_path / "p" / "paper.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
    HTMLParser().feed(html)
    rows = list(csv.reader((tmp_path / "p" / "answer-sheet.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["题号", "答案"] and [r[0] for r in rows[1:]] == [str(q["number"]) for q in key["questions"]]
    assert all(r[1] == "" for r in rows[1:])


def test_same_month_agent_seed_give_the_same_bytes(tmp_path):
    make(tmp_path / "a", "2026-11", "小美", "--seed", "s1")
    make(tmp_path / "b", "2026-11", "小美", "--seed", "s1")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_same_bytes_from_another_process(tmp_path):
    """A fresh interpreter with another hash seed builds the pool anew: same files."""
    import os
    import subprocess
    import sys
    make(tmp_path / "here", "2026-11", "阿杰", "--seed", "x")
    env = dict(os.environ, PYTHONHASHSEED="12345",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("KEFU_DB", None)
    subprocess.run([sys.executable, "-m", "checker.cli", "quiz", "make", "--month", "2026-11", "--agent", "阿杰",
                    "--seed", "x", "--out", str(tmp_path / "there"), "--policies", str(ROOT / "policies")],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    for name in FILES:
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes(), name


def test_agents_and_seeds_get_different_papers(tmp_path):
    make(tmp_path / "a", "2026-11", "小美")
    make(tmp_path / "b", "2026-11", "阿杰")
    make(tmp_path / "c", "2026-11", "小美", "--seed", "2")
    ids = {d: [q["id"] for q in key_of(tmp_path / d)["questions"]] for d in "abc"}
    assert ids["a"] != ids["b"] and ids["a"] != ids["c"]
    assert len(set(ids["a"]) & set(ids["b"])) < len(ids["a"]) // 2


def test_paper_follows_the_blueprint(tmp_path):
    from quiz.policydata import load_blueprint
    bp = load_blueprint(ROOT / "policies")
    make(tmp_path / "p")
    key = key_of(tmp_path / "p")
    got = Counter((q["group"], q["type"]) for q in key["questions"])
    want = Counter({(g.id, t): n for g in bp.groups for t, n in g.questions.items()})
    assert got == want
    assert sum(q["points"] for q in key["questions"]) == bp.full_mark == 100
    assert key["pass_mark"] == 60 and key["minutes"] == bp.minutes
    for q in key["questions"]:
        group = next(g for g in bp.groups if g.id == q["group"])
        assert q["norm"] in group.norms and q["points"] == bp.points[q["type"]]
    assert sorted(Counter(q["family"] for q in key["questions"]).values())[-1] == 1   # no rule twice


def test_every_question_records_rules_and_policy_version(tmp_path, policy):
    make(tmp_path / "p")
    key = key_of(tmp_path / "p")
    rule_ids = {r.id for r in policy.rules}
    for q in key["questions"]:
        assert q["rules"] and set(q["rules"]) <= rule_ids, q["id"]
        assert q["policy"] == key["policy"] and q["policy"].startswith(policy.version)


def test_paper_never_contains_an_answer(tmp_path, policy):
    make(tmp_path / "p", "2026-11", "小美", "--key-out", tmp_path / "secret" / "key.yaml")
    assert not (tmp_path / "p" / "key.yaml").exists()
    key = YAML(typ="safe").load((tmp_path / "secret" / "key.yaml").read_text(encoding="utf-8"))
    paper = (tmp_path / "p" / "paper.md").read_text(encoding="utf-8")
    html = (tmp_path / "p" / "paper.html").read_text(encoding="utf-8")
    assert "答案：" not in paper and "正确答案" not in paper
    for q in key["questions"]:
        for rid in q["rules"]:
            assert rid not in paper and rid not in html
        assert q["norm"] not in paper
        for text in (q["explanation"]["message"], q["explanation"].get("suggestion"), q["explanation"]["source"]):
            if text:
                assert text not in paper, (q["id"], text)
        section = paper.split(f"**{q['number']}.**", 1)[1].split("\n**", 1)[0]
        shown = "\n".join(line for line in section.splitlines() if not line.startswith("#"))
        shown = shown.replace(q["stem"], "").replace(f"（{q['points']} 分）", "")
        if q["type"] == "number":
            assert q["answer"] not in shown


def test_no_repeat_of_the_previous_months(tmp_path):
    from quiz.policydata import load_blueprint
    months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    hist = tmp_path / "history.yaml"
    ids = {}
    for month in months:
        make(tmp_path / month, month, "小美", "--history", hist)
        ids[month] = {q["id"] for q in key_of(tmp_path / month)["questions"]}
    window = load_blueprint(ROOT / "policies").no_repeat_months
    assert window == 3
    for i, month in enumerate(months):
        for before in months[max(0, i - window):i]:
            assert not ids[month] & ids[before], (month, before)
    # the history file holds one entry per agent and month, and re-making a month is stable
    seed = key_of(tmp_path / "2026-11")["seed"]        # the key keeps the secret seed it was drawn with
    again = make(tmp_path / "again", "2026-11", "小美", "--history", hist, "--seed", seed)
    assert "已记录" in again.output
    assert (tmp_path / "again" / "paper.md").read_bytes() == (tmp_path / "2026-11" / "paper.md").read_bytes()
    papers = YAML(typ="safe").load(hist.read_text(encoding="utf-8"))["papers"]
    assert sorted(p["month"] for p in papers) == months


def test_without_history_it_warns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    monkeypatch.delenv("KEFU_QUIZ_HISTORY", raising=False)
    result = make(tmp_path / "p")
    assert "无法避开往月考过的题" in result.output


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026/11"])
def test_bad_month_is_a_usage_error(tmp_path, month):
    result = runner.invoke(app, ["quiz", "make", "--month", month, "--agent", "小美", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "YYYY-MM" in result.output
