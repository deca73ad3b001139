"""Walking a directory for input files: shared by `kefu check` and `kefu lint`."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

Unreadable = tuple[Path, str]        # a directory that could not be listed, and why (Chinese)


def walk(directory: Path, accept: Callable[[Path], bool], seen: set[str] | None = None
         ) -> Iterator[Path | Unreadable]:
    """Accepted files below ``directory``, depth first in name order; hidden entries
    skipped; a symlink loop is entered once."""
    seen = set() if seen is None else seen
    real = os.path.realpath(directory)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield directory, f"无法读取目录：{exc.strerror or exc}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from walk(entry, accept, seen)
        elif entry.is_file() and accept(entry):
            yield entry
