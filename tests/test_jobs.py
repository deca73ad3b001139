"""`kefu check --jobs N`: the same bytes as --jobs 1, in input order, concurrency over the
whole run; and the bounded set of seen ids."""
from __future__ import annotations

import io
import json

import pytest

import checker.pipeline as pipeline
import checker.runner as runner
from checker.runner import run_check
from checker.seen import SeenIds
from conftest import ROOT


def chat(tid, agent, minute, late=False, text="亲，在的呢，请问有什么可以帮您？"):
    start = f"2026-11-11T10:{minute:02d}:00+08:00"
    return {"id": tid, "agent": agent, "customer": "buyer_1", "messages": [
        {"at": start, "from": "customer", "text": "在吗，这个有货吗"},
        {"at": f"10:{minute:02d}:{45 if late else 5:02d}", "from": "agent", "text": text},
        {"at": f"10:{minute + 5:02d}:00", "from": "customer", "text": "好的谢谢"}]}


@pytest.fixture()
def inputs(tmp_path):
    lines = [json.dumps(chat(f"C-{i}", "小美" if i % 3 else "阿杰", i % 50, late=i % 4 == 0,
                             text="不行，这个退不了。" if i % 7 == 0 else "亲，在的呢，请问有什么可以帮您？"),
                        ensure_ascii=False) for i in range(120)]
    lines.insert(30, "{broken json")
    lines.insert(60, json.dumps(chat("C-5", "小美", 3), ensure_ascii=False))          # a duplicate id
    bad = chat("C-late", "小美", 10)
    bad["messages"][1]["at"] = "2026-11-11T09:00:00+08:00"    # out of time order
    lines.insert(90, json.dumps(bad, ensure_ascii=False))
    (tmp_path / "chats.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [ROOT / "transcripts", tmp_path / "chats.jsonl", tmp_path / "missing.json"]


def run(policy, paths, fmt, jobs, sink=None):
    out = io.StringIO()
    summary = run_check(policy, paths, fmt, out, jobs=jobs, sink=sink)
    return out.getvalue(), summary


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_give_the_same_bytes_as_one_process(policy, inputs, fmt, monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)       # small input: use the workers anyway
    monkeypatch.setattr(pipeline, "CHUNK", 2000)           # and cut the .jsonl into many tasks
    one, s1 = run(policy, inputs, fmt, 1)
    two, s2 = run(policy, inputs, fmt, 2)
    assert one == two
    assert s1.to_dict() == s2.to_dict() and [str(e) for e in s1.errors] == [str(e) for e in s2.errors]
    assert s1.skipped == 4 and any("重复" in str(e) for e in s1.errors)
    if fmt == "json":
        report = json.loads(one)
        ids = [t["id"] for t in report["transcripts"]]
        assert ids.index("C-0") < ids.index("C-119")
        assert any(f.get("concurrency", 0) > 1 for t in report["transcripts"] for f in t["findings"])


def test_the_sink_sees_each_result_in_input_order_with_jobs(policy, inputs, monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 2000)
    seen_one, seen_two = [], []
    run(policy, inputs, "json", 1, sink=lambda r: seen_one.append(r.transcript.id))
    run(policy, inputs, "json", 2, sink=lambda r: seen_two.append(r.transcript.id))
    assert seen_one == seen_two and len(seen_one) > 100


def test_seen_ids_spill_to_disk_and_still_find_duplicates():
    seen = SeenIds(limit=10)
    assert all(seen.first(f"id-{i}", f"f:{i}") is None for i in range(35))
    assert len(seen.memory) < 10
    assert seen.first("id-3", "g:1") == "f:3" and seen.first("id-34", "g:2") == "f:34"
    assert seen.first("id-99", "g:3") is None
    seen.close()


def test_a_small_input_read_once_gives_what_two_passes_give(policy, inputs, monkeypatch):
    once, _ = run(policy, inputs, "json", 1)
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)       # the light first pass, then the check pass
    twice, _ = run(policy, inputs, "json", 1)
    assert once == twice


def test_progress_bar_only_on_a_terminal_and_only_for_long_runs(monkeypatch):
    import sys

    from checker import progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.wanted()
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert progress.wanted()
    with progress.Progress(100) as bar:          # a short run: nothing drawn
        bar.advance(100)
    assert terminal.getvalue() == ""
    monkeypatch.setattr(progress, "DELAY", 0)
    with progress.Progress(100) as bar:          # a long one: the bar appears
        bar.advance(50)
    assert "检查中" in terminal.getvalue()


def test_a_record_that_breaks_the_checker_or_kills_a_worker_sinks_nothing_else(policy, inputs, monkeypatch):
    import os

    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 2000)
    real = pipeline.Checker._check

    def hostile(self, item):
        if item.id == "C-9":
            raise RuntimeError("boom")
        if item.id == "C-70" and os.getpid() != parent:
            os._exit(3)                      # a worker dies, e.g. killed for its memory
        return real(self, item)

    parent = os.getpid()
    monkeypatch.setattr(pipeline.Checker, "_check", hostile)
    out, summary = run(policy, inputs, "json", 2)
    report = json.loads(out)
    ids = [t["id"] for t in report["transcripts"]]
    assert "C-9" not in ids and "C-70" not in ids and "C-119" in ids and "C-0" in ids
    reasons = [e["error"] for e in report["errors"]]
    assert any("内部错误" in r and "C-9" in r for r in reasons)
    assert any("工作进程异常退出" in r for r in reasons)


def test_jobs_without_a_rule_that_needs_the_concurrency_give_the_same_bytes(policy, inputs, monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 2000)
    only = {r.id for r in policy.rules if r.kind != "round_deadline"}
    expected = io.StringIO()
    run_check(policy, inputs, "json", expected, only=only, jobs=1)
    out = io.StringIO()
    run_check(policy, inputs, "json", out, only=only, jobs=2)
    assert out.getvalue() == expected.getvalue()


def test_a_pool_closed_before_its_first_pass_ends_leaves_a_clean_exit(tmp_path):
    """Workers stopped while they still read (a run that fails or is interrupted) leave no
    traceback and no process behind."""
    import subprocess
    import sys
    path = tmp_path / "chats.jsonl"
    line = [json.dumps(chat(f"C-{i}", "小美", i % 50), ensure_ascii=False) + "\n" for i in range(12000)]
    path.write_text("".join(line), encoding="utf-8")
    code = ("import checker.pipeline as p, checker.pool as P; "
            f"pool = P.Pool(2, (None,) * 9, 10 ** 9); reading = pool.read(p.iter_tasks([{str(path)!r}])); "
            "next(reading); pool.close(); print(len(pool.workers))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout == "0\n"
