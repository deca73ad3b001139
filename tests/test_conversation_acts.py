"""Conversation norms read the customer's side as acts: precision and recall on our own
hand-written chats with near-misses (tests/fixtures/conversations/near_misses.yaml)."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from checker.loaders.canonical import parse_record
from conftest import ROOT

NORMS = ("greeting", "complaint_apology", "unanswered")
ROLES = {"c": "customer", "a": "agent", "s": "system"}
CHATS = YAML(typ="safe").load((ROOT / "tests" / "fixtures" / "conversations" / "near_misses.yaml")
                              .read_text(encoding="utf-8"))["chats"]


def transcript(chat):
    messages = [{"from": ROLES[line[0]], "text": line[3:]} for line in chat["chat"]]
    t, problems = parse_record({"id": chat["id"], "agent": "小美", "messages": messages})
    assert t is not None, problems
    return t


def found(engine, chat):
    return {(f.norm, f.message) for f in engine.check(transcript(chat)).findings if f.norm in NORMS}


def expected(chat):
    return {(norm, index) for norm, index in (chat.get("expect") or {}).items()}


def scores(engine):
    table = {n: {"tp": 0, "fp": 0, "fn": 0} for n in NORMS}
    for chat in CHATS:
        got, want = found(engine, chat), expected(chat)
        for norm, _ in got & want:
            table[norm]["tp"] += 1
        for norm, _ in got - want:
            table[norm]["fp"] += 1
        for norm, _ in want - got:
            table[norm]["fn"] += 1
    return table


def test_the_near_miss_set_is_big_enough_and_well_formed():
    assert len(CHATS) >= 60 and len({c["id"] for c in CHATS}) == len(CHATS)
    for chat in CHATS:
        assert set(chat.get("expect") or {}) <= set(NORMS), chat["id"]


@pytest.mark.parametrize("norm", NORMS)
def test_precision_and_recall_per_norm(engine, norm):
    s = scores(engine)[norm]
    precision = s["tp"] / ((s["tp"] + s["fp"]) or 1)
    recall = s["tp"] / ((s["tp"] + s["fn"]) or 1)
    misses = [(c["id"], sorted(found(engine, c) ^ expected(c))) for c in CHATS
              if any(n == norm for n, _ in found(engine, c) ^ expected(c))]
    assert precision >= 0.95 and recall >= 0.90, (norm, s, misses)
