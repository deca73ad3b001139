"""The hand-written near-miss chats of eval/handwritten/conversations/chats.yaml: the conversation
norms reach precision >= 0.95 and recall >= 0.90 on each (no ../shared/data needed)."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "eval"))
from handwritten_conversation import load_chats, score_handwritten  # noqa: E402

PATH = ROOT / "eval" / "handwritten" / "conversations" / "chats.yaml"
NORMS = ("greeting", "complaint_apology", "unanswered")


@pytest.fixture(scope="module")
def result(policy):
    return score_handwritten(PATH, policy, NORMS)


def test_the_set_is_big_enough_and_half_positive():
    chats = load_chats(PATH, NORMS)
    positives = [c for c in chats if c.get("expect")]
    assert len(chats) >= 40 and len(positives) * 2 >= len(chats)
    for norm in NORMS:
        assert sum(norm in (c.get("expect") or {}) for c in chats) >= 5, norm
    assert len(chats) - len(positives) >= len(chats) // 3          # near misses: clean look-alikes


@pytest.mark.parametrize("norm", NORMS)
def test_precision_and_recall_targets(result, norm):
    tally = result.per_norm[norm]
    cases = [c for c in result.misses + result.false_alarms if c[1] == norm]
    assert (tally.precision or 0) >= 0.95 and (tally.recall or 0) >= 0.90, (norm, tally, cases)


def test_a_malformed_chat_is_named(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("chats:\n  - id: x\n    expect: {greting: 1}\n    conversation: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="chats\\[0\\]"):
        load_chats(bad, NORMS)


_CONVERSATIONS = ROOT / "eval" / "handwritten" / "conversations"
# probes 3-7 (chats_probe*.yaml) and the round of 2026-12-04 (chats5.yaml, chats6.yaml, ...)
PROBES = sorted([*_CONVERSATIONS.glob("chats_probe*.yaml"), *_CONVERSATIONS.glob("chats[0-9]*.yaml")])


@pytest.mark.parametrize("path", PROBES, ids=lambda p: p.stem)
def test_the_probes_stay_at_target_once_their_classes_are_fixed(policy, path):
    """The generalisation probes (their first, honest figure is in each file's header) are tuning
    sets once measured: the classes fixed for them must not fall back."""
    result = score_handwritten(path, policy, NORMS)
    for norm in NORMS:
        tally = result.per_norm[norm]
        if tally.tp + tally.fp + tally.fn == 0:       # a probe without a case of this norm, and no false alarm
            continue
        cases = [c for c in result.misses + result.false_alarms if c[1] == norm]
        assert (tally.precision or 0) >= 0.95 and (tally.recall or 0) >= 0.90, (path.name, norm, tally, cases)


def test_a_folder_of_chat_files_loads_as_one_set(tmp_path):
    """run_eval.py --conversation-handwritten takes a folder too, as --handwritten does
    (a folder raised IsADirectoryError)."""
    first, second = (PATH.parent / name for name in ("chats.yaml", "chats5.yaml"))
    (tmp_path / "a.yaml").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second.read_text(encoding="utf-8"), encoding="utf-8")
    chats = load_chats(tmp_path, NORMS)
    assert len(chats) == len(load_chats(first, NORMS)) + len(load_chats(second, NORMS))
