"""eval/show.py, the labellers' viewer: wrong arguments get its usage, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("args", [[], ["jddc-0e9cc64358d6"], ["--session-queue", "x.tsv", "a", "b"], ["--queue", "x.tsv"]])
def test_wrong_arguments_print_the_usage_and_exit_2(args):
    done = subprocess.run([sys.executable, str(ROOT / "eval" / "show.py"), *args], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "show.py 0 40" in done.stderr


def test_help_prints_the_usage():
    done = subprocess.run([sys.executable, str(ROOT / "eval" / "show.py"), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "show.py 0 40" in done.stdout


def test_a_missing_queue_file_is_named():
    done = subprocess.run([sys.executable, str(ROOT / "eval" / "show.py"), "--session-queue", "/nonexistent/q.tsv", "0", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "/nonexistent/q.tsv" in done.stderr and "Traceback" not in done.stderr
