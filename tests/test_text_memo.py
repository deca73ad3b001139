"""The memo of what an agent message's text alone decides (checker/memo.py): a repeated
text gives the findings it gives without the memo, the context of each occurrence is
still read, the memo stays within its size, and a --jobs parent never builds the
durable-rules ruleset its forked workers would inherit."""
from __future__ import annotations

import io
import json
import os

import checker.inference as inference
import checker.pipeline as pipeline
import checker.runner as runner
from checker.engine import Engine
from checker.loaders import iter_transcripts
from checker.memo import TextMemo
from checker.model import Message, Transcript
from conftest import ROOT


def chat(tid: str, question: str, answer: str = "可以的哦") -> Transcript:
    return Transcript(id=tid, agent="小美", messages=[Message(0, "customer", question), Message(1, "agent", answer)])


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


def test_a_repeated_text_is_judged_in_each_context(policy):
    engine = Engine(policy)
    asked = engine.check(chat("a", "明天能送到吗"))
    other = engine.check(chat("b", "可以开发票吗"))
    again = engine.check(chat("c", "明天能送到吗"))
    assert "promise-yes-to-a-date" in rules_of(asked) and rules_of(asked) == rules_of(again)
    assert "promise-yes-to-a-date" not in rules_of(other)
    assert engine.memo.hits >= 2


def test_the_memo_changes_no_finding(policy):
    chats = [t for t in iter_transcripts([ROOT / "transcripts"]) if isinstance(t, Transcript)]
    plain, memo = Engine(policy), Engine(policy)
    plain.memo = TextMemo(0)
    for _ in range(2):                  # the second time every text is in the memo
        for t in chats:
            a, b = plain.check(t), memo.check(t)
            assert [f.to_dict() if hasattr(f, "to_dict") else vars(f) for f in a.findings] == \
                   [f.to_dict() if hasattr(f, "to_dict") else vars(f) for f in b.findings]
    assert memo.memo.hits > 0 and plain.memo.hits == 0 and len(plain.memo) == 0


def test_the_memo_is_bounded():
    memo = TextMemo(3)
    for text in "abcde":
        memo.put(text, object())
    assert len(memo) == 3 and memo.get("a") is None and memo.get("e") is not None
    memo.put("x" * 5000, object())      # too long to keep
    assert memo.get("x" * 5000) is None


def test_a_jobs_parent_builds_no_ruleset(policy, tmp_path, monkeypatch):
    parent = os.getpid()
    built = inference.Ruleset.__init__

    def only_in_workers(self, *args, **kwargs):
        assert os.getpid() != parent, "the parent of forked workers built a durable-rules ruleset"
        built(self, *args, **kwargs)
    monkeypatch.setattr(inference.Ruleset, "__init__", only_in_workers)
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 500)
    lines = [json.dumps({"id": f"C-{i}", "agent": "小美", "messages": [
        {"at": f"2026-11-11T10:{i:02d}:00+08:00", "from": "customer", "text": "明天能送到吗"},
        {"at": f"10:{i:02d}:40", "from": "agent", "text": "可以的哦"}]}, ensure_ascii=False) for i in range(30)]
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    summary = runner.run_check(policy, [path], "json", out, jobs=2)
    report = json.loads(out.getvalue())
    assert not summary.errors and len(report["transcripts"]) == 30
    assert all("promise-yes-to-a-date" in [f["rule"] for f in t["findings"]] for t in report["transcripts"])
