"""Shared paths and readers for the development set (eval/): no chat text is ever written."""
from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data"
FILES = {"jddc": ("jddc2019", "jddc2019.jsonl"), "ecd": ("ecd", "ecd.jsonl"),
         # Round 8 (eval/heldout8.tsv): real JDDC excerpts from outside ../shared/data, transcribed from a public
         # annotation pack into <data>/jddc-external/ by whoever measures; never stored in the repository.
         "jddcx": ("jddc-external", "jddcx_refund.jsonl"),
         # Round 9 (eval/heldout9.tsv): the JDDC 2019 contest's development set, made into transcripts by
         # eval/jddc2019_dev.py; likewise never stored in the repository.
         "jddc19dev": ("jddc2019-dev", "jddc19dev.jsonl")}
DEVSET_FIELDS = ("dataset", "transcript", "index", "norms", "reason", "selection")
CONVERSATION_FIELDS = ("dataset", "transcript", "norm", "index", "reason")


def data_path(dataset: str, data_root: Path = DATA) -> Path:
    return data_root.joinpath(*FILES[dataset])


def read_sessions(dataset: str, data_root: Path = DATA) -> dict[str, list[dict]]:
    """Transcript id -> its raw message dicts (from, text), in file order."""
    sessions: dict[str, list[dict]] = {}
    with data_path(dataset, data_root).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                sessions[record["id"]] = record["messages"]
    return sessions


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; lines starting with # are comments."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def round_robin(rng, pool, size, families_of, order):
    """Up to `size` rows of `pool` (dataset, transcript, index, text), spread over the cue
    families (round robin in `order`) so rare families get their share; `families_of(text)`
    names a row's families. Returns the picks (dataset, transcript, index, "cue", family)
    and the keys picked."""
    by_family: dict[str, list] = {}
    for row in pool:
        for family in families_of(row[3]):
            by_family.setdefault(family, []).append(row)
    for rows in by_family.values():
        rng.shuffle(rows)
    chosen, seen = [], set()
    while len(chosen) < size and any(by_family.values()):
        for family in order:
            rows = by_family.get(family, [])
            while rows:
                row = rows.pop()
                if row[:3] not in seen:
                    seen.add(row[:3])
                    chosen.append((*row[:3], "cue", family))
                    break
            if len(chosen) >= size:
                break
    return chosen, seen


# The sets awaiting their one blind measurement: none. heldout7 (the census of every message left, selected
# 2026-12-05 08:33 UTC) was measured blind at 08:40 UTC and is tuning data now (eval/HELDOUT.md). sessions_heldout12 (selected 2026-12-04 17:31 UTC) was
# measured once on the session's last rules (eval/HELDOUT.md). sessions_heldout13 (selected 17:55 UTC) was measured once when
# labelled and is tuning data now, as is sessions_heldout11 (selected 2026-12-04 17:25 UTC)
# was measured blind at 17:34 UTC (eval/HELDOUT.md) and is tuning data now. heldout6 and sessions_heldout10 (selected
# 2026-12-04 10:10 UTC) were measured blind at the start and the end of that session's first round
# (eval/HELDOUT.md) and are tuning data now. The next blind round goes here before any rule change.
BLIND_MESSAGE_QUEUES: tuple[str, ...] = ()
BLIND_SESSION_QUEUES: tuple[str, ...] = ()


def blind_keys() -> tuple[set[tuple[str, str, int]], set[tuple[str, str]]]:
    """The agent messages (dataset, transcript, index) and whole sessions (dataset, transcript)
    kept blind for the next honest measurement: any script that reads the corpus to find
    language classes must skip them, so the held-out figures stay honest."""
    messages, sessions = set(), set()
    for name in BLIND_MESSAGE_QUEUES:
        if (HERE / name).exists():
            messages |= {(r["dataset"], r["transcript"], int(r["index"])) for r in read_tsv(HERE / name)}
    for name in BLIND_SESSION_QUEUES:
        if (HERE / name).exists():
            sessions |= {(r["dataset"], r["transcript"]) for r in read_tsv(HERE / name)}
    return messages, sessions
