#!/usr/bin/env python3
"""The Dask path of `kefu check` beside the local one (run by `make bench`).

Writes the same synthetic corpus as bench/run_bench.py (default 50,000 messages), then
times `kefu check --format json` locally (with --jobs 1 and --jobs 2 when the installed
kefu has --jobs) and with `--dask local:1` and `--dask local:2`, and checks that every
run prints the same JSON. The Dask figures include starting the LocalCluster, which is
what a user of `--dask local:N` pays; the point is to make the cluster's overhead visible.
Usage: python bench/dask_bench.py [--messages N] [--seed S]
"""
from __future__ import annotations

import argparse
import hashlib
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from run_bench import OUT, ROOT, cpu_model, kefu_command  # noqa: E402


def timed(cmd: list[str], out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    with out.open("wb") as fh:
        done = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return wall, hashlib.sha256(out.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20261111)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / "dask_corpus.jsonl"
    stats = generate(args.messages, args.seed, corpus)
    kefu, _ = kefu_command()
    base = kefu + ["check", str(corpus), "--format", "json", "--fail-on", "never"]
    has_jobs = "--jobs" in subprocess.run(kefu + ["check", "--help"], capture_output=True, text=True).stdout
    runs = [("local", [])]
    if has_jobs:
        runs = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])]
    runs += [("--dask local:1", ["--dask", "local:1"]), ("--dask local:2", ["--dask", "local:2"])]
    print(f"kefu check on Dask vs locally — {platform.node()}, {cpu_model()}, {time.strftime('%Y-%m-%d')}")
    print(f"corpus: {stats['transcripts']:,} transcripts, {stats['messages']:,} messages")
    digests = set()
    first = None
    for label, extra in runs:
        wall, digest = timed(base + extra, OUT / f"dask_{label.replace(' ', '_').replace(':', '')}.json")
        digests.add(digest)
        first = first or wall
        print(f"  {label:<16} {wall:7.2f} s  {stats['messages'] / wall:>9,.0f} messages/s  ({first / wall:.2f}× the first)")
    print("  output: " + ("identical in every run" if len(digests) == 1 else "DIFFERS between runs"))
    if len(digests) != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
