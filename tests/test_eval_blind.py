"""The blind hand-written sets of eval/blind/ load and are well formed. They are a measurement
(eval/run_eval.py), not a target: no precision or recall is asserted here."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "eval"))
from handwritten import load_items, transcript_of as item_transcript  # noqa: E402
from handwritten_conversation import expected, load_chats, transcript_of  # noqa: E402

BLIND = ROOT / "eval" / "blind"
NORMS = ("greeting", "complaint_apology", "unanswered")
ROLE = {"greeting": "agent", "complaint_apology": "customer", "unanswered": "customer"}


@pytest.mark.parametrize("name", sorted(p.name for p in BLIND.glob("batch*.yaml")))
def test_the_message_set_loads_with_violations_and_near_misses(name):
    items = load_items(BLIND / name)
    assert len(items) >= 120
    clean = [item for _, item in items if not item["norms"]]
    assert len(items) // 3 <= len(clean) <= len(items) * 2 // 3
    for item_id, item in items:
        transcript, judged = item_transcript(item_id, item)
        assert transcript.messages[judged].role == "agent"


@pytest.mark.parametrize("name", sorted(p.name for p in BLIND.glob("chats*.yaml")))
def test_the_chats_load_and_point_at_the_right_speaker(name):
    chats = load_chats(BLIND / name, NORMS)
    assert len(chats) >= 30
    for chat in chats:
        transcript = transcript_of(chat)
        for _, _, norm, index in expected(chat):
            assert transcript.messages[index].role == ROLE[norm], (chat["id"], norm, index)


def test_handwritten_only_lists_the_chat_misses(tmp_path, capsys):
    """--handwritten-only stopped after the chats' table, so their misses were never listed."""
    import run_eval
    items = tmp_path / "items.yaml"
    items.write_text("items:\n  - {customer: 在吗, agent: 亲 在的呢, norms: [], note: clean}\n", encoding="utf-8")
    chats = tmp_path / "chats.yaml"
    chats.write_text("chats:\n  - id: impossible-miss\n    expect: {greeting: 0}\n    conversation:\n"
                     "      - {from: customer, text: 在吗}\n      - {from: agent, text: 亲 在的}\n",
                     encoding="utf-8")
    assert run_eval.main(["--handwritten", str(items), "--conversation-handwritten", str(chats),
                          "--handwritten-only"]) == 0
    out = capsys.readouterr().out
    assert "漏报 misses, hand-written chats" in out and "impossible-miss #0 greeting" in out
