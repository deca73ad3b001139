"""The cross-check labels (eval/crosscheck*.tsv): an independent reviewer's labels of real
messages and sessions the project had labelled already. Well formed, one label per queued
item, on the right speaker, and no chat text in any reason."""
from __future__ import annotations

import sys

import pytest

from conftest import DATA, ROOT, needs_data

sys.path.insert(0, str(ROOT / "eval"))
from common import CONVERSATION_FIELDS, DEVSET_FIELDS, read_sessions, read_tsv  # noqa: E402

EVAL = ROOT / "eval"
MESSAGE_NORMS = {"harsh_language", "shirking", "blaming", "interrogating", "doubting", "arguing", "hedging",
                 "over_promise", "price_promise", "sensitive_topic", "shouting"}
SPEAKER = {"greeting": "agent", "complaint_apology": "customer", "unanswered": "customer"}


def quotes(reason: str, text: str) -> bool:
    return any(reason[i:i + 6] in text for i in range(len(reason) - 5))


@pytest.mark.parametrize("name", ["crosscheck.tsv", "crosscheck_2.tsv"])
def test_message_labels_cover_the_queue_and_quote_nothing(name):
    needs_data("jddc2019", "jddc2019.jsonl")
    queue = [(r["dataset"], r["transcript"], r["index"]) for r in read_tsv(EVAL / "crosscheck_queue.tsv")]
    rows = read_tsv(EVAL / name)
    assert tuple(rows[0]) == DEVSET_FIELDS
    assert [(r["dataset"], r["transcript"], r["index"]) for r in rows] == queue
    sessions = {name: read_sessions(name, DATA) for name in ("jddc", "ecd")}
    for row in rows:
        message = sessions[row["dataset"]][row["transcript"]][int(row["index"])]
        assert message["from"] == "agent", row
        assert {n for n in row["norms"].split(",") if n} <= MESSAGE_NORMS, row
        assert row["reason"] and len(row["reason"]) <= 120 and not quotes(row["reason"], message["text"]), row


@pytest.mark.parametrize("name, queue_name", [
    ("crosscheck_sessions.tsv", "crosscheck_sessions_queue.tsv"),
    ("crosscheck_sessions_2.tsv", "crosscheck_sessions_queue.tsv"),
    ("crosscheck_sessions_3.tsv", "crosscheck_sessions_queue.tsv"),
    ("crosscheck_sessions2.tsv", "crosscheck_sessions2_queue.tsv"),
])
def test_session_labels_cover_the_queue_and_point_at_the_right_speaker(name, queue_name):
    needs_data("jddc2019", "jddc2019.jsonl")
    queue = {r["transcript"] for r in read_tsv(EVAL / queue_name)}
    rows = read_tsv(EVAL / name)
    assert tuple(rows[0]) == CONVERSATION_FIELDS
    assert {r["transcript"] for r in rows} == queue
    sessions = read_sessions("jddc", DATA)
    for row in rows:
        messages = sessions[row["transcript"]]
        assert row["norm"] in ("-", *SPEAKER) and (row["norm"] == "-") == (not row["index"]), row
        assert len(row["reason"]) <= 120 and not any(quotes(row["reason"], m["text"]) for m in messages), row
        if row["norm"] != "-":
            assert messages[int(row["index"])]["from"] == SPEAKER[row["norm"]], row
