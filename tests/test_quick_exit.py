"""The console script ends a finished `kefu check` without tearing the process down
(checker/cli/__init__.py `main`): the same output and exit code, all of it flushed through a
pipe; any other ending (a usage error, another command) goes the ordinary way."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, slim_policies

CHILD = r"""
import atexit, sys
atexit.register(lambda: sys.stderr.write("torn-down\n"))
from checker.cli import main
sys.argv = ["kefu", *sys.argv[1:]]
main()
"""


def _kefu(tmp_path, *args):
    env = {**os.environ, "KEFU_CACHE": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", CHILD, "--no-config", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _chats(tmp_path, n=300):
    path = tmp_path / "chats.jsonl"
    lines = [json.dumps({"id": f"T-{i}", "agent": "小美", "messages": [
        {"role": "customer", "text": "在吗"}, {"role": "agent", "text": "不行!!!" if i % 3 == 0 else "在的亲"}]},
        ensure_ascii=False) for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_finished_check_ends_at_once_with_its_output_and_exit_code(tmp_path):
    policies = slim_policies(tmp_path / "p", "shouting.yaml")
    chats = _chats(tmp_path)
    for fail_on, code in (("never", 0), ("warning", 1)):
        done = _kefu(tmp_path, "check", str(chats), "--policies", str(policies), "--format", "json",
                     "--fail-on", fail_on)
        assert done.returncode == code, done.stderr
        assert "torn-down" not in done.stderr
        report = json.loads(done.stdout)                   # all of it, flushed through the pipe
        assert len(report["transcripts"]) == 300
    text = _kefu(tmp_path, "check", str(chats), "--policies", str(policies), "--fail-on", "never")
    assert text.returncode == 0 and text.stdout.count("T-") >= 100 and "torn-down" not in text.stderr


def test_other_endings_go_the_ordinary_way(tmp_path):
    policies = slim_policies(tmp_path / "p", "shouting.yaml")
    usage = _kefu(tmp_path, "check", str(_chats(tmp_path, 1)), "--policies", str(policies), "--rule", "no-such-rule")
    assert usage.returncode == 2 and "torn-down" in usage.stderr
    listed = _kefu(tmp_path, "rules", "list", "--policies", str(policies))
    assert listed.returncode == 0 and "torn-down" in listed.stderr
