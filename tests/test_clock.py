"""The loader dates each message as it reads it (times.Clock): the same datetimes and the same
problems, in the same order, as the two passes it replaced (parse every `at`, then resolve
them all, then check the zones), kept here as the reference."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import given, settings, strategies as st

from checker.loaders.canonical import parse_record
from checker.loaders.times import ROLLOVER_STEP, _span, check_zones, message_time, parse_when


def _reference_resolve(raw, start, problems):
    resolved, ref, day, zone = {}, start, None, None
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
            if back and candidate < ref - ROLLOVER_STEP:
                candidate, back = candidate + timedelta(days=1), False
                day = None
        except OverflowError:
            problems.append((f"messages[{index}]", f"messages[{index}].at 超出了可表示的日期范围"))
            continue
        if back:
            problems.append((f"messages[{index}]",
                             f"messages[{index}].at 的时刻 {when.isoformat()} 比前面的 {ref.time().isoformat()} "
                             f"早了 {_span(ref - candidate)}：消息顺序颠倒了？只有倒退一小时以上才算跨过午夜；"
                             "请按时间顺序排列消息，或写出完整的日期时间"))
            continue
        ref = resolved[index] = candidate
    return resolved


def _reference(record):
    """(each message's datetime, the problems) as the loader found them before the Clock."""
    problems = []
    start = None
    if record.get("started_at") is not None:
        try:
            start = parse_when(record["started_at"], "started_at", bare_ok=False)
        except ValueError as exc:
            problems.append(("", str(exc)))
    raw = []
    for index, item in enumerate(record["messages"]):
        at, when = item.get("at"), None
        if at is not None:
            try:
                when = message_time(at) if isinstance(at, str) else parse_when(at, "", bare_ok=True)
            except ValueError:
                try:
                    parse_when(at, f"messages[{index}].at", bare_ok=True)
                except ValueError as exc:
                    problems.append((f"messages[{index}]", str(exc)))
        raw.append((index, when))
    resolved = _reference_resolve(raw, start, problems)
    ats = [resolved.get(i) for i in range(len(record["messages"]))]
    named = [("started_at", start)] if start is not None else []
    named += [(f"messages[{i}].at", v) for i, v in enumerate(ats) if v is not None]
    check_zones(named, problems)
    return ats, [reason for _, reason in problems]


AT = st.one_of(
    st.none(),
    st.builds(lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 24), st.integers(0, 60), st.integers(0, 59)),
    st.sampled_from(["2026-11-11T23:59:50+08:00", "2026-11-11T08:00:00", "2026-11-12T00:00:05+00:00",
                     "9999-12-31T23:59:00", "10:00", "7:05:03.25", "2026-11-11", "午后", "", 12, 3.5]),
)
START = st.sampled_from([None, "2026-11-11T08:00:00+08:00", "2026-11-11T22:00:00", "9999-12-31T23:00:00", "10:00:00"])


@settings(max_examples=400, deadline=None)
@given(START, st.lists(AT, min_size=1, max_size=12))
def test_the_clock_dates_as_the_two_passes_did(start, ats):
    record = {"id": "c", "agent": "a", "messages": [
        {"from": "agent", "text": "x"} | ({} if at is None else {"at": at}) for at in ats]}
    if start is not None:
        record["started_at"] = start
    transcript, problems = parse_record(record)
    expected_ats, expected_problems = _reference(record)
    if expected_problems:
        assert transcript is None and [reason for _, reason in problems] == expected_problems
    else:
        assert problems == [] and [m.at for m in transcript.messages] == expected_ats


def test_a_bare_time_before_its_reference_by_seconds_is_out_of_order():
    record = {"id": "c", "agent": "a", "messages": [
        {"from": "customer", "text": "a", "at": "2026-11-11T10:00:05+08:00"},
        {"from": "agent", "text": "b", "at": "10:00:01"}, {"from": "agent", "text": "c", "at": "09:00:00"}]}
    transcript, problems = parse_record(record)
    assert transcript is None and [where for where, _ in problems] == ["messages[1]"]
    assert problems == [(w, r) for w, r in zip(["messages[1]"], _reference(record)[1])]


def test_timed_means_every_message_has_a_time():
    from checker.model import Message, Transcript
    at = datetime(2026, 11, 11, 8, 0)
    assert not Transcript("c", "a", []).timed
    assert Transcript("c", "a", [Message(0, "agent", "x", at), Message(1, "customer", "y", at)]).timed
    assert not Transcript("c", "a", [Message(0, "agent", "x", at), Message(1, "customer", "y")]).timed
