"""No tracked text file carries a merge's conflict markers (a bad merge of eval/blind/README.md once
left three; the rules, the labels and the README are all read by people and tools)."""
from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT

MARKER = re.compile(r"^(<{7}|>{7}) ", re.M)


def tracked_text_files() -> list:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: no list of tracked files")
    return [ROOT / name for name in out.splitlines() if name.endswith((".md", ".yaml", ".yml", ".py", ".tsv", ".toml", ".txt"))]


def test_no_tracked_file_has_conflict_markers():
    bad = [str(path.relative_to(ROOT)) for path in tracked_text_files()
           if path.is_file() and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert bad == []
