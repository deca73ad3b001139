"""`kefu quiz stats`: Moodle's facility index (mean score as a % of the maximum) and
discrimination index (100 × correlation of the item score with the rest of the test),
and the norms most agents got wrong."""
from __future__ import annotations

import hashlib
import json
import statistics

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT
from quiz.keyfile import read_key
from quiz.stats import cohort_stats, item_stats

runner = CliRunner()


def test_item_stats_match_the_moodle_definitions():
    marks = [5, 0, 5, 5, 0, 5]
    totals = [90, 40, 75, 100, 55, 60]
    rest = [t - m for t, m in zip(totals, marks)]
    s = item_stats("q", "pick_bad", "hedging", marks, 5, rest)
    assert s.facility == pytest.approx(100 * statistics.mean(marks) / 5)
    assert s.discrimination == pytest.approx(100 * statistics.correlation(marks, rest))
    assert s.sd == pytest.approx(100 * statistics.stdev(marks) / 5)


def test_undefined_when_no_spread_or_one_attempt():
    assert item_stats("q", "t", "n", [5, 5, 5], 5, [10, 20, 30]).discrimination is None
    one = item_stats("q", "t", "n", [0], 5, [50])
    assert one.facility == 0 and one.discrimination is None and one.sd is None


def test_cohort_over_different_papers():
    def paper(agent, marks):
        qs = [{"id": qid, "type": "true_false", "norm": norm, "points": 2, "score": m, "correct": m == 2}
              for qid, norm, m in marks]
        return {"agent": agent, "month": "2026-11", "score": sum(q["score"] for q in qs), "max_score": 6,
                "passed": sum(q["score"] for q in qs) >= 4, "questions": qs}
    results = [paper("甲", [("a", "hedging", 2), ("b", "shouting", 2), ("c", "blaming", 2)]),
               paper("乙", [("a", "hedging", 0), ("b", "shouting", 2), ("d", "blaming", 0)]),
               paper("丙", [("a", "hedging", 0), ("c", "blaming", 2), ("d", "blaming", 2)])]
    cohort = cohort_stats("2026-11", results)
    by_id = {s.id: s for s in cohort.items}
    assert by_id["a"].attempts == 3 and by_id["a"].facility == pytest.approx(100 / 3)
    assert by_id["a"].discrimination == pytest.approx(100 * statistics.correlation([2, 0, 0], [4, 2, 4]))
    assert by_id["d"].attempts == 2
    assert [n.norm for n in cohort.norms][:2] == ["hedging", "blaming"]
    assert cohort.norms[0].agents_wrong == 2 and cohort.norms[0].agents == 3
    assert cohort.passed == 2 and cohort.agents == 3


def test_stats_cli_over_graded_files(tmp_path):
    graded = tmp_path / "graded"
    for n, agent in enumerate(["小美", "阿杰", "小丽", "大伟"]):
        out = tmp_path / agent
        made = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", agent, "--out", str(out),
                                   "--seed", f"stats-{agent}",   # fixed papers: a random draw may share no telling question
                                   "--policies", str(ROOT / "policies")])
        assert made.exit_code == 0, made.output
        key = read_key(out / "key.yaml")
        # agent n gets about n quarters of the questions wrong, and every hedging question
        rows = []
        for i in key.items:
            q = i.question
            wrong = q.norm == "hedging" or int(hashlib.sha256(q.id.encode()).hexdigest(), 16) % 4 < n
            answer = ("对" if q.answer == "错" else "错") if q.type == "true_false" and wrong else \
                ("Z" if wrong else q.answer)
            rows.append(f"{i.number},{answer}\n")
        (tmp_path / f"{agent}.csv").write_text("题号,答案\n" + "".join(rows), encoding="utf-8")
        graded_run = runner.invoke(app, ["quiz", "grade", "--key", str(out / "key.yaml"),
                                         "--answers", str(tmp_path / f"{agent}.csv"),
                                         "--out", str(graded / f"{agent}.yaml")])
        assert graded_run.exit_code == 0, graded_run.output
    result = runner.invoke(app, ["quiz", "stats", "--month", "2026-11", "--graded", str(graded), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["papers"] == 4 and data["agents"] == 4
    assert all(0 <= q["facility"] <= 100 for q in data["questions"])
    shared = [q for q in data["questions"] if q["attempts"] >= 2]
    assert shared and any(q["discrimination"] is not None for q in shared)
    hedging = next(n for n in data["norms"] if n["norm"] == "hedging")
    assert hedging["wrong_rate"] == 1.0
    text = runner.invoke(app, ["quiz", "stats", "--month", "2026-11", "--graded", str(graded)])
    assert text.exit_code == 0 and "培训建议" in text.output and "不确定字眼" in text.output
    assert "难度系数" in text.output and "区分度" in text.output


def test_stats_without_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    result = runner.invoke(app, ["quiz", "stats", "--month", "2026-11"])
    assert result.exit_code == 2 and "--graded" in result.output
    result = runner.invoke(app, ["quiz", "stats", "--month", "2026-11", "--graded", str(tmp_path)])
    assert result.exit_code == 1 and "没有评分过的试卷" in result.output
