"""Chats checked together (Engine.check_many, used by the pipeline in groups): one
durable-rules session for the events of several chats gives each chat the result it
gets alone, an error in one chat stays with that chat, and a failing shared session
falls back to one session per chat."""
from __future__ import annotations

import io
import json

import pytest

import checker.pipeline as pipeline
import checker.runner as runner
from checker.engine import Engine
from checker.loaders import iter_transcripts
from checker.model import Message, Transcript
from checker.runner import _all_items, _workload, accepted_intervals
from conftest import DATA, ROOT


def chats_and_workload(paths):
    workload = _workload(*accepted_intervals(_all_items(paths)))
    return [t for t in iter_transcripts(paths) if isinstance(t, Transcript)], workload


def dicts(result):
    return [f.to_dict() for f in result.findings], result.metrics, result.policy_version, result.judged_on


def test_chats_checked_together_get_the_results_they_get_alone(policy):
    chats, workload = chats_and_workload([ROOT / "transcripts"])
    alone = [dicts(Engine(policy).check(t, None, workload)) for t in chats]
    together = Engine(policy).check_many([(t, None, workload) for t in chats])
    assert [dicts(r) for r in together] == alone and any(a[0] for a in alone)


def test_real_chats_together_and_alone_agree(policy):
    path = DATA / "jddc2019" / "jddc2019.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    chats, workload = chats_and_workload([path])
    chats = chats[:200]
    engine = Engine(policy)
    alone = [dicts(engine.check(t, None, workload)) for t in chats]
    assert [dicts(r) for r in engine.check_many([(t, None, workload) for t in chats])] == alone


def broken_chat() -> Transcript:
    return Transcript(id="broken", agent="小美", messages=[Message(0, "customer", "在吗"), Message(1, "agent", None)])


def test_an_error_in_one_chat_stays_with_it(policy):
    chats, workload = chats_and_workload([ROOT / "transcripts"])
    engine = Engine(policy)
    results = engine.check_many([(chats[0], None, workload), (broken_chat(), None, workload), (chats[1], None, workload)])
    assert isinstance(results[1], Exception)
    assert dicts(results[0]) == dicts(engine.check(chats[0], None, workload))
    assert dicts(results[2]) == dicts(engine.check(chats[1], None, workload))


def test_a_failing_shared_session_falls_back_to_one_session_per_chat(policy, monkeypatch):
    chats, workload = chats_and_workload([ROOT / "transcripts"])
    engine = Engine(policy)
    alone = [dicts(engine.check(t, None, workload)) for t in chats]
    real = Engine._run
    sessions = []

    def shared_fails(self, sid, events):
        sessions.append(sid)
        if len(sessions) == 1:
            raise RuntimeError("durable-rules failed")
        return real(self, sid, events)
    monkeypatch.setattr(Engine, "_run", shared_fails)
    assert [dicts(r) for r in engine.check_many([(t, None, workload) for t in chats])] == alone
    assert len(set(sessions)) > 2          # the shared one, then one per chat


def test_the_run_reports_a_broken_chat_and_checks_the_rest_of_its_group(policy, monkeypatch, tmp_path):
    lines = [json.dumps({"id": f"C-{i}", "agent": "小美", "messages": [
        {"from": "customer", "text": "明天能送到吗"}, {"from": "agent", "text": "可以的哦"}]}, ensure_ascii=False)
        for i in range(5)]
    real = Engine._prepare

    def breaks_on_c2(self, transcript, *args):
        if transcript.id == "C-2":
            raise RuntimeError("boom")
        return real(self, transcript, *args)
    monkeypatch.setattr(Engine, "_prepare", breaks_on_c2)
    monkeypatch.setattr(pipeline, "GROUP", 4)
    out = io.StringIO()
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = runner.run_check(policy, [path], "json", out, jobs=1)
    report = json.loads(out.getvalue())
    assert [t["id"] for t in report["transcripts"]] == ["C-0", "C-1", "C-3", "C-4"]
    assert len(summary.errors) == 1 and "C-2" in summary.errors[0].reason and "内部错误" in summary.errors[0].reason
