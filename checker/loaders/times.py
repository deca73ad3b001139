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
    if len(value) == 8 and value[2] == ":" and value[5] == ":" and value.isascii():
        if value[:2].isdigit() and value[3:5].isdigit() and value[6:].isdigit():
            try:
                return time.fromisoformat(value)    # = time(int(HH), int(MM), int(SS)), in C
            except ValueError:
                pass                    # out of range: _parse_when words the problem
    return _parsed_time(value)


@lru_cache(maxsize=8192)
def _parsed_time(value: str) -> datetime | time:
    return parse_when(value, "", bare_ok=True)


def resolve_times(raw: list[tuple[int, datetime | time | None]], start: datetime | None,
                   problems: list[Problem]) -> dict[int, datetime]:
    """Give bare times a date: that of the latest known datetime, rolling over midnight."""
    resolved: dict[int, datetime] = {}
    ref = start
    day = zone = None           # ref's date and zone, while ref stays the same
    for index, when in raw:
        if when is None:
            continue
        if isinstance(when, datetime):
            ref = resolved[index] = when
            day = None
            continue
        if ref is None:
            problems.append((f"messages[{index}]",
                             f"messages[{index}].at 只有时刻 {when.isoformat()}，没有日期可依："
                             "请填写 started_at，或在它之前的消息里写出完整的日期时间"))
            continue
        try:
            if day is None:
                day, zone = ref.date(), ref.tzinfo
            candidate = datetime.combine(day, when, tzinfo=zone)
            back = candidate < ref
            if back and candidate < ref - ROLLOVER_STEP:  # the clock went back by hours: past midnight
                candidate, back = candidate + timedelta(days=1), False
                day = None
        except OverflowError:
            problems.append((f"messages[{index}]", f"messages[{index}].at 超出了可表示的日期范围"))
            continue
        if back:  # back by seconds or minutes: the messages are out of order
            problems.append((f"messages[{index}]",
                             f"messages[{index}].at 的时刻 {when.isoformat()} 比前面的 {ref.time().isoformat()} "
                             f"早了 {_span(ref - candidate)}：消息顺序颠倒了？只有倒退一小时以上才算跨过午夜；"
                             "请按时间顺序排列消息，或写出完整的日期时间"))
            continue
        ref = resolved[index] = candidate
    return resolved


def _span(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    return f"{seconds} 秒" if seconds < 60 else f"{seconds // 60} 分 {seconds % 60} 秒"


def check_zones(named: list[tuple[str, datetime]], problems: list[Problem]) -> None:
    aware = [name for name, dt in named if dt.tzinfo is not None]
    naive = [name for name, dt in named if dt.tzinfo is None]
    if aware and naive:
        problems.append(("", f"时间写法不统一：{aware[0]} 带时区而 {naive[0]} 不带。"
                             "请统一加上时区（如 +08:00），或统一都不加"))
