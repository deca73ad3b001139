"""The memo of what a conversation rule's matcher finds in a normalised text
(checker/memo.py FINDS): the same findings with it and without it (also for the JDDC
sample when it is there), each matcher keeps its own result for a text, and the memo
stays within its size."""
from __future__ import annotations

import checker.memo as memo
from checker.engine import Engine
from checker.loaders import iter_transcripts
from checker.memo import FindMemo
from checker.model import Message, Transcript
from conftest import DATA, ROOT


def findings(engine, chats):
    return [[f.to_dict() for f in engine.check(t).findings] for t in chats]


def complaint_chat(tid: str, answer: str) -> Transcript:
    return Transcript(id=tid, agent="小美", messages=[
        Message(0, "customer", "你好"), Message(1, "agent", "您好，请问有什么可以帮您？"),
        Message(2, "customer", "收到的杯子是破的，盖子也裂了"), Message(3, "agent", answer)])


def test_memo_on_and_off_give_the_same_findings(policy, monkeypatch):
    chats = [t for t in iter_transcripts([ROOT / "transcripts"]) if isinstance(t, Transcript)]
    chats += [complaint_chat(f"c{i}", answer) for i, answer in enumerate(["给您补发", "非常抱歉，给您补发"] * 2)]
    monkeypatch.setattr(memo, "FINDS", FindMemo(0))
    without = findings(Engine(policy), chats)
    assert len(memo.FINDS) == 0 and memo.FINDS.hits == 0
    monkeypatch.setattr(memo, "FINDS", FindMemo(64))
    engine = Engine(policy)
    first, again = findings(engine, chats), findings(engine, chats)   # the second time from the memo
    assert first == without and again == without
    assert memo.FINDS.hits > 0 and len(memo.FINDS) <= 64
    # the apology decides, not the memo: the same complaint text, answered both ways
    rules = [{f["rule"] for f in found} for found in without[-4:]]
    assert rules[0] == rules[2] and rules[1] == rules[3] and rules[0] != rules[1]


def test_memo_on_and_off_agree_on_real_chats(policy, monkeypatch):
    path = DATA / "jddc2019" / "jddc2019.jsonl"
    if not path.exists():
        import pytest
        pytest.skip(f"{path} is absent")
    chats = [t for t in iter_transcripts([path]) if isinstance(t, Transcript)][:300]
    monkeypatch.setattr(memo, "FINDS", FindMemo(0))
    without = findings(Engine(policy), chats)
    monkeypatch.setattr(memo, "FINDS", FindMemo(256))      # small: entries are evicted on the way
    assert findings(Engine(policy), chats) == without


def test_each_owner_keeps_its_own_result():
    finds = FindMemo(8)
    a, b = object(), object()
    assert finds.lookup(a, "text", lambda t: "a") == "a"
    assert finds.lookup(b, "text", lambda t: "b") == "b"
    assert finds.lookup(a, "text", lambda t: "recomputed") == "a"
    assert finds.hits == 1 and finds.misses == 2


def test_the_find_memo_is_bounded():
    finds = FindMemo(3)
    owner = object()
    for text in "abcde":
        finds.lookup(owner, text, str.upper)
    assert len(finds) == 3
    assert finds.lookup(owner, "a", lambda t: "again") == "again"       # evicted: computed anew
    assert finds.lookup(owner, "e", lambda t: "again") == "E"           # kept
    finds.lookup(owner, "x" * 5000, str.upper)                          # too long to keep
    assert "x" * 5000 not in finds._entries and len(finds) == 3
    off = FindMemo(0)
    assert off.lookup(owner, "a", str.upper) == "A" and len(off) == 0


def test_a_trigger_reads_a_text_once(policy, monkeypatch):
    """An act trigger keeps one memo entry per text: the complaint's span, and whether the
    text withdraws or renews one, each asked of the acts on first use only."""
    from checker.kinds.trigger_response import ActTrigger
    trigger = next(r.detector.trigger for r in policy.rules if isinstance(getattr(r.detector, "trigger", None), ActTrigger))
    monkeypatch.setattr(memo, "FINDS", FindMemo(64))
    asked = []
    acts_find = type(trigger.acts).find
    monkeypatch.setattr(type(trigger.acts), "find", lambda self, act, text: asked.append(act) or acts_find(self, act, text))
    for text in ("收到的杯子是破的", "找到了，是我看错了，不好意思", "申请不了售后，页面都是空白"):
        withdrawal, renewal = acts_find(trigger.acts, "withdrawal", text), acts_find(trigger.acts, "renewal", text)
        for _ in range(2):
            assert trigger.find(text) == trigger._find(text)
            assert trigger.withdraws(text) == (withdrawal is not None)
            assert trigger.renews(text) == renewal
        asked.clear()
        trigger.find(text), trigger.withdraws(text), trigger.renews(text)
        assert asked == []                      # all from the memo now
