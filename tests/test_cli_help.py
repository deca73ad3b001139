"""Help and errors in Chinese at 80 columns: every command's and subcommand's --help
(the whole command tree, walked) fits 80 columns, is never cut with "…", shows each
command's summary whole as a complete sentence, and carries none of typer's and click's
English defaults."""
from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import unicodedata

import pytest
import typer
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()
ENGLISH = ("Usage:", "Options", "Commands", "Arguments", "Show this message", "[default:", "[required]",
           "env var", "Try '", "for help", "Error", "Missing argument", "Missing option", "No such option",
           "No such command", "Invalid value", "Possible options", "Did you mean", "Install completion",
           "Show completion", "[OPTIONS]", "COMMAND [ARGS]")


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def walk(command, path=()):
    yield list(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


TREE = list(walk(typer.main.get_command(app)))


def summary(command) -> str:
    """What a group's command list shows for a command: its first paragraph."""
    text = command.short_help or inspect.cleandoc(command.help or "").split("\n\n")[0]
    return " ".join(text.split())


def squeeze(text: str) -> str:
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


@pytest.fixture(autouse=True)
def columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)


def test_the_tree_is_walked():
    names = {" ".join(path) for path, _ in TREE}
    assert {"", "check", "lint", "rules list", "quiz stats", "quiz pool", "ledger import", "user add"} <= names


@pytest.mark.parametrize("path, command", TREE, ids=[" ".join(p) or "kefu" for p, _ in TREE])
def test_help_fits_80_columns_in_chinese(path, command):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert max(width(line) for line in out.splitlines()) <= 80
    assert "…" not in out, "a help text was cut"
    assert not [e for e in ENGLISH if e in out]
    assert "用法：" in out and "显示本帮助并退出。" in out
    first = summary(command)
    assert first.endswith("。"), f"{path}: the summary is not a complete sentence: {first}"
    assert squeeze(first) in squeeze(out)
    for name, sub in getattr(command, "commands", {}).items():
        assert squeeze(summary(sub)) in squeeze(out), f"{name}'s summary is cut in {path}'s help"


def test_square_brackets_in_help_are_shown():
    out = runner.invoke(app, ["--help"]).output + runner.invoke(app, ["check", "--help"]).output
    assert "[tool.kefu]" in out and "kefu[dask]" in squeeze(out)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["check", "--nosuch"], ["check"],
                                  ["check", "x", "--format", "nosuch"], ["nosuch"], ["quiz", "make"],
                                  ["check", "x", "--jobs", "0"]])
def test_no_english_defaults(args):
    result = runner.invoke(app, args)
    out = result.output + (result.stderr if result.exit_code else "")
    assert not [e for e in ENGLISH if e in out], out
    if result.exit_code:
        assert result.exit_code == 2 and "错误" in out and "查看帮助" in out


def test_errors_in_chinese_from_the_installed_command():
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "checker.cli", "check", "--nosuch"], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert done.returncode == 2
    assert "没有这个选项：--nosuch" in done.stderr and "用法：" in done.stderr
    assert not [e for e in ENGLISH if e in done.stderr + done.stdout]
