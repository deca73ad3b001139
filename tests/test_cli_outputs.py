"""One `-o` handling and one `--format` registry for every command that writes a report:
`-o -`, `-o missing/dir/file` and `-o existing_dir` behave the same in check, lint,
scorecard, quiz grade, quiz export (text and binary formats), and an unknown format is
the same usage error listing the allowed values everywhere."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.outputs import OUTPUTS, formats
from conftest import REFUSAL_CHAT, ROOT
from quiz.keyfile import read_key

runner = CliRunner()
CHAT = REFUSAL_CHAT
TARGETS = ROOT / "examples" / "scorecard" / "targets"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A chat, a ledger with it, an exam paper and its answers."""
    root = tmp_path_factory.mktemp("outputs")
    (root / "a.yaml").write_text(CHAT, encoding="utf-8")
    done = runner.invoke(app, ["--no-config", "check", str(root / "a.yaml"), "--record", "--db", str(root / "kefu.db")])
    assert done.exit_code == 1, done.output
    done = runner.invoke(app, ["--no-config", "quiz", "make", "--month", "2026-11", "--agent", "小美", "--seed", "o",
                               "--out", str(root / "paper")])
    assert done.exit_code == 0, done.output
    key = read_key(root / "paper" / "key.yaml")
    (root / "answers.csv").write_text("题号,答案\n" + "".join(f"{i.number},{i.question.answer}\n" for i in key.items),
                                      encoding="utf-8")
    return root


def commands(root):
    """(name, arguments before -o, what the output starts with or contains, exit code)."""
    db = ["--db", str(root / "kefu.db"), "--month", "2026-11", "--targets", str(TARGETS)]
    key = root / "paper" / "key.yaml"
    return {
        "check json": (["check", str(root / "a.yaml"), "--format", "json"], b'{"tool"', 1),
        "check text": (["check", str(root / "a.yaml")], "T-out-1".encode(), 1),
        "lint sarif": (["lint", str(ROOT / "examples" / "templates"), "--format", "sarif"], b"{", 0),
        "scorecard csv": (["scorecard", *db, "--format", "csv"], "小美".encode(), 0),
        "scorecard xlsx": (["scorecard", *db, "--format", "xlsx"], b"PK", 0),
        "quiz grade": (["quiz", "grade", "--key", str(root / "paper" / "key.yaml"), "--answers",
                        str(root / "answers.csv"), "--db", str(root / "exam.db"), "--replace"], b"paper:", 0),
        # the paper's questions, not the whole pool: the -o handling is the point, not the size
        "quiz export gift": (["quiz", "export", "--format", "gift", "--month", "2026-11", "--key", str(key)], b"//", 0),
        "quiz export anki": (["quiz", "export", "--format", "anki", "--month", "2026-11", "--key", str(key)], b"PK", 0),
    }


NAMES = list(commands(ROOT))


def invoke(args, cwd, monkeypatch):
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("KEFU_DB", raising=False)
    return runner.invoke(app, ["--no-config", *args])


@pytest.mark.parametrize("name", NAMES)
def test_dash_is_standard_output(setup, tmp_path, monkeypatch, name):
    args, expected, code = commands(setup)[name]
    result = invoke([*args, "-o", "-"], tmp_path, monkeypatch)
    assert result.exit_code == code, (result.output, result.exception)
    assert expected in result.stdout_bytes
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_folder_is_created(setup, tmp_path, monkeypatch, name):
    args, expected, code = commands(setup)[name]
    target = tmp_path / "missing" / "dir" / "file"
    result = invoke([*args, "-o", str(target)], tmp_path, monkeypatch)
    assert result.exit_code == code, (result.output, result.exception)
    assert expected in target.read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_an_existing_folder_is_a_usage_error(setup, tmp_path, monkeypatch, name):
    args, _, _ = commands(setup)[name]
    (tmp_path / "existing").mkdir()
    result = invoke([*args, "-o", str(tmp_path / "existing")], tmp_path, monkeypatch)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.startswith(f"输出路径 {tmp_path / 'existing'} 是一个目录：请给出文件名"), result.stderr
    assert "Traceback" not in result.output
    assert list((tmp_path / "existing").iterdir()) == []


@pytest.mark.parametrize("command, args", [
    ("check", ["check", "x.yaml"]), ("lint", ["lint", "x.yaml"]), ("scorecard", ["scorecard"]),
    ("rules list", ["rules", "list"]), ("quiz grade", ["quiz", "grade", "--key", "k", "--answers", "a"]),
    ("quiz stats", ["quiz", "stats", "--month", "2026-11"]), ("quiz export", ["quiz", "export", "-o", "-"]),
    ("listing", ["ledger"]), ("listing", ["user", "list"]), ("listing", ["audit"]),
])
def test_an_unknown_format_lists_the_allowed_values(tmp_path, monkeypatch, command, args):
    result = invoke([*args, "--format", "nosuch"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    message = re.sub(r"[\s│╭╮╰╯─]", "", result.stderr)
    assert "'--format'/'-f'的值无效：'nosuch'不是可选值之一，可选：" + "、".join(formats(command)) in message, \
        result.stderr


def test_every_registered_renderer_exists():
    for command, outputs in OUTPUTS.items():
        for fmt, spec in outputs.items():
            if spec.renderer:
                assert callable(spec.load()), (command, fmt)
