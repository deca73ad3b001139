"""`kefu quiz grade` refuses bad answer files with file and line, never replaces a stored
result by accident (`--replace`), and keeps the old result in the ledger (issue 10)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.ledger import Ledger
from conftest import ROOT
from quiz.keyfile import read_key

runner = CliRunner()


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    out = tmp_path_factory.mktemp("trust-paper")
    result = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--seed", "trust",
                                 "--out", str(out), "--policies", str(ROOT / "policies")])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    return tmp_path


def grade(paper, answers, *extra):
    return runner.invoke(app, ["quiz", "grade", "--key", str(paper / "key.yaml"), "--answers", str(answers),
                               *map(str, extra)])


def rows(paper, right=True):
    return [(i.number, i.question.answer if right else "") for i in read_key(paper / "key.yaml").items]


def csv_text(rows_):
    return "题号,答案\n" + "".join(f"{n},{a}\n" for n, a in rows_)


def bad(paper, tmp_path, name, content, *where):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = grade(paper, path, "--db", tmp_path / "kefu.db")
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert str(path) in result.stderr
    for word in where:
        assert word in result.stderr, result.stderr
    with Ledger.open(tmp_path / "kefu.db") as ledger:
        assert ledger.exam_results("2026-11") == []
    return result.stderr


def test_empty_files_are_input_errors(paper, work):
    bad(paper, work, "empty.csv", b"", "空")
    bad(paper, work, "header.csv", "题号,答案\n", "没有")
    bad(paper, work, "empty.yaml", "", "空")


def test_broken_csv_quoting_names_the_line(paper, work):
    r = rows(paper)
    text = csv_text(r[:2]) + f'{r[2][0]},"{r[2][1]}\n' + csv_text(r[3:]).split("\n", 1)[1]
    bad(paper, work, "quote.csv", text, "第 4 行", "引号")


def test_unknown_question_number_names_the_line(paper, work):
    text = csv_text(rows(paper) + [(99, "A")])
    line = len(rows(paper)) + 2
    bad(paper, work, "extra.csv", text, f"第 {line} 行", "99")


def test_missing_questions_are_an_error(paper, work):
    bad(paper, work, "partial.csv", csv_text(rows(paper)[:-2]), "缺少")


def test_blank_question_number_names_the_line(paper, work):
    bad(paper, work, "blank.csv", csv_text(rows(paper)) + ",A\n", "题号")


def test_huge_fields_are_refused_without_traceback(paper, work):
    bad(paper, work, "huge.csv", "题号,答案\n1," + "A" * (10 * 1024 * 1024) + "\n", "过大")
    bad(paper, work, "long.csv", csv_text([(n, a if n != 2 else "A" * 5000) for n, a in rows(paper)]), "第 3 行")


def test_yaml_unknown_number_names_the_line(paper, work):
    text = "answers:\n" + "".join(f"  {n}: '{a}'\n" for n, a in rows(paper)) + "  77: A\n"
    bad(paper, work, "a.yaml", text, f"第 {len(rows(paper)) + 2} 行", "77")


def test_blank_answers_are_unanswered_not_errors(paper, work):
    path = work / "blank.csv"
    path.write_text(csv_text(rows(paper, right=False)), encoding="utf-8")
    result = grade(paper, path)
    assert result.exit_code == 0, result.output
    assert "得分：0" in result.output


def test_regrading_needs_replace_and_keeps_history(paper, work):
    db = work / "kefu.db"
    wrong, right = work / "wrong.csv", work / "right.csv"
    wrong.write_text(csv_text(rows(paper, right=False)), encoding="utf-8")
    right.write_text(csv_text(rows(paper)), encoding="utf-8")
    assert grade(paper, wrong, "--db", db).exit_code == 0
    again = grade(paper, right, "--db", db)
    assert again.exit_code == 2 and "--replace" in again.stderr
    broken = work / "broken.csv"
    broken.write_text("题号,答案\n1,\"A\n", encoding="utf-8")
    assert grade(paper, broken, "--db", db, "--replace").exit_code == 2
    with Ledger.open(db) as ledger:
        (stored,) = ledger.exam_results("2026-11")
        assert stored["score"] == 0
    replaced = grade(paper, right, "--db", db, "--replace")
    assert replaced.exit_code == 0, replaced.output
    with Ledger.open(db) as ledger:
        (stored,) = ledger.exam_results("2026-11")
        assert stored["score"] == 100
        (old,) = ledger.exam_history("小美", stored["paper_id"])
        assert old["score"] == 0 and old["replaced_at"]


def test_result_file_is_not_overwritten_without_replace(paper, work):
    path = work / "right.csv"
    path.write_text(csv_text(rows(paper)), encoding="utf-8")
    out = work / "results" / "小美.yaml"
    assert grade(paper, path, "-o", out).exit_code == 0
    before = out.read_text(encoding="utf-8")
    again = grade(paper, path, "-o", out)
    assert again.exit_code == 2 and "--replace" in again.stderr
    assert grade(paper, path, "-o", out, "--replace").exit_code == 0
    assert out.read_text(encoding="utf-8") == before


def test_result_to_standard_output(paper, work):
    path = work / "right.csv"
    path.write_text(csv_text(rows(paper)), encoding="utf-8")
    result = grade(paper, path, "-o", "-")
    assert result.exit_code == 0 and "format: kefu-quiz-result/1" in result.stdout
    assert not (work / "-").exists()


def test_result_onto_a_folder_is_a_usage_error(paper, work):
    path = work / "right.csv"
    path.write_text(csv_text(rows(paper)), encoding="utf-8")
    (work / "dir").mkdir()
    result = grade(paper, path, "-o", work / "dir")
    assert result.exit_code == 2 and "是一个目录" in result.stderr
