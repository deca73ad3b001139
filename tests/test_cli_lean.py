"""The console script builds only the command a command line names (checker/cli/__init__.py
`main`): typer builds the click parameters of every registered command on each start, so
`kefu check` no longer pays for the other commands. The lean application must behave as the
whole one: the same help, errors, exit codes and output for the command it holds; anything
else (no command, help, --version, an unknown command, shell completion) gets the whole one."""
from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from checker import cli
from conftest import ROOT

runner = CliRunner()


@pytest.mark.parametrize("args, module", [
    (["check", "x.jsonl"], "check"),
    (["lint", "--help"], "check"),
    (["--no-config", "check", "x"], "check"),
    (["--config", "kefu.toml", "rules", "list"], "rules"),
    (["--config=kefu.toml", "quiz", "stats"], "quiz"),
    (["adjust", "--help"], "review"),
    (["waive"], "review"),
    (["user", "add"], "admin"),
    (["init"], "config"),
    (["config", "show"], "config"),
    (["ledger"], "ledger"),
    (["serve"], "serve"),
    (["rescore"], "scorecard"),
    ([], None),
    (["--help"], None),
    (["-h", "check"], None),
    (["--version"], None),
    (["chekc"], None),
    (["--config"], None),
    (["--config", "check"], None),          # "check" is the value of --config: no command named
    (["--bogus", "check"], None),
])
def test_the_module_of_a_command_line(args, module):
    assert cli._module_of(args) == module


def test_shell_completion_gets_the_whole_application(monkeypatch):
    monkeypatch.setenv("_KEFU_COMPLETE", "complete_bash")
    assert cli._module_of(["check"]) is None


def test_every_command_has_its_module():
    whole = typer.main.get_command(cli.build())
    named = {name for _, names in cli.GROUPS for name in names}
    assert set(whole.commands) == named
    for module, names in cli.GROUPS:
        lean = typer.main.get_command(cli.build((module,)))
        assert set(lean.commands) == set(names)
        assert [p.name for p in lean.params] == [p.name for p in whole.params]     # the global options


@pytest.mark.parametrize("args", [
    ["check", "--help"], ["check"], ["check", "--bogus", "x"], ["check", "x", "--format", "nope"],
    ["check", "no-such-file.jsonl", "--format", "json"], ["--no-config", "check", "--help"],
    ["lint", "--help"], ["rules", "--help"], ["rules", "show"], ["quiz", "--help"], ["ledger", "--help"],
    ["adjust", "--help"], ["user", "--help"], ["init", "--help"], ["config", "--help"], ["serve", "--help"],
    ["scorecard", "--help"], ["rescore", "--help"], ["--config", "no-such.toml", "check", "x"],
])
def test_the_lean_application_behaves_as_the_whole(args, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    module = cli._module_of(args)
    assert module is not None
    whole = runner.invoke(cli.build(), args)
    lean = runner.invoke(cli.build((module,)), args)
    assert (lean.exit_code, lean.output) == (whole.exit_code, whole.output)


def test_a_check_imports_no_other_command_module(tmp_path):
    chat = tmp_path / "a.jsonl"
    chat.write_text('{"id": "T-1", "agent": "小美", "messages": [{"role": "agent", "text": "在的亲"}]}\n',
                    encoding="utf-8")
    probe = ("import os, sys\nsys.argv = ['kefu', '--no-config', 'check', sys.argv[1], '--format', 'json']\n"
             "def report(code, end=os._exit):\n"
             "    sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.startswith('checker.cli.'))))\n"
             "    sys.stderr.flush()\n"
             "    end(code)\n"
             "os._exit = report\n"
             "from checker.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe, str(chat)], capture_output=True, text=True, cwd=ROOT,
                          env={**__import__("os").environ, "KEFU_CACHE": str(tmp_path / "cache")}, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split())
    assert "checker.cli.check" in loaded
    assert not loaded & {"checker.cli.quiz", "checker.cli.ledger", "checker.cli.scorecard", "checker.cli.admin",
                         "checker.cli.review", "checker.cli.serve", "checker.cli.rules"}
