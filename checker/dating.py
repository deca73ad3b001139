"""The day a chat belongs to when its messages carry no date (JDDC exports): the month
the user names (`kefu check --month`), or a date in the file's name or its folder's."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

DATE_IN_NAME = re.compile(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def file_day(origin: str) -> date | None:
    """A date written in the file name (jddc_20261106.txt, 2026-11-06.jsonl) or, failing
    that, in the name of its folder. `origin` may end in :line or #record."""
    path = Path(re.sub(r"[:#]\d+$", "", origin or ""))
    for part in (path.name, path.parent.name):
        for found in DATE_IN_NAME.finditer(part):
            try:
                return date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                continue
    return None


def source_day(origin: str, month: str | None) -> date | None:
    """The day an undated chat is filed under: the file's date when it lies in `month` (or
    no month is given), else the first day of `month`; None when nothing names a date."""
    named = file_day(origin)
    if month is None:
        return named
    if named is not None and f"{named.year:04d}-{named.month:02d}" == month:
        return named
    return date(int(month[:4]), int(month[5:7]), 1)
