"""Compare the independent reviewer's labels (crosscheck.tsv, crosscheck_sessions.tsv) with the
project's own labels of the same real messages and sessions: agreement per norm, and every
disagreement with both reasons (the chat text goes to the terminal only, never to a file).

    .venv/bin/python eval/crosscheck_compare.py [--text]

The rules' own precision and recall against the independent labels:
    .venv/bin/python eval/run_eval.py --labels eval/crosscheck.tsv \
        --conversation-labels eval/crosscheck_sessions.tsv
"""
from __future__ import annotations

import sys
from collections import Counter

from common import HERE, read_sessions, read_tsv
from select_crosscheck import message_labels, session_labels, SESSION_LABEL_FILES


def norms_of(cell: str) -> set[str]:
    return {n.strip() for n in cell.split(",") if n.strip()}


def agreement(ours: dict, theirs: dict) -> Counter:
    counts: Counter = Counter()
    for key, their_norms in theirs.items():
        our_norms = ours[key]
        for norm in our_norms | their_norms:
            counts[(norm, "both" if norm in our_norms and norm in their_norms
                    else "ours only" if norm in our_norms else "theirs only")] += 1
    return counts


def print_agreement(title: str, counts: Counter, total: int) -> None:
    print(f"== {title} ({total}) ==")
    print(f"{'norm':20} {'both':>5} {'ours only':>10} {'theirs only':>12}")
    for norm in sorted({n for n, _ in counts}):
        print(f"{norm:20} {counts[(norm, 'both')]:5} {counts[(norm, 'ours only')]:10} {counts[(norm, 'theirs only')]:12}")


def session_reasons() -> dict[tuple[str, str], list[str]]:
    reasons: dict[tuple[str, str], list[str]] = {}
    for name in SESSION_LABEL_FILES:
        for row in read_tsv(HERE / name):
            reasons.setdefault((row["dataset"], row["transcript"]), []).append(
                f"{row['norm']}@{row['index']}: {row['reason']}")
    return reasons


def main(argv: list[str]) -> int:
    show_text = "--text" in argv
    labels = message_labels()
    rows = read_tsv(HERE / "crosscheck.tsv") if (HERE / "crosscheck.tsv").exists() else []
    theirs = {(r["dataset"], r["transcript"], int(r["index"])): norms_of(r["norms"]) for r in rows}
    ours = {key: norms_of(labels[key]["norms"]) for key in theirs}
    print_agreement("messages", agreement(ours, theirs), len(theirs))
    sessions = {name: read_sessions(name) for name in ("jddc", "ecd")} if show_text else {}
    their_reason = {(r["dataset"], r["transcript"], int(r["index"])): r["reason"] for r in rows}
    for key in theirs:
        if ours[key] != theirs[key]:
            print(f"\n{key[1]} #{key[2]}  ours={sorted(ours[key]) or '-'}  theirs={sorted(theirs[key]) or '-'}")
            print(f"   ours:   {labels[key]['reason']}\n   theirs: {their_reason[key]}")
            if show_text:
                print(f"   text:   {sessions[key[0]][key[1]][key[2]]['text'][:200]}")
    path = HERE / "crosscheck_sessions.tsv"
    if path.exists():
        conv = read_tsv(path)
        their_sessions: dict[tuple[str, str], set[str]] = {}
        for r in conv:
            norms = their_sessions.setdefault((r["dataset"], r["transcript"]), set())
            if r["norm"] != "-":
                norms.add(f"{r['norm']}@{r['index']}")
        ours_full = {}
        for name in SESSION_LABEL_FILES:
            for r in read_tsv(HERE / name):
                norms = ours_full.setdefault((r["dataset"], r["transcript"]), set())
                if r["norm"] != "-":
                    norms.add(f"{r['norm']}@{r['index']}")
        ours_s = {k: ours_full[k] for k in their_sessions}
        strip = lambda d: {k: {x.split("@")[0] for x in v} for k, v in d.items()}   # noqa: E731
        print()
        print_agreement("sessions (norm only)", agreement(strip(ours_s), strip(their_sessions)), len(their_sessions))
        print_agreement("sessions (norm and index)", agreement(ours_s, their_sessions), len(their_sessions))
        reasons = session_reasons()
        their_conv_reason = {}
        for r in conv:
            their_conv_reason.setdefault((r["dataset"], r["transcript"]), []).append(
                f"{r['norm']}@{r['index']}: {r['reason']}")
        for key in their_sessions:
            if ours_s[key] != their_sessions[key]:
                print(f"\n{key[1]}  ours={sorted(ours_s[key]) or '-'}  theirs={sorted(their_sessions[key]) or '-'}")
                for line in reasons[key]:
                    print(f"   ours:   {line}")
                for line in their_conv_reason[key]:
                    print(f"   theirs: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
