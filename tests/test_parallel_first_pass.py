"""The first pass of a big input (when each chat opens and closes, for the concurrency of
the response deadline) runs in the worker processes with --jobs N and counts exactly
the chats the serial pass counts: the first of an id, in time order, readable."""
from __future__ import annotations

import json

import checker.pipeline as pipeline
import checker.workers as workers
from checker.loaders import iter_transcripts
from checker.runner import _accepted, accepted_intervals


def test_parallel_first_pass_counts_what_the_serial_one_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 600)          # many small tasks
    lines = []
    for i in range(60):
        minute = i % 50
        lines.append(json.dumps({"id": f"C-{i % 55}", "agent": "小美" if i % 2 else "阿杰", "messages": [
            {"at": f"2026-11-11T10:{minute:02d}:00+08:00", "from": "customer", "text": "在吗"},
            {"at": f"10:{minute:02d}:{9 if i % 9 else 1:02d}" if i % 11 else "09:00:00", "from": "agent",
             "text": "在的"}]}, ensure_ascii=False))
    lines.insert(10, "{broken")
    lines.insert(20, json.dumps({"id": "untimed", "agent": "小美", "messages": [{"from": "agent", "text": "在"}]}))
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    serial = accepted_intervals(iter_transcripts([path]))
    parallel = _accepted(workers.parallel_intervals(pipeline.iter_tasks([path]), 2))
    assert parallel == serial
    assert len(serial[0]) > 30 and "untimed" in serial[1] and "C-0" in serial[1]
