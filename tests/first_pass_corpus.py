"""A .jsonl of overlapping chats for the first-pass tests: repeated ids, a broken line,
replies on time, late and out of order, several agents (tests/test_read_ahead.py and
tests/test_parallel_first_pass.py)."""
from __future__ import annotations

import json
from pathlib import Path


def overlapping_chats(path: Path, count: int, ids: int, late_every: int, disorder_every: int,
                      reply=lambda i: "在的", broken_at: int = 10, extra_lines=()) -> Path:
    """`count` chats under `ids` distinct ids; every `late_every`-th reply is late, every
    `disorder_every`-th goes back in time; a broken line at `broken_at`."""
    lines = []
    for i in range(count):
        minute = i % 50
        second = 45 if i % late_every == 0 else 5
        lines.append(json.dumps({"id": f"C-{i % ids}", "agent": "小美" if i % 2 else "阿杰", "messages": [
            {"at": f"2026-11-11T10:{minute:02d}:00+08:00", "from": "customer", "text": "在吗，这个有货吗"},
            {"at": f"10:{minute:02d}:{second:02d}" if i % disorder_every else "09:00:00", "from": "agent",
             "text": reply(i)}]}, ensure_ascii=False))
    lines.insert(broken_at, "{broken")
    for position, record in extra_lines:
        lines.insert(position, json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
