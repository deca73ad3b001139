"""The engine hands the conversation rules the agent texts it normalised and normalises
the others on first use through a memo (FoldedTexts in checker/kinds/conversation_base.py, memo.FOLDS): the same
texts as normalising each message, and the same findings with the memo on and off."""
from __future__ import annotations

import checker.memo as memo
from checker.engine import Engine
from checker.loaders import iter_transcripts
from checker.kinds.conversation_base import FoldedTexts
from checker.memo import FindMemo
from checker.model import Message, Transcript
from checker.normalize import normalise
from conftest import ROOT


def test_known_folded_normalises_what_it_was_not_given(monkeypatch):
    monkeypatch.setattr(memo, "FOLDS", FindMemo(4))
    messages = [Message(0, "customer", "ＡＢＣ在吗？"), Message(1, "agent", "<b>在的</b>"), Message(2, "customer", "ＡＢＣ在吗？")]
    known = {1: "在的"}                                 # the engine's copy (markup stripped) wins
    folded = FoldedTexts(messages, known)
    assert folded[1] == "在的" and folded[0] == normalise("ＡＢＣ在吗？") == folded[2]
    assert memo.FOLDS.hits == 1 and dict(known) == {0: normalise("ＡＢＣ在吗？"), 1: "在的", 2: normalise("ＡＢＣ在吗？")}


def test_the_fold_memo_changes_no_finding(policy, monkeypatch):
    chats = [t for t in iter_transcripts([ROOT / "transcripts"]) if isinstance(t, Transcript)]
    monkeypatch.setattr(memo, "FOLDS", FindMemo(0))
    without = [[f.to_dict() for f in Engine(policy).check(t).findings] for t in chats]
    monkeypatch.setattr(memo, "FOLDS", FindMemo(8))          # small: evicted on the way
    engine = Engine(policy)
    for _ in range(2):                                       # the second time from the memo
        assert [[f.to_dict() for f in engine.check(t).findings] for t in chats] == without
    assert memo.FOLDS.hits > 0
