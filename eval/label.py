"""Append labels for queue positions to eval/devset.tsv.

Reads lines `position<TAB>norms<TAB>reason` (norms comma-separated, empty or `-` = clean)
from a file or stdin; the dataset, transcript, index and selection come from queue.tsv.
A position already labelled is replaced (the last label wins).
`--queue Q --out F` label another queue into another file (the held-out set:
`label.py --queue eval/heldout_queue.tsv --out eval/heldout.tsv labels.txt`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from common import DEVSET_FIELDS, HERE, read_tsv

DEVSET = HERE / "devset.tsv"


def main(argv: list[str]) -> int:
    queue_path, target = HERE / "queue.tsv", DEVSET
    while argv and argv[0] in ("--queue", "--out"):
        if argv[0] == "--queue":
            queue_path = argv[1]
        else:
            target = Path(argv[1])
        argv = argv[2:]
    queue = read_tsv(queue_path)
    rows = {(r["dataset"], r["transcript"], r["index"]): r for r in read_tsv(target)} if target.exists() else {}
    source = open(argv[0], encoding="utf-8") if argv else sys.stdin
    added = 0
    for line in source:
        if not line.strip() or line.startswith("#"):
            continue
        pos, norms, reason = (line.rstrip("\n").split("\t") + ["", ""])[:3]
        item = queue[int(pos)]
        norms = "" if norms.strip() in ("", "-") else ",".join(sorted(n.strip() for n in norms.split(",")))
        key = (item["dataset"], item["transcript"], item["index"])
        rows[key] = {"dataset": key[0], "transcript": key[1], "index": key[2], "norms": norms,
                     "reason": reason.strip(), "selection": item["selection"]}
        added += 1
    with target.open("w", encoding="utf-8") as out:
        out.write("\t".join(DEVSET_FIELDS) + "\n")
        for row in rows.values():
            out.write("\t".join(row[f] for f in DEVSET_FIELDS) + "\n")
    print(f"{added} labels written; {target.name} has {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
