"""The held-out conversation batches (eval/conversation_heldout*.tsv): well-formed, no chat
text, each label on the right speaker, no session in two sets."""
from __future__ import annotations

import sys

from conftest import DATA, ROOT, needs_data

sys.path.insert(0, str(ROOT / "eval"))
from common import CONVERSATION_FIELDS, read_sessions, read_tsv  # noqa: E402

FILES = sorted((ROOT / "eval").glob("conversation_heldout*.tsv"))
SPEAKER = {"greeting": "agent", "complaint_apology": "customer", "unanswered": "customer"}
REASON_MAX = 200


def test_batches_are_well_formed_and_disjoint():
    assert len(FILES) >= 2
    seen = {r["transcript"] for r in read_tsv(ROOT / "eval" / "conversation_labels.tsv")}
    for path in FILES:
        rows = read_tsv(path)
        assert tuple(rows[0]) == CONVERSATION_FIELDS, path
        sessions = {r["transcript"] for r in rows}
        assert not sessions & seen, (path, sessions & seen)
        seen |= sessions
        for row in rows:
            # a short paraphrase: one line, at most REASON_MAX characters (the "judgement:" calls run longer)
            assert row["norm"] in ("-", *SPEAKER) and row["reason"] and len(row["reason"]) <= REASON_MAX, row
            assert (row["norm"] == "-") == (not row["index"].strip()), row
        assert len({(r["transcript"], r["norm"], r["index"]) for r in rows}) == len(rows), path


def test_labels_point_at_the_right_speaker_and_quote_nothing():
    needs_data("jddc2019", "jddc2019.jsonl")
    sessions = read_sessions("jddc", DATA)
    for path in FILES:
        for row in read_tsv(path):
            messages = sessions[row["transcript"]]
            reason = row["reason"]
            for message in messages:
                assert not any(reason[i:i + 6] in message["text"] for i in range(len(reason) - 5)), row
            if row["norm"] != "-":
                assert messages[int(row["index"])]["from"] == SPEAKER[row["norm"]], row


def test_show_prints_the_sessions_of_any_session_queue_file(tmp_path, capsys):
    needs_data("jddc2019", "jddc2019.jsonl")
    import show
    first = read_tsv(ROOT / "eval" / "session_queue.tsv")[0]
    queue = tmp_path / "queue.tsv"
    queue.write_text(f"dataset\ttranscript\tselection\tcue\njddc\t{first['transcript']}\trandom\t-\n", encoding="utf-8")
    assert show.main(["--session-queue", str(queue), "0", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"## S0 {first['transcript']}\n") and "## S1" not in out
