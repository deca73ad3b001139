"""The first pass of a big input (when each chat opens and closes, for the concurrency of
the response deadline) runs in the worker processes with --jobs N and counts exactly
the chats the serial pass counts: the first of an id, in time order, readable."""
from __future__ import annotations


import checker.pipeline as pipeline
import checker.pool as pools
from checker.loaders import iter_transcripts
from checker.runner import _accepted, accepted_intervals
from first_pass_corpus import overlapping_chats


def test_parallel_first_pass_counts_what_the_serial_one_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 600)          # many small tasks
    path = overlapping_chats(tmp_path / "chats.jsonl", 60, 55, late_every=9, disorder_every=11, extra_lines=[
        (20, {"id": "untimed", "agent": "小美", "messages": [{"from": "agent", "text": "在"}]})])
    serial = accepted_intervals(iter_transcripts([path]))
    pool = pools.Pool(2, (None,) * 9, 1500)          # some tasks kept, the others read lean
    try:
        parallel = _accepted(pool.read(pipeline.iter_tasks([path])))
        assert any(w.kept for w in pool.workers)
    finally:
        pool.close()
    assert parallel == serial
    assert len(serial[0]) > 30 and "untimed" in serial[1] and "C-0" in serial[1]
