"""A light first pass: when each agent's chats open and close, without building them.

The response deadline depends on how many chats an agent has open, over the whole run,
so the runner reads a big input twice. For .jsonl (the bulk format) this pass only
decodes the JSON and parses the first and last full timestamps; anything less simple
(bare times, other formats) falls back to the full loader, so the result is the same.
"""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from checker.loaders import iter_files, load_file
from checker.model import Transcript

Interval = tuple[str, datetime, datetime]      # agent, first message, last message


def _full_datetime(value) -> datetime | None:
    if not isinstance(value, str) or len(value) < 19 or value[4] != "-" or value[10] not in "T ":
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _bare_time(value) -> time | None:
    return _clock(value) if isinstance(value, str) and 4 <= len(value) <= 8 and ":" in value else None


@lru_cache(maxsize=8192)
def _clock(value: str) -> time | None:
    """A bare clock reading (they repeat: each parsed once)."""
    try:
        return time.fromisoformat(value)
    except ValueError:
        return None


def _stamps(record: dict) -> list[datetime | None]:
    """Resolve each message's `at` as the canonical loader does: a bare time takes the
    date (and offset) of the latest full timestamp, rolling over midnight."""
    ref = _full_datetime(record.get("started_at"))
    out: list[datetime | None] = []
    for message in record["messages"]:
        value = message.get("at")
        moment = _full_datetime(value)
        if moment is None and ref is not None and (clock := _bare_time(value)) is not None:
            moment = datetime.combine(ref.date(), clock, tzinfo=ref.tzinfo)
            if moment < ref:
                moment += timedelta(days=1)
        out.append(moment)
        if moment is not None:
            ref = moment
    return out


def _jsonl_intervals(path: Path) -> Iterator[Interval | None]:
    """Intervals of simple records; None asks the caller to fall back for the file."""
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                messages, agent = record["messages"], record["agent"]
                stamps = _stamps(record)
            except (ValueError, KeyError, TypeError, AttributeError):
                yield None
                return
            if not isinstance(agent, str) or not stamps or any(s is None for s in stamps):
                if any(isinstance(m, dict) and m.get("at") for m in messages):
                    yield None            # bare times or a mix: the full loader decides
                    return
                continue                  # untimed: no interval
            if any(s.tzinfo is None for s in stamps) and any(s.tzinfo is not None for s in stamps):
                yield None
                return
            yield agent, stamps[0], stamps[-1]


def _full_intervals(path: Path) -> Iterator[Interval]:
    for item in load_file(path):
        if isinstance(item, Transcript) and item.timed:
            yield item.agent, item.messages[0].at, item.messages[-1].at


def add_intervals(paths: Iterable[str | Path], workload) -> None:
    """Add every timed chat's interval to `workload` (a conversation.Workload) as it is
    read: nothing is collected, so memory grows only by the workload's 16 bytes a chat.
    A .jsonl file the fast path cannot take is rolled back and read by the full loader."""
    for found in iter_files(paths):
        if not isinstance(found, Path):
            continue
        if found.suffix.lower() == ".jsonl":
            mark = workload.mark()
            for interval in _jsonl_intervals(found):
                if interval is None:
                    workload.rollback(mark)
                    break
                workload.add_interval(*interval)
            else:
                continue
        for interval in _full_intervals(found):
            workload.add_interval(*interval)
