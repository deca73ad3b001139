"""The first pass of a big `kefu check`, lean: what concurrency needs of each record.

When a response-deadline rule is active, `kefu check` reads a big input twice: the first
pass only learns, per record that the check will accept, (id, agent, whether its times
are in order, when it opens and closes); checker/runner.py and checker/pipeline.py. The
full reader (canonical.parse_record) builds every Message and the record's other fields
only to throw them away here. `interval` reads the common, clean record directly: the
same checks decide that it is valid (the same functions read and resolve its times),
but nothing is built. Anything less common (timestamps on the record, other spellings
of roles or types, any problem at all) is read by the full reader, so both passes agree
on every record by construction; tests/test_lean_first_pass.py compares them.
"""
from __future__ import annotations

import json
import math
import re
from operator import le as _le
from datetime import datetime, time
from typing import Iterator

from ..model import CHANNELS, LoadError, Transcript
from .canonical import ROLE_ALIASES, jsonl_record
from .times import message_time, resolve_times

Record = tuple  # (id, agent, in time order, (start, end) epoch seconds or None)
_SLOW = object()


def interval(data) -> Record | None | object:
    """A decoded JSON record's (id, agent, ordered, span); `_SLOW` when only the full
    reader can tell (it then decides, valid or not)."""
    if type(data) is not dict:
        return _SLOW
    get = data.get
    tid, agent = get("id"), get("agent")
    if type(tid) is not str or type(agent) is not str or not tid.strip() or not agent.strip():
        return _SLOW
    customer, channel, tags, outcome = get("customer"), get("channel"), get("tags"), get("outcome")
    if customer is not None and type(customer) is not str:
        return _SLOW
    if channel is not None and (type(channel) is not str or channel not in CHANNELS):
        return _SLOW
    if tags and (type(tags) is not list or not all(type(t) is str for t in tags)):
        return _SLOW
    try:
        if outcome is not None and not _clean_outcome(outcome):
            return _SLOW
    except (OverflowError, TypeError):   # an amount too big for a float: the full reader's to report
        return _SLOW
    if get("started_at") is not None or get("service_at") is not None:
        return _SLOW
    items = get("messages")
    if type(items) is not list or not items:
        return _SLOW
    ats = []
    roles = ROLE_ALIASES
    for item in items:
        if type(item) is not dict:
            return _SLOW
        role, text, speaker, at = item.get("from"), item.get("text"), item.get("speaker"), item.get("at")
        if type(role) is not str or role not in roles or type(text) is not str:
            return _SLOW
        if (speaker is not None and type(speaker) is not str) or (at is not None and type(at) is not str):
            return _SLOW
        ats.append(at)
    quick = _clock_run(ats)
    if quick is not None:
        return tid, agent, True, quick
    return _times(tid, agent, ats)


def _times(tid: str, agent: str, ats: list) -> Record | object:
    """The record's times read as the full reader reads them (times.resolve_times)."""
    raw = []
    for index, at in enumerate(ats):
        try:
            raw.append((index, None if at is None else message_time(at)))
        except ValueError:
            return _SLOW
    problems: list = []
    resolved = resolve_times(raw, None, problems)
    if problems:
        return _SLOW
    moments = [resolved.get(index) for index in range(len(ats))]
    known = [m for m in moments if m is not None]
    if len({m.tzinfo is None for m in known}) > 1:
        return _SLOW                      # mixed zones: a problem the full reader words
    return tid, agent, _ordered(known), _span(moments)


_CLOCKS = re.compile(r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\n)*")   # readings HH:MM:SS, one a line


def _clock_run(ats: list) -> tuple[float, float] | None:
    """The span of the common shape: a full datetime first, then only clock readings
    HH:MM:SS that never go back. resolve_times gives them all the first one's date
    without any problem, in order; None for any other shape (then `_times` reads it).
    The readings are checked at once: one line each (so exactly 8 characters each, as
    no reading can hold a line break where the pattern allows one), and zero-padded
    readings are in time order exactly when they are in string order."""
    if not ats or ats[0] is None or len(ats[0]) <= 8:
        return None
    try:
        ref = message_time(ats[0])
    except ValueError:
        return None
    if not isinstance(ref, datetime):
        return None
    rest = ats[1:]
    if not rest:
        last = None
    else:
        if None in rest:
            return None
        lines = "\n".join(rest) + "\n"
        if len(lines) != 9 * len(rest) or _CLOCKS.fullmatch(lines) is None:
            return None
        first = rest[0]
        start = ref.hour * 3600 + ref.minute * 60 + ref.second + (1 if ref.microsecond else 0)
        if int(first[:2]) * 3600 + int(first[3:5]) * 60 + int(first[6:]) < start:
            return None                   # back: a rollover past midnight or a problem
        if not all(map(_le, rest, rest[1:])):
            return None
        last = rest[-1]
    from ..conversation import aware
    first_at = aware(ref).timestamp()
    if last is None:
        return first_at, first_at
    end = aware(datetime.combine(ref.date(), time.fromisoformat(last), tzinfo=ref.tzinfo)).timestamp()
    return min(first_at, end), max(first_at, end)


def _clean_outcome(value) -> bool:
    if type(value) is not dict:
        return False
    for flag in ("ordered", "paid"):
        if flag in value and type(value[flag]) is not bool:
            return False
    if "amount" in value:
        amount = value["amount"]
        if type(amount) not in (int, float) or not math.isfinite(amount):
            return False
    return True


def _ordered(known: list) -> bool:
    """conversation.out_of_order(...) is None, over the messages' resolved times."""
    from ..conversation import aware
    previous = None
    for moment in known:
        now = aware(moment)
        if previous is not None and now < previous:
            return False
        previous = now
    return True


def _span(moments: list) -> tuple[float, float] | None:
    """conversation.chat_interval: None unless every message has a time."""
    if any(m is None for m in moments):
        return None
    from ..conversation import aware
    first, last = aware(moments[0]).timestamp(), aware(moments[-1]).timestamp()
    return min(first, last), max(first, last)


def full_interval(item: Transcript) -> Record:
    """The same record read from a Transcript the full reader built."""
    from ..conversation import chat_interval, out_of_order
    return item.id, item.agent, out_of_order(item) is None, chat_interval(item)


def jsonl_intervals(file: str, lines) -> Iterator[Record]:
    """`Record`s of the accepted-shaped records among (line number, text) lines of a
    .jsonl file (a LoadError among them is skipped: the check pass reports it)."""
    for line in lines:
        if isinstance(line, LoadError):
            continue
        number, text = line
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue                      # not a record: the check pass reports it
        found = interval(data)
        if found is _SLOW:
            item = jsonl_record(file, number, text)
            if isinstance(item, Transcript):
                yield full_interval(item)
        else:
            yield found
