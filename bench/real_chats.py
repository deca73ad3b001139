"""The real-chat row of `make bench` (bench/run_bench.py): kefu and the floor on the public JDDC
chats of ../shared/data, when the folder is there. Their agent texts repeat as real desks' do (about
17 % memo hits against the synthetic corpus's 99.7 %), so this is the rate on real text. Nothing of
the chats is copied into the repository."""
from __future__ import annotations

import json

from corpus import repeats  # bench/ is the script's own folder, first on sys.path
from floor import forbidden_phrases
from run_bench import ROOT, mib, run_floor, run_kefu

REAL = ROOT.parent / "shared" / "data" / "jddc2019" / "jddc2019.jsonl"


def real_chats(repeat: int) -> None:
    """kefu and the floor on the real JDDC chats of ../shared/data, when present: text that
    repeats as real desks' text does (about 17 % memo hits against the corpus's), where the
    text memo helps little. JDDC has no timestamps, so the clock rules do not run."""
    if not REAL.is_file():
        print(f"\nreal chats: {REAL} not found, skipped")
        return
    expect = {"transcripts": 0, "messages": 0}
    with REAL.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                expect["transcripts"] += 1
                expect["messages"] += len(json.loads(line)["messages"])
    n = expect["messages"]
    print(f"\nreal chats: {REAL.name}, {n:,} messages in {expect['transcripts']:,} transcripts, agent texts seen "
          f"before {repeats(REAL):.1%}", flush=True)
    best = None
    for _ in range(repeat):
        res = run_kefu(REAL, expect, "real chats, --jobs 1", 1)
        best = res if best is None or res["wall"] < best["wall"] else best
    phrases, _ = forbidden_phrases()
    floor = run_floor(REAL, phrases)
    for label, res in (("kefu real -j1", best), ("floor real", floor)):
        print(f"{label:16}{res['wall']:8.2f}s{res['cpu']:8.2f}s{n / res['wall']:13,.0f}"
              f"{res['wall'] / floor['wall']:8.1f}x{n / res['cpu']:11,.0f}{res['cpu'] / floor['cpu']:14.1f}x"
              f"{mib(res['rss']):>12}")
    print(f"real chats: kefu --jobs 1 checks {n / best['wall']:,.0f} messages/s end to end, start-up included "
          f"({best['findings']:,} findings)")
