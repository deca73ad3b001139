"""Time in the ledger: ISO strings in China time (UTC+8), the users' clock."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

CHINA = timezone(timedelta(hours=8))
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def now() -> datetime:
    return datetime.now(CHINA)


def now_iso() -> str:
    return iso(now())


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def iso(moment: datetime) -> str:
    return aware(moment).astimezone(CHINA).isoformat(timespec="seconds")


def parse(text: str | None) -> datetime | None:
    return aware(datetime.fromisoformat(text)) if text else None


def as_moment(value: date | datetime | None) -> datetime:
    """A date means the start of that day (China time); None means now."""
    if value is None:
        return now()
    if isinstance(value, datetime):
        return aware(value)
    return datetime.combine(value, time(), CHINA)


def month_of(day: date | datetime | str) -> str:
    return str(day)[:7] if isinstance(day, str) else f"{day.year:04d}-{day.month:02d}"


def check_month(month: str) -> str:
    if not isinstance(month, str) or not MONTH_RE.match(month):
        from . import LedgerError
        raise LedgerError(f"月份 {month!r} 格式不对：应为 YYYY-MM，如 2026-11")
    return month


def previous_months(month: str, count: int) -> list[str]:
    """The `count` months before `month`, most recent first."""
    year, mon = int(month[:4]), int(month[5:7])
    out = []
    for _ in range(count):
        mon -= 1
        if mon == 0:
            year, mon = year - 1, 12
        out.append(f"{year:04d}-{mon:02d}")
    return out
