"""Append labels for queue positions to eval/devset.tsv.

Reads lines `position<TAB>norms<TAB>reason` (norms comma-separated, empty or `-` = clean)
from a file or stdin; the dataset, transcript, index and selection come from queue.tsv.
A position already labelled is replaced (the last label wins).
"""
from __future__ import annotations

import sys

from common import DEVSET_FIELDS, HERE, read_tsv

DEVSET = HERE / "devset.tsv"


def main(argv: list[str]) -> int:
    queue = read_tsv(HERE / "queue.tsv")
    rows = {(r["dataset"], r["transcript"], r["index"]): r for r in read_tsv(DEVSET)} if DEVSET.exists() else {}
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
    with DEVSET.open("w", encoding="utf-8") as out:
        out.write("\t".join(DEVSET_FIELDS) + "\n")
        for row in rows.values():
            out.write("\t".join(row[f] for f in DEVSET_FIELDS) + "\n")
    print(f"{added} labels written; devset has {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
