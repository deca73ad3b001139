"""A progress bar on standard error for long runs: only when standard error is a terminal,
and only once the run has taken DELAY seconds (short runs stay silent)."""
from __future__ import annotations

import sys
import time

DELAY = 2.0


def wanted() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """`with Progress(total_bytes) as bar: bar.advance(n)`; total 0 disables it."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.bar = None
        self.task = None

    def __enter__(self) -> "Progress":
        return self

    def advance(self, amount: int) -> None:
        if not self.total:
            return
        self.done += amount
        if self.bar is None:
            if time.monotonic() - self.started < DELAY:
                return
            self._start()
        self.bar.update(self.task, completed=min(self.done, self.total))

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress as Bar, TaskProgressColumn, TextColumn, TimeRemainingColumn
        self.bar = Bar(TextColumn("检查中"), BarColumn(), TaskProgressColumn(), TextColumn("剩余"),
                       TimeRemainingColumn(), console=Console(file=sys.stderr), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("check", total=self.total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
