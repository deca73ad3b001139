"""The command line fits an 80-column terminal without cutting what users type."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

from checker.policy import load_policy


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_rules_list_never_cuts_a_rule_id_at_80_columns():
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "checker.cli", "--no-config", "rules", "list"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    for rule in load_policy().rules:
        assert rule.id in done.stdout, f"{rule.id} is cut or missing"
    assert max(width(line) for line in done.stdout.splitlines()) <= 80


# ---- every table at 80 columns and narrower: lines fit, ids whole -----------------------------
import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from checker.cli import app  # noqa: E402
from quiz.keyfile import read_key  # noqa: E402

runner = CliRunner()


def lines_fit(text: str, columns: int) -> None:
    assert text.strip()
    too_wide = [line for line in text.splitlines() if width(line) > columns]
    assert not too_wide, too_wide[:3]


def whole(ident: str, text: str) -> bool:
    return any(ident in line for line in text.splitlines())


@pytest.mark.parametrize("columns", [80, 60])
def test_rules_list_keeps_ids_whole(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = runner.invoke(app, ["--no-config", "rules", "list"])
    assert result.exit_code == 0, result.output
    lines_fit(result.output, columns)
    missing = [r.id for r in load_policy().rules if not whole(r.id, result.output)]
    assert not missing


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Two agents' graded papers of 2026-11 as result files."""
    root = tmp_path_factory.mktemp("graded")
    ids = set()
    for agent, correct in (("小美", True), ("阿杰", False)):
        paper = root / agent
        done = runner.invoke(app, ["--no-config", "quiz", "make", "--month", "2026-11", "--agent", agent,
                                   "--seed", "w", "--out", str(paper)])
        assert done.exit_code == 0, done.output
        key = read_key(paper / "key.yaml")
        ids |= {i.question.id for i in key.items}
        rows = "".join(f"{i.number},{i.question.answer if correct else 'Z'}\n" for i in key.items)
        (paper / "a.csv").write_text("题号,答案\n" + rows, encoding="utf-8")
        done = runner.invoke(app, ["--no-config", "quiz", "grade", "--key", str(paper / "key.yaml"), "--answers",
                                   str(paper / "a.csv"), "-o", str(root / "results" / f"{agent}.yaml"),
                                   "--db", str(root / f"{agent}.db")])
        assert done.exit_code == 0, done.output
    return root / "results", ids


@pytest.mark.parametrize("columns", [80, 60])
def test_quiz_stats_fits_and_keeps_ids_whole(monkeypatch, graded, columns):
    results, ids = graded
    monkeypatch.setenv("COLUMNS", str(columns))
    result = runner.invoke(app, ["--no-config", "quiz", "stats", "--month", "2026-11", "--graded", str(results)])
    assert result.exit_code == 0, result.output
    lines_fit(result.stdout, columns)
    missing = [i for i in ids if not whole(i, result.stdout)]
    assert not missing


@pytest.mark.parametrize("columns", [80, 60])
def test_quiz_pool_fits(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = runner.invoke(app, ["--no-config", "quiz", "pool", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    lines_fit(result.stdout, columns)
    assert "题库：" in result.stdout and "生成器放弃了" in result.stdout
