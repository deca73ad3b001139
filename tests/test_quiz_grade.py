"""`kefu quiz grade`: answers as YAML or CSV, normalised; score, per-question results
with the correct answer and the rule's explanation, pass or fail."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT
from quiz.answers import normalise
from quiz.keyfile import read_key

runner = CliRunner()


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    out = tmp_path_factory.mktemp("paper")
    result = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--seed", "grade",
                                 "--out", str(out), "--policies", str(ROOT / "policies")])
    assert result.exit_code == 0, result.output
    return out


def grade(paper, answers, *extra):
    return runner.invoke(app, ["quiz", "grade", "--key", str(paper / "key.yaml"), "--answers", str(answers),
                               *map(str, extra)])


def write_csv(path, rows):
    path.write_text("题号,答案\n" + "".join(f"{n},{a}\n" for n, a in rows), encoding="utf-8-sig")
    return path


def test_full_marks_from_csv(paper, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    key = read_key(paper / "key.yaml")
    answers = write_csv(tmp_path / "a.csv", [(i.number, i.question.answer) for i in key.items])
    result = grade(paper, answers)
    assert result.exit_code == 0, result.output
    assert "得分：100 / 100" in result.output and "合格" in result.output
    assert "满分：计入月度考核加分" in result.output and "客服考试分数为满分" in result.output
    assert "没有台账" in result.output


def test_wrong_answers_show_the_correct_answer_and_the_rule(paper, tmp_path):
    key = read_key(paper / "key.yaml")
    rows = []
    for i in key.items:
        q = i.question
        wrong = {"true_false": "对" if q.answer == "错" else "错", "number": "999",
                 "ordering": q.answer[::-1]}.get(q.type, "A" if q.answer != "A" else "B")
        rows.append((i.number, wrong))
    result = grade(paper, write_csv(tmp_path / "w.csv", rows))
    assert result.exit_code == 0, result.output
    assert "得分：0 / 100" in result.output and "不合格" in result.output
    assert "B7" in result.output and "客服考试，得分在 60 以下" in result.output
    for i in key.items:
        assert i.question.explanation.source in result.output
        assert f"第 {i.number} 题　正确答案：" in result.output


def test_yaml_answers_in_both_shapes_and_json_output(paper, tmp_path):
    key = read_key(paper / "key.yaml")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"paper: {key.paper}\nanswers:\n" + "".join(
        f"  {i.number}: '{i.question.answer}'\n" for i in key.items), encoding="utf-8")
    rows = tmp_path / "r.yaml"
    rows.write_text("".join(f"- {{题号: {i.number}, 答案: '{i.question.answer}'}}\n" for i in key.items[:-1])
                    + f"- {{题号: {key.items[-1].number}, 答案: ''}}\n", encoding="utf-8")
    full = json.loads(grade(paper, mapping, "--format", "json").output)
    assert full["score"] == full["max_score"] == 100 and full["passed"] and full["full_marks"]
    assert len(full["questions"]) == len(key.items)
    assert all(set(q) >= {"id", "rules", "norm", "correct", "score"} for q in full["questions"])
    short = json.loads(grade(paper, rows, "--format", "json").output)
    last = key.items[-1]
    assert short["score"] == 100 - last.points and not short["questions"][-1]["correct"]


def test_result_file_for_stats(paper, tmp_path):
    key = read_key(paper / "key.yaml")
    answers = write_csv(tmp_path / "a.csv", [(i.number, i.question.answer if n < 10 else "")
                                             for n, i in enumerate(key.items)])
    result = grade(paper, answers, "--out", tmp_path / "graded" / "xm.yaml")
    assert result.exit_code == 0
    from ruamel.yaml import YAML
    data = YAML(typ="safe").load((tmp_path / "graded" / "xm.yaml").read_text(encoding="utf-8"))
    assert data["format"] == "kefu-quiz-result/1" and data["agent"] == "小美" and data["month"] == "2026-11"
    assert data["score"] == sum(i.points for i in key.items[:10])


def test_answers_of_another_paper_are_refused(paper, tmp_path):
    other = tmp_path / "o.yaml"
    other.write_text("paper: 2026-11-00000000\nanswers: {1: A}\n", encoding="utf-8")
    result = grade(paper, other)
    assert result.exit_code == 2 and "2026-11-00000000" in result.output


def test_unreadable_inputs_are_usage_errors(paper, tmp_path):
    assert grade(paper, tmp_path / "missing.csv").exit_code == 2
    bad_key = tmp_path / "k.yaml"
    bad_key.write_text("a: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["quiz", "grade", "--key", str(bad_key), "--answers", str(bad_key)])
    assert result.exit_code == 2 and "kefu quiz make" in result.output


@pytest.mark.parametrize("qtype,text,meant", [
    ("pick_bad", " ｃ ", "C"), ("pick_bad", "b.", "B"), ("pick_bad", "AB", None), ("pick_bad", "", None),
    ("true_false", "√", "对"), ("true_false", "×", "错"), ("true_false", "F", "错"), ("true_false", "正确", "对"),
    ("true_false", "也许", None), ("number", "２０秒", "20"), ("number", "20.0", "20"), ("number", "约3天", "3"),
    ("number", "不知道", None), ("ordering", "d, a, b → c", "DABC"), ("ordering", "甲乙", None),
])
def test_normalise(qtype, text, meant):
    assert normalise(qtype, text) == meant
