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
