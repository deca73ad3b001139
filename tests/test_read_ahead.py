"""--jobs 1 on a big input: the first pass keeps the first HELD bytes of tasks loaded for
the check (read once), reads the rest lean; the report does not depend on where the
budget ends."""
from __future__ import annotations

import io

import checker.pipeline as pipeline
import checker.runner as runner
from checker.loaders import iter_transcripts
from checker.runner import accepted_intervals, read_ahead, run_check
from first_pass_corpus import overlapping_chats


def chats(tmp_path):
    return overlapping_chats(tmp_path / "chats.jsonl", 80, 75, late_every=4, disorder_every=13, broken_at=15,
                             reply=lambda i: "不行，这个退不了。" if i % 7 == 0 else "亲，在的呢")


def test_read_ahead_keeps_the_first_tasks_loaded_and_counts_what_the_serial_pass_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    path = chats(tmp_path)
    tasks = list(pipeline.iter_tasks([path]))
    budget = sum(pipeline.task_size(t) for t in tasks[:3])
    kept: list = []
    records = list(read_ahead(iter(tasks), budget, kept))
    assert [t[0] for t in kept] == ["items"] * 3 + ["range"] * (len(tasks) - 3)
    assert [pipeline.task_size(t) for t in kept] == [pipeline.task_size(t) for t in tasks]
    assert runner._accepted(records) == accepted_intervals(iter_transcripts([path]))


def test_the_report_does_not_depend_on_what_the_first_pass_kept(policy, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)      # the two-pass path, here
    path = chats(tmp_path)
    reports = []
    for held in (0, 2000, 10 ** 9):
        monkeypatch.setattr(runner, "HELD", held)
        for fmt in ("json", "text"):
            out = io.StringIO()
            run_check(policy, [path], fmt, out, jobs=1)
            reports.append(out.getvalue())
    assert reports[0::2] == [reports[0]] * 3 and reports[1::2] == [reports[1]] * 3
    assert "C-0" in reports[0] and "重复" in reports[0]
