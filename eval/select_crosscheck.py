"""Pick the CROSS-CHECK sample (2026-12-04): real agent messages and sessions the project has
already labelled, to be labelled again by an independent reviewer who reads only norms.md and the
seed handbooks (not eval/GUIDE.md, not our labels). Comparing the two labellings shows where our
reading of the norms departs from a fresh strict-but-fair reader's, which is what the people who
steer measure with. Seed 2044; ids only, no chat text.

    .venv/bin/python eval/select_crosscheck.py

Writes crosscheck_queue.tsv (400 messages: 150 our labels call a violation, 250 they call clean,
of which 200 picked by cue and 50 at random; shuffled; selection/cue columns blanked so the
reviewer cannot tell which is which) and crosscheck_sessions_queue.tsv (40 labelled sessions:
20 with an expected conversation finding, 20 labelled clean; shuffled); then crosscheck_sessions2_queue.tsv
(seed 2045: 60 more labelled sessions, 30 with a complaint_apology label and 30 others, none of the 40).
"""
from __future__ import annotations

import csv
import random
import sys

from common import HERE, read_tsv

SEED = 2044
MESSAGE_LABEL_FILES = ("devset.tsv", "heldout.tsv", "heldout2.tsv", "heldout3.tsv", "heldout4.tsv",
                       "heldout5.tsv", "heldout6.tsv")
SESSION_LABEL_FILES = ("conversation_labels.tsv",) + tuple(
    f"conversation_heldout{n}.tsv" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10"))


def message_labels() -> dict[tuple[str, str, int], dict[str, str]]:
    labels = {}
    for name in MESSAGE_LABEL_FILES:
        for row in read_tsv(HERE / name):
            labels[(row["dataset"], row["transcript"], int(row["index"]))] = row   # last label wins
    return labels


def session_labels() -> dict[tuple[str, str], set[str]]:
    sessions: dict[tuple[str, str], set[str]] = {}
    for name in SESSION_LABEL_FILES:
        for row in read_tsv(HERE / name):
            norms = sessions.setdefault((row["dataset"], row["transcript"]), set())
            if row["norm"] != "-":
                norms.add(row["norm"])
    return sessions


def pick_messages(rng: random.Random) -> list[tuple[str, str, int]]:
    labels = message_labels()
    keys = sorted(labels)
    positive = [k for k in keys if labels[k]["norms"].strip()]
    clean_cue = [k for k in keys if not labels[k]["norms"].strip() and labels[k].get("selection") == "cue"]
    clean_random = [k for k in keys if not labels[k]["norms"].strip() and labels[k].get("selection") != "cue"]
    chosen = rng.sample(positive, min(150, len(positive))) + rng.sample(clean_cue, 200) + rng.sample(clean_random, 50)
    rng.shuffle(chosen)
    return chosen


def pick_sessions(rng: random.Random) -> list[tuple[str, str]]:
    labels = session_labels()
    keys = sorted(labels)
    with_finding = [k for k in keys if labels[k]]
    clean = [k for k in keys if not labels[k]]
    chosen = rng.sample(with_finding, 20) + rng.sample(clean, 20)
    rng.shuffle(chosen)
    return chosen


def pick_more_sessions(rng: random.Random, taken: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """A second session sample (seed 2045): 30 with a complaint_apology label, 30 others, none of the first 40."""
    labels = session_labels()
    keys = [k for k in sorted(labels) if k not in taken]
    complaint = [k for k in keys if "complaint_apology" in labels[k]]
    other = [k for k in keys if "complaint_apology" not in labels[k]]
    chosen = rng.sample(complaint, 30) + rng.sample(other, 30)
    rng.shuffle(chosen)
    return chosen


def write(name: str, fields: tuple[str, ...], rows: list[tuple]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(fields)
        writer.writerows(rows)


def main() -> int:
    """Each queue is written once: the labels change after a cross-check, so drawing again would
    give another sample (the first was drawn from the labels of commit 380afba)."""
    rng = random.Random(SEED)
    if not (HERE / "crosscheck_queue.tsv").exists():
        messages = pick_messages(rng)
        write("crosscheck_queue.tsv", ("dataset", "transcript", "index", "selection", "cue"),
              [(d, t, i, "-", "-") for d, t, i in messages])
        sessions = pick_sessions(rng)
        write("crosscheck_sessions_queue.tsv", ("dataset", "transcript", "selection", "cue"),
              [(d, t, "-", "-") for d, t in sessions])
    first = {(r["dataset"], r["transcript"]) for r in read_tsv(HERE / "crosscheck_sessions_queue.tsv")}
    if not (HERE / "crosscheck_sessions2_queue.tsv").exists():
        more = pick_more_sessions(random.Random(SEED + 1), first)
        write("crosscheck_sessions2_queue.tsv", ("dataset", "transcript", "selection", "cue"),
              [(d, t, "-", "-") for d, t in more])
    return 0


if __name__ == "__main__":
    sys.exit(main())
