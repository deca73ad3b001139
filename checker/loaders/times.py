"""Timestamps of the canonical transcript format: full ISO 8601 datetimes, and bare clock
readings (10:00:01) dated from the latest full datetime before them, rolling over midnight
only when the clock goes back by an hour or more. Problems are (where, reason) pairs."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

_BARE_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
AT_HINT = "应为 ISO 8601 日期时间（如 2026-11-03T10:00:01+08:00）或当天时刻（如 10:00:01）"

# A bare time earlier than the one before it rolls over midnight only when the clock went
# back by at least this much; a smaller step back is an out-of-order input error.
ROLLOVER_STEP = timedelta(hours=1)

Problem = tuple[str, str]  # (where inside the record, e.g. "messages[4]"; reason)


# ---------------------------------------------------------------- describing values

def kind_of(value: Any) -> str:
    names = [(bool, "布尔值"), (int, "整数"), (float, "数字"), (str, "字符串"), (dict, "对象（映射）"),
             (list, "列表"), (datetime, "日期时间"), (date, "日期")]
    if value is None:
        return "空值（null）"
    for cls, name in names:
        if isinstance(value, cls):
            return name
    return type(value).__name__


def show(value: Any) -> str:
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


# ---------------------------------------------------------------- timestamps

def parse_when(value: Any, field: str, *, bare_ok: bool) -> datetime | time:
    """A datetime, or a ``time`` for a bare clock reading; raises ValueError(reason)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        if bare_ok:  # a message: a date alone says nothing about when
            raise ValueError(f"{field} 只有日期 {value} 没有时刻：{AT_HINT}")
        return datetime.combine(value, time())
    if isinstance(value, int) and not isinstance(value, bool) and bare_ok:
        raise ValueError(f"{field} 的值 {value} 不是时间：{AT_HINT}；"
                         "YAML 文件若声明了 %YAML 1.1，请给时刻加引号（\"10:00:01\"）")
    if not isinstance(value, str):
        raise ValueError(f"{field} 的值 {show(value)} 无效：{AT_HINT}")
    text = value.strip()
    bare = _BARE_TIME.fullmatch(text)
    if bare:
        hour, minute, second, frac = bare.groups()
        if not bare_ok:
            raise ValueError(f"{field} 的值 {show(value)} 只有时刻：请写完整的日期时间（如 2026-11-03T10:00:00+08:00）")
        try:
            return time(int(hour), int(minute), int(second or 0), int((frac or "0").ljust(6, "0")))
        except ValueError:
            raise ValueError(f"{field} 的值 {show(value)} 不是有效的时刻：{AT_HINT}") from None
    if bare_ok and _DATE_ONLY.fullmatch(text):
        raise ValueError(f"{field} 只有日期 {show(value)} 没有时刻：{AT_HINT}")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{field} 的值 {show(value)} 无效：{AT_HINT}") from None


def message_time(value: str) -> datetime | time:
    """A message's `at` string parsed. The common bare clock reading HH:MM:SS (ASCII
    digits) is read directly, as `parse_when` would read it; anything else is parsed
    by `parse_when`, once per distinct string (readings repeat)."""
    if _CLOCK_READING(value) is not None:
        try:
            return _from_clock(value)       # = time(int(HH), int(MM), int(SS)), in C
        except ValueError:
            pass                        # out of range: _parse_when words the problem
    return _parsed_time(value)


_CLOCK_READING = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}").fullmatch
_from_clock = time.fromisoformat


@lru_cache(maxsize=8192)
def _parsed_time(value: str) -> datetime | time:
    return parse_when(value, "", bare_ok=True)


def resolve_times(raw: list[tuple[int, datetime | time | None]], start: datetime | None,
                   problems: list[Problem]) -> dict[int, datetime]:
    """Give bare times a date: that of the latest known datetime, rolling over midnight."""
    resolved: dict[int, datetime] = {}
    clock = Clock(start, problems)
    for index, when in raw:
        if when is not None:
            value = clock.resolve(index, when)
            if value is not None:
                resolved[index] = value
    return resolved


class Clock:
    """`resolve_times` one message at a time, in order: `resolve(index, when)` is the
    message's datetime, or None with a problem added. `naive` collects whether each full
    datetime given was naive (a bare time takes the zone of the datetime it is dated from)."""
    __slots__ = ("ref", "day", "zone", "problems", "naive")

    def __init__(self, start: datetime | None, problems: list[Problem]):
        self.ref = start
        self.day = self.zone = None     # ref's date and zone, while ref stays the same
        self.problems = problems
        self.naive: set[bool] = set()

    def resolve(self, index: int, when: datetime | time) -> datetime | None:
        day = self.day
        if day is not None and when.__class__ is time:      # the common case: no step back from ref
            candidate = datetime.combine(day, when, self.zone)
            if candidate >= self.ref:
                self.ref = candidate
                return candidate
        if isinstance(when, datetime):
            self.ref, self.day = when, None
            self.naive.add(when.tzinfo is None)
            return when
        ref = self.ref
        if ref is None:
            self.problems.append((f"messages[{index}]",
                                  f"messages[{index}].at 只有时刻 {when.isoformat()}，没有日期可依："
                                  "请填写 started_at，或在它之前的消息里写出完整的日期时间"))
            return None
        try:
            if day is None:
                day = self.day = ref.date()
                self.zone = ref.tzinfo
            candidate = datetime.combine(day, when, tzinfo=self.zone)
            back = candidate < ref
            if back and candidate < ref - ROLLOVER_STEP:  # the clock went back by hours: past midnight
                candidate, back = candidate + timedelta(days=1), False
                self.day = None
        except OverflowError:
            self.problems.append((f"messages[{index}]", f"messages[{index}].at 超出了可表示的日期范围"))
            return None
        if back:  # back by seconds or minutes: the messages are out of order
            self.problems.append((f"messages[{index}]",
                                  f"messages[{index}].at 的时刻 {when.isoformat()} 比前面的 {ref.time().isoformat()} "
                                  f"早了 {_span(ref - candidate)}：消息顺序颠倒了？只有倒退一小时以上才算跨过午夜；"
                                  "请按时间顺序排列消息，或写出完整的日期时间"))
            return None
        self.ref = candidate
        return candidate


def _span(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    return f"{seconds} 秒" if seconds < 60 else f"{seconds // 60} 分 {seconds % 60} 秒"


def check_zones(named: list[tuple[str, datetime]], problems: list[Problem]) -> None:
    aware = [name for name, dt in named if dt.tzinfo is not None]
    naive = [name for name, dt in named if dt.tzinfo is None]
    if aware and naive:
        problems.append(("", f"时间写法不统一：{aware[0]} 带时区而 {naive[0]} 不带。"
                             "请统一加上时区（如 +08:00），或统一都不加"))
