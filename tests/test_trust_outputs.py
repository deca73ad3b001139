"""Hostile chats through every output: masking, Markdown escaping, spreadsheet formulas (issue 10)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()
TARGETS = ROOT / "examples" / "scorecard" / "targets"
HOSTILE = """
- id: T-13912345678-1
  agent: 小美
  customer: 张小凡
  started_at: 2026-11-03T10:00:00+08:00
  messages:
    - {at: "10:00:00", from: customer, text: "我电话１３９１２３４５６７８，身份证11010519491231002X，邮箱 zxf@example.com"}
    - {at: "10:00:05", from: agent, text: "不行，139.1234.5678 不知道 ![x](http://evil.example/a.png) [点我](http://evil.example)"}
- id: "=1+2"
  agent: "@SUM(A1)"
  customer: "-cmd"
  started_at: 2026-11-04T10:00:00+08:00
  messages:
    - {at: "10:00:00", from: customer, text: 在吗}
    - {at: "10:00:05", from: agent, text: "=HYPERLINK(\\"http://evil.example\\",\\"不行\\") 不行"}
"""
SECRETS = ("12345678", "1234.5678", "１２３４", "19491231", "zxf@", "张小凡")


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "chats.yaml").write_text(HOSTILE, encoding="utf-8")
    code, _, err = run("check", root / "chats.yaml", "--record", "--db", root / "kefu.db", "--format", "json")
    assert code == 1, err
    return root


def _no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv", "html"])
def test_scorecard_masks_ids_and_text(db, fmt):
    code, out, err = run("scorecard", "--db", db / "kefu.db", "--month", "2026-11", "--targets", TARGETS,
                         "--format", fmt)
    assert code == 0, err
    _no_secrets(out)


def test_scorecard_xlsx_masks(db):
    openpyxl = pytest.importorskip("openpyxl")
    path = db / "m.xlsx"
    code, _, err = run("scorecard", "--db", db / "kefu.db", "--month", "2026-11", "--targets", TARGETS,
                       "--format", "xlsx", "-o", path)
    assert code == 0, err
    wb = openpyxl.load_workbook(path)
    _no_secrets(" ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _live(value) -> bool:
    """A string a spreadsheet would run as a formula (plain numbers like -10 are fine)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return False
    try:
        float(value)
        return False
    except ValueError:
        return True


def test_scorecard_csv_neutralises_formulas(db):
    code, out, err = run("scorecard", "--db", db / "kefu.db", "--month", "2026-11", "--targets", TARGETS,
                         "--format", "csv")
    assert code == 0, err
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert "'=1+2" in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if _live(c)]


def test_scorecard_xlsx_has_no_formulas(db):
    openpyxl = pytest.importorskip("openpyxl")
    path = db / "f.xlsx"
    code, _, err = run("scorecard", "--db", db / "kefu.db", "--month", "2026-11", "--targets", TARGETS,
                       "--format", "xlsx", "-o", path)
    assert code == 0, err
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if _live(c.value)]
    assert any(c.value == "'=1+2" for c in cells)


def _inert_markdown(md: str) -> None:
    from markdown_it import MarkdownIt
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<img" not in html and "<a " not in html, html
    assert "://" not in md and "](" not in md     # no bare URL a GFM viewer would turn into a link


def test_check_markdown_escapes_transcript_text(db):
    code, out, err = run("check", db / "chats.yaml", "--format", "markdown", "--fail-on", "never")
    assert code == 0, err
    assert "evil" in out
    _inert_markdown(out)
    _no_secrets(out)


def test_scorecard_markdown_escapes_transcript_text(tmp_path):
    from checker.ledger import Ledger
    chat = HOSTILE.replace("不知道 ![x]", "不行 ![x]")
    (tmp_path / "c.yaml").write_text(chat, encoding="utf-8")
    assert run("check", tmp_path / "c.yaml", "--record", "--db", tmp_path / "k.db")[0] == 1
    with Ledger.open(tmp_path / "k.db") as ledger:     # a finding whose words are the hostile text
        ledger.conn.execute("UPDATE findings SET text = '![x](http://evil.example/a.png) [点我](http://evil.example)'")
    code, out, err = run("scorecard", "--db", tmp_path / "k.db", "--month", "2026-11", "--targets", TARGETS,
                         "--format", "markdown")
    assert code == 0, err
    assert "evil" in out
    _inert_markdown(out)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rescore_masks(db, fmt):
    code, out, err = run("rescore", "--db", db / "kefu.db", "--month", "2026-11", "--as-of", "2020-01-01",
                         "--targets", TARGETS, "--format", fmt)
    assert code == 0, err
    _no_secrets(out)
    assert "最早" in err
