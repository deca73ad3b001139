"""`-o -`, `-o` into a missing folder or onto a folder, and unreadable files inside an
input directory: a clear outcome in every command (issue 10)."""
from __future__ import annotations

import builtins
import json
import pathlib

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import REFUSAL_CHAT, ROOT

runner = CliRunner()
CHAT = REFUSAL_CHAT
TEMPLATES = ROOT / "examples" / "templates"
TARGETS = ROOT / "examples" / "scorecard" / "targets"


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr, result.exception


@pytest.fixture()
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "a.yaml").write_text(CHAT, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    root = tmp_path_factory.mktemp("out-ledger")
    (root / "a.yaml").write_text(CHAT, encoding="utf-8")
    code, _, err, _ = run("check", root / "a.yaml", "--record", "--db", root / "kefu.db")
    assert code == 1, err
    return root / "kefu.db"


@pytest.mark.parametrize("args", [
    ("check", "chats", "--format", "json", "--fail-on", "never"),
    ("lint", TEMPLATES, "--format", "json"),
])
def test_dash_means_standard_output(work, args):
    code, out, err, exc = run(*args, "-o", "-")
    assert code == 0, (err, exc)
    assert json.loads(out)
    assert not (work / "-").exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_scorecard_dash_means_standard_output(work, ledger, fmt):
    code, out, err, exc = run("scorecard", "--db", ledger, "--month", "2026-11", "--targets", TARGETS,
                              "--format", fmt, "-o", "-")
    assert code == 0, (err, exc)
    assert "小美" in out and not (work / "-").exists()


def test_scorecard_xlsx_to_standard_output(work, ledger):
    result = runner.invoke(app, ["scorecard", "--db", str(ledger), "--month", "2026-11", "--targets", str(TARGETS),
                                 "--format", "xlsx", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"PK") and not (work / "-").exists()


@pytest.mark.parametrize("args, name", [
    (("check", "chats", "--format", "json", "--fail-on", "never"), "r.json"),
    (("lint", TEMPLATES, "--format", "sarif"), "r.sarif"),
])
def test_output_into_a_missing_folder_creates_it(work, args, name):
    target = work / "new" / "deeper" / name
    code, _, err, exc = run(*args, "-o", target)
    assert code == 0, (err, exc)
    assert json.loads(target.read_text(encoding="utf-8"))


def test_scorecard_output_into_a_missing_folder(work, ledger):
    target = work / "new" / "card.csv"
    code, _, err, exc = run("scorecard", "--db", ledger, "--month", "2026-11", "--targets", TARGETS,
                            "--format", "csv", "-o", target)
    assert code == 0, (err, exc)
    assert "小美" in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args", [
    ("check", "chats"), ("lint", TEMPLATES), ("quiz", "export", "--format", "gift"),
])
def test_output_onto_a_folder_is_a_usage_error(work, args):
    (work / "dir").mkdir()
    code, out, err, exc = run(*args, "-o", work / "dir")
    assert code == 2, exc
    assert "是一个目录" in err


def test_quiz_export_to_standard_output(work):
    code, out, err, exc = run("quiz", "export", "--format", "gift", "-o", "-", "--month", "2026-11")
    assert code == 0, (err, exc)
    assert "$CATEGORY" in out and "已导出" in err and not (work / "-").exists()


@pytest.fixture()
def unreadable(monkeypatch):
    """Files named secret.* cannot be opened (as when their mode is 000: tests run as root)."""
    real_open, real_path_open = builtins.open, pathlib.Path.open

    def guard(name, mode="r"):
        if "r" in mode and pathlib.Path(str(name)).name.startswith("secret."):
            raise PermissionError(13, "Permission denied", str(name))

    def fake_open(file, mode="r", *a, **k):
        guard(file, mode)
        return real_open(file, mode, *a, **k)

    def fake_path_open(self, mode="r", *a, **k):
        guard(self, mode)
        return real_path_open(self, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(pathlib.Path, "open", fake_path_open)


@pytest.mark.parametrize("name", ["secret.yaml", "secret.jsonl"])
def test_unreadable_chat_file_in_a_directory(work, unreadable, name):
    (work / "chats" / name).write_text("{}", encoding="utf-8")
    code, out, err, exc = run("check", "chats", "--format", "json")
    assert code == 2, exc
    doc = json.loads(out)
    assert doc["summary"]["transcripts"] == 1
    (error,) = doc["errors"]
    assert error["file"].endswith(name) and "无法读取" in error["error"]


def test_unreadable_template_file_in_a_directory(work, unreadable):
    (work / "t").mkdir()
    (work / "t" / "ok.yaml").write_text("- code: a\n  text: 亲，您好\n", encoding="utf-8")
    (work / "t" / "secret.yaml").write_text("- code: b\n  text: 您好\n", encoding="utf-8")
    code, out, err, exc = run("lint", work / "t", "--format", "json")
    assert code == 2, exc
    assert "secret.yaml" in out and "无法读取" in out


def test_rules_docs_dash_is_standard_output(work):
    code, out, err, exc = run("rules", "docs", "-o", "-")
    assert code == 0, (err, exc)
    assert out.startswith("#") and not (work / "-").exists()


def test_quiz_make_out_must_be_a_folder(work):
    code, out, err, exc = run("quiz", "make", "--month", "2026-11", "--agent", "小美", "--seed", "x", "--out", "-")
    assert code == 2 and "目录" in err and not (work / "-").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_scorecard_output_onto_a_folder(work, ledger, fmt):
    (work / "dir").mkdir()
    code, out, err, exc = run("scorecard", "--db", ledger, "--month", "2026-11", "--targets", TARGETS,
                              "--format", fmt, "-o", work / "dir")
    assert code == 2 and "是一个目录" in err, (err, exc)
