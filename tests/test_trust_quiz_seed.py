"""`kefu quiz make` without --seed draws a secret seed kept in the key (issue 10)."""
from __future__ import annotations

import re

from ruamel.yaml import YAML
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()


def make(out, *extra):
    result = runner.invoke(app, ["quiz", "make", "--month", "2026-11", "--agent", "小美", "--out", str(out),
                                 "--policies", str(ROOT / "policies"), *map(str, extra)])
    assert result.exit_code == 0, result.output
    return YAML(typ="safe").load((out / "key.yaml").read_text(encoding="utf-8"))


def test_without_seed_the_paper_cannot_be_regenerated_from_month_and_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    secret = make(tmp_path / "secret")
    assert re.fullmatch(r"[0-9a-f]{32}", secret["seed"])
    guessed = make(tmp_path / "guess", "--seed", "")           # what a candidate would try
    assert guessed["paper"] != secret["paper"]
    other = make(tmp_path / "other")
    assert other["seed"] != secret["seed"]
    again = make(tmp_path / "again", "--seed", secret["seed"])  # the key's seed gives the same paper
    assert again["paper"] == secret["paper"]
    for name in ("paper.md", "answer-sheet.csv", "key.yaml"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "secret" / name).read_bytes(), name
