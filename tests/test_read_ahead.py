"""--jobs 1 on a big input: the first pass keeps the first HELD bytes of tasks loaded for
the check (read once), reads the rest lean; the report does not depend on where the
budget ends."""
from __future__ import annotations

import io
import json

import checker.pipeline as pipeline
import checker.runner as runner
from checker.loaders import iter_transcripts
from checker.runner import accepted_intervals, read_ahead, run_check


def chats(tmp_path):
    lines = []
    for i in range(80):
        minute = i % 50
        lines.append(json.dumps({"id": f"C-{i % 75}", "agent": "小美" if i % 2 else "阿杰", "messages": [
            {"at": f"2026-11-11T10:{minute:02d}:00+08:00", "from": "customer", "text": "在吗，这个有货吗"},
            {"at": f"10:{minute:02d}:{45 if i % 4 == 0 else 5:02d}" if i % 13 else "09:00:00", "from": "agent",
             "text": "不行，这个退不了。" if i % 7 == 0 else "亲，在的呢"}]}, ensure_ascii=False))
    lines.insert(15, "{broken")
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
