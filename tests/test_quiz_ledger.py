"""The quiz with the ledger (checker.ledger): question history for no-repeat, papers and
exam results recorded (feeding the scorecard), stats read back, practice weighted by the
norms an agent broke.

Two layers: a stand-in ledger that implements the agreed API (always runs: it checks what
the quiz calls), and the real `checker.ledger` (skipped while that module is absent)."""
from __future__ import annotations

import json
from datetime import date
import sys
import types
from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT
from quiz.keyfile import read_key

runner = CliRunner()
POLICIES = ["--policies", str(ROOT / "policies")]


class FakeLedger:
    """The agreed API: open(path|None) as a context manager, record_exam, exam_results,
    record_paper, question_history, norm_counts."""
    stores: dict = {}
    calls: list = []

    def __init__(self, path):
        self.data = FakeLedger.stores.setdefault(str(path), {"papers": [], "exams": []})

    @classmethod
    @contextmanager
    def open(cls, path=None):
        cls.calls.append(("open", path))
        yield cls(path)

    def record_paper(self, agent, month, paper_id, question_ids):
        self.calls.append(("record_paper", agent, month, paper_id))
        self.data["papers"] = [p for p in self.data["papers"] if (p[0], p[1]) != (agent, month)]
        self.data["papers"].append((agent, month, paper_id, list(question_ids)))

    def question_history(self, agent, months):
        self.calls.append(("question_history", agent, tuple(months)))
        return {q for a, m, _, qs in self.data["papers"] if a == agent and m in months for q in qs}

    def record_exam(self, agent, month, paper_id, score, max_score, taken_at=None, details=None):
        self.calls.append(("record_exam", agent, month, paper_id, score, max_score))
        self.data["exams"].append({"agent": agent, "month": month, "paper_id": paper_id, "score": score,
                                   "max_score": max_score, "taken_at": taken_at, "details": json.dumps(details)})

    def exam_results(self, month, agent=None):
        return [e for e in self.data["exams"] if e["month"] == month and (agent is None or e["agent"] == agent)]

    def norm_counts(self, agent, since=None):
        self.calls.append(("norm_counts", agent, since))
        return {"hedging": 9, "shouting": 2} if agent == "小美" else {}


@pytest.fixture()
def fake_ledger(monkeypatch, tmp_path):
    module = types.ModuleType("checker.ledger")
    module.Ledger = FakeLedger
    monkeypatch.setitem(sys.modules, "checker.ledger", module)
    FakeLedger.stores.clear()
    FakeLedger.calls.clear()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    return tmp_path / "kefu.db"


def make(out, month, agent, db):
    result = runner.invoke(app, ["quiz", "make", "--month", month, "--agent", agent, "--out", str(out),
                                 "--db", str(db), *POLICIES])
    assert result.exit_code == 0, result.output
    return read_key(out / "key.yaml")


def answers_for(key, path, right=True):
    rows = [f"{i.number},{i.question.answer if right else ''}\n" for i in key.items]
    path.write_text("题号,答案\n" + "".join(rows), encoding="utf-8")
    return path


def test_make_uses_the_ledger_history(fake_ledger, tmp_path):
    first = make(tmp_path / "10", "2026-10", "小美", fake_ledger)
    second = make(tmp_path / "11", "2026-11", "小美", fake_ledger)
    assert not {i.question.id for i in first.items} & {i.question.id for i in second.items}
    assert ("question_history", "小美", ("2026-10", "2026-09", "2026-08")) in FakeLedger.calls
    assert ("record_paper", "小美", "2026-11", second.paper) in FakeLedger.calls


def test_grade_records_the_exam_and_stats_read_it(fake_ledger, tmp_path):
    for agent, right in (("小美", True), ("阿杰", False)):
        key = make(tmp_path / agent, "2026-11", agent, fake_ledger)
        result = runner.invoke(app, ["quiz", "grade", "--key", str(tmp_path / agent / "key.yaml"),
                                     "--answers", str(answers_for(key, tmp_path / f"{agent}.csv", right)),
                                     "--db", str(fake_ledger)])
        assert result.exit_code == 0, result.output
        assert "已记入台账" in result.output
    assert ("record_exam", "小美", "2026-11", read_key(tmp_path / "小美" / "key.yaml").paper, 100, 100) in FakeLedger.calls
    assert any(c[:2] == ("record_exam", "阿杰") and c[4] == 0 for c in FakeLedger.calls)
    stats = runner.invoke(app, ["quiz", "stats", "--month", "2026-11", "--db", str(fake_ledger), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.output)
    assert data["papers"] == 2 and data["passed"] == 1


def test_kefu_db_file_in_the_working_directory_is_found(fake_ledger, tmp_path):
    fake_ledger.write_bytes(b"")            # ./kefu.db exists: the ledger is used without --db
    result = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--out", str(tmp_path / "p"),
                                 *POLICIES])
    assert result.exit_code == 0 and "已记录到台账" in result.output
    assert ("open", None) in FakeLedger.calls


def test_practice_weights_from_the_ledger(fake_ledger):
    result = runner.invoke(app, ["quiz", "practice", "--agent", "小美", "--count", "1", "--seed", "1",
                                 "--db", str(fake_ledger), *POLICIES], input="")
    assert result.exit_code == 0, result.output
    assert "按你最近常犯的规范加权出题：不确定字眼 9 次" in result.output
    call = next(c for c in FakeLedger.calls if c[0] == "norm_counts")
    assert call[1] == "小美" and isinstance(call[2], date)


def test_db_without_ledger_module_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "checker.ledger", None)     # import fails
    result = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--out", str(tmp_path),
                                 "--db", str(tmp_path / "x.db"), *POLICIES])
    assert result.exit_code == 2 and "checker.ledger" in result.output


# ---- the real ledger ------------------------------------------------------------------

@pytest.fixture()
def real_ledger(monkeypatch, tmp_path):
    pytest.importorskip("checker.ledger", reason="checker.ledger (the SQLite ledger) is not in this tree yet")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    return tmp_path / "ledger.db"


def test_real_ledger_history_and_results(real_ledger, tmp_path):
    first = make(tmp_path / "10", "2026-10", "小美", real_ledger)
    second = make(tmp_path / "11", "2026-11", "小美", real_ledger)
    assert not {i.question.id for i in first.items} & {i.question.id for i in second.items}
    result = runner.invoke(app, ["quiz", "grade", "--key", str(tmp_path / "11" / "key.yaml"),
                                 "--answers", str(answers_for(second, tmp_path / "a.csv")), "--db", str(real_ledger)])
    assert result.exit_code == 0 and "已记入台账" in result.output, result.output
    from checker.ledger import Ledger
    with Ledger.open(real_ledger) as ledger:
        rows = ledger.exam_results("2026-11", agent="小美")
    assert rows and rows[-1]["score"] == 100
    stats = runner.invoke(app, ["quiz", "stats", "--month", "2026-11", "--db", str(real_ledger), "--format", "json"])
    assert stats.exit_code == 0 and json.loads(stats.output)["papers"] == 1, stats.output


def test_real_ledger_practice_runs(real_ledger):
    result = runner.invoke(app, ["quiz", "practice", "--agent", "小美", "--count", "1", "--db", str(real_ledger),
                                 *POLICIES], input="")
    assert result.exit_code == 0, result.output
