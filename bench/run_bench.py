#!/usr/bin/env python3
"""Throughput and memory benchmark for `kefu check` (run by `make bench`).

1. Writes a synthetic corpus (>= 100,000 messages by default) of timestamped IM
   transcripts to bench/out/corpus.jsonl, streaming (bench/corpus.py); texts come from its
   phrase pools, about 3 % of agent messages carry a service-norm violation. A 10x corpus
   (corpus10.jsonl) repeats it ten times under other ids and agent names, so each
   copy has the same concurrency as the original.
2. Runs `kefu check --format json --fail-on never` in a child process, measuring wall
   time, CPU time (the child and its workers) and peak RSS (the largest process, from
   os.wait4): on the 1x corpus with --jobs 1 and with --jobs N (N = the CPUs; the two
   reports must be byte-identical), and on the 10x corpus with --jobs N (memory must
   stay flat) and --jobs 1 (the speed-up of --jobs N where the fixed start-up counts for
   little). Each report is checked to cover the whole corpus.
3. Runs a floor in a child process: json-parse every line and apply one combined
   regex of all forbidden phrases to the agent messages. That is about the least
   work any checker must do, so kefu/floor says what the engine costs on top.

Standard library only (plus the installed kefu, to read the rule phrases for the floor).
Usage: python bench/run_bench.py [--messages N] [--keep] [--seed S] [--no-10x]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from corpus import generate, repeats, replicate  # bench/ is the script's own folder, first on sys.path
from floor import forbidden_phrases

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


# ----------------------------------------------------------------------------- measuring

def run_measured(cmd: list[str], stdout_path: Path, cwd: Path, env: dict | None = None) -> dict:
    """Run cmd as a child, stdout to a file: its wall time, CPU time and own peak RSS.

    The measuring is done by a small intermediate Python process (`--_measure`): a forked
    child's peak RSS counts the pages it shared with its parent before exec, so the command
    must be started from a lean process, not from this one (which has written the corpus)."""
    stderr_path = stdout_path.with_suffix(stdout_path.suffix + ".err")
    result_path = stdout_path.with_suffix(stdout_path.suffix + ".usage")
    helper = [sys.executable, str(Path(__file__).resolve()), "--_measure", str(result_path), "--"]
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        subprocess.run(helper + cmd, stdout=out, stderr=err, cwd=cwd, check=True,
                       env=None if env is None else {**os.environ, **env})
    usage = json.loads(result_path.read_text(encoding="utf-8"))
    usage["stderr"] = stderr_path.read_text(encoding="utf-8", errors="replace")
    return usage


def measure_main(result_file: str, cmd: list[str]) -> None:
    """Intermediate process: run cmd (stdout/stderr inherited) and record its own rusage."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped here, not by Popen
    scale = 1 if sys.platform == "darwin" else 1024          # ru_maxrss: bytes on macOS, KiB on Linux
    Path(result_file).write_text(json.dumps({
        "wall": wall, "rss": usage.ru_maxrss * scale, "cpu": usage.ru_utime + usage.ru_stime,
        "code": proc.returncode}), encoding="utf-8")


def kefu_command() -> tuple[list[str], str]:
    exe = Path(sys.executable).parent / "kefu"
    if exe.exists():
        return [str(exe)], str(exe)
    return [sys.executable, "-m", "checker.cli"], f"{sys.executable} -m checker.cli"


def run_kefu(corpus: Path, expect: dict, label: str, jobs: int, memo: bool = True) -> dict:
    cmd, _ = kefu_command()
    report = corpus.with_name(f"{corpus.stem}.j{jobs}{'' if memo else '.nomemo'}.report.json")
    res = run_measured(cmd + ["check", "--format", "json", "--fail-on", "never", "--jobs", str(jobs), str(corpus)],
                       report, ROOT, None if memo else {"KEFU_TEXT_MEMO": "0"})
    if res["code"] != 0:
        sys.exit(f"kefu check ({label}) exited with {res['code']}:\n{res['stderr'][-3000:]}")
    with report.open(encoding="utf-8") as fh:
        data = json.load(fh)
    summary = data.get("summary", {})
    checked = len(data.get("transcripts", []))
    problems = []
    if checked != expect["transcripts"] or summary.get("transcripts") != expect["transcripts"]:
        problems.append(f"{checked} transcripts in the report (summary: {summary.get('transcripts')}), "
                        f"{expect['transcripts']} written")
    if summary.get("messages") != expect["messages"]:
        problems.append(f"summary counts {summary.get('messages')} messages, {expect['messages']} written")
    if data.get("errors"):
        problems.append(f"{len(data['errors'])} load errors, first: {data['errors'][0]}")
    if problems:
        sys.exit(f"kefu check ({label}) did not check the whole corpus: " + "; ".join(problems))
    res.update(transcripts=checked, findings=summary.get("findings", 0), by_norm=summary.get("by_norm", {}),
               rules=data.get("policy", {}).get("rules"), report=report)
    return res


def run_floor(corpus: Path, phrases: list[str]) -> dict:
    # the rule base stores phrases normalised (half-width); the floor does not normalise the
    # text, so it also looks for the full-width spelling of each phrase
    wide = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    phrases = sorted(set(phrases) | {p.translate(wide) for p in phrases})
    phrases_file = OUT / "phrases.txt"
    phrases_file.write_text("\n".join(phrases), encoding="utf-8")
    out = OUT / "floor.out"
    res = run_measured([sys.executable, str(Path(__file__).resolve().with_name("floor.py")), str(corpus),
                        str(phrases_file)], out, ROOT)
    if res["code"] != 0:
        sys.exit(f"floor failed:\n{res['stderr'][-3000:]}")
    res.update(json.loads(out.read_text(encoding="utf-8")))
    return res


# ----------------------------------------------------------------------------- reporting

def start_up(runs: int = 7) -> str:
    """Wall time of `kefu check` on one small sample folder (transcripts/phone): the cost of
    every start (imports, the cached rule base), which a one-file check in CI pays."""
    cmd, _ = kefu_command()
    cmd = cmd + ["check", str(ROOT / "transcripts" / "phone"), "--format", "json", "--fail-on", "never"]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - began)
    times.sort()
    bytecode = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    return (f"start-up: kefu check on one small file, {runs} runs: median {times[runs // 2]:.2f} s, "
            f"best {times[0]:.2f} s, worst {times[-1]:.2f} s (bytecode cache {bytecode})")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mib(n: int) -> str:
    return f"{n / 1048576:.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark `kefu check` against a regex floor.")
    parser.add_argument("--messages", type=int, default=100_000, help="corpus size in messages (default 100000)")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/ (corpus and reports)")
    parser.add_argument("--seed", type=int, default=20261111, help="random seed (default 20261111)")
    parser.add_argument("--no-10x", action="store_true", help="skip the 10x corpus (memory scaling)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of --jobs 1 and --jobs N, alternately; "
                        "the best of each is shown (default 2)")
    if sys.argv[1:2] == ["--_measure"]:          # internal: python run_bench.py --_measure FILE -- CMD...
        measure_main(sys.argv[2], sys.argv[4:])
        return
    args = parser.parse_args()
    if args.messages < 100:
        parser.error("--messages must be at least 100")

    started = time.perf_counter()
    _, kefu_label = kefu_command()
    print("kefu bench")
    print(f"  date     {datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"  machine  {os.cpu_count()} CPUs (nproc), {cpu_model()}; {platform.system()} {platform.release()}")
    print(f"  python   {platform.python_version()} ({sys.executable})")
    print(f"  kefu     {kefu_label}")

    OUT.mkdir(parents=True, exist_ok=True)
    full, big = OUT / "corpus.jsonl", OUT / "corpus10.jsonl"
    t0 = time.perf_counter()
    stats = generate(args.messages, args.seed, full)
    if not args.no_10x:
        replicate(full, big, 10)
    gen = time.perf_counter() - t0
    planted = sum(stats["planted"].values())
    jobs = os.cpu_count() or 1
    print(f"\ncorpus   {stats['messages']:,} messages in {stats['transcripts']:,} transcripts, "
          f"{stats['agents']} agents, {full.stat().st_size / 1048576:.1f} MiB ({gen:.1f} s to write)")
    print(f"         {stats['agent_messages']:,} agent messages, {planted:,} with a planted violation "
          f"({100 * planted / stats['agent_messages']:.1f} %)")
    if not args.no_10x:
        print(f"10x      {10 * stats['messages']:,} messages in {10 * stats['transcripts']:,} transcripts "
              f"(the corpus ten times, other ids and agents), {big.stat().st_size / 1048576:.1f} MiB")

    print(f"         agent texts seen before (an LRU of the memo's size, 4,096): {repeats(full):.1%} "
          "(the memo's hit rate; real JDDC chats: about 17 %, see README)")

    runs: list[tuple[str, dict, int]] = []          # label, measures, messages
    n = stats["messages"]
    one = many = None
    for _ in range(args.repeat):            # alternately, the best of each: the machine is shared
        print("\nrunning kefu --jobs 1 on the corpus ...", flush=True)
        res = run_kefu(full, stats, "1x, --jobs 1", 1)
        one = res if one is None or res["wall"] < one["wall"] else one
        if jobs > 1:
            print(f"running kefu --jobs {jobs} on the corpus ...", flush=True)
            res = run_kefu(full, stats, f"1x, --jobs {jobs}", jobs)
            many = res if many is None or res["wall"] < many["wall"] else many
            if many["report"].read_bytes() != one["report"].read_bytes():
                sys.exit(f"--jobs {jobs} and --jobs 1 wrote different reports: {many['report']} {one['report']}")
    runs.append(("kefu 1x -j1", one, n))
    if jobs > 1:
        runs.append((f"kefu 1x -j{jobs}", many, n))
    else:
        many = one
    print("running kefu --jobs 1 on the corpus without the text memo ...", flush=True)
    bare = run_kefu(full, stats, "1x, --jobs 1, KEFU_TEXT_MEMO=0", 1, memo=False)
    runs.append(("  no text memo", bare, n))
    if bare["report"].read_bytes() != one["report"].read_bytes():
        sys.exit(f"without the text memo kefu wrote another report: {bare['report']} {one['report']}")
    if not args.no_10x:
        print(f"running kefu --jobs {jobs} on the 10x corpus ...", flush=True)
        ten = run_kefu(big, {"transcripts": 10 * stats["transcripts"], "messages": 10 * n}, "10x", jobs)
        runs.append((f"kefu 10x -j{jobs}", ten, 10 * n))
        if jobs > 1:           # the parallel speed-up where the fixed start-up weighs ten times less than at 1x
            print("running kefu --jobs 1 on the 10x corpus ...", flush=True)
            ten_one = run_kefu(big, {"transcripts": 10 * stats["transcripts"], "messages": 10 * n}, "10x, --jobs 1", 1)
            runs.append(("kefu 10x -j1", ten_one, 10 * n))
            if ten_one["report"].read_bytes() != ten["report"].read_bytes():
                sys.exit(f"--jobs {jobs} and --jobs 1 wrote different reports on the 10x corpus: {ten['report']} "
                         f"{ten_one['report']}")
    phrases, origin = forbidden_phrases()
    print(f"running the floor ({len(phrases)} phrases from {origin}) ...", flush=True)
    floor = run_floor(full, phrases)
    if floor["messages"] != n:
        sys.exit(f"floor read {floor['messages']} messages, {n} written")
    runs.append(("floor 1x", floor, n))

    f_rate = n / floor["wall"]
    # x floor (cpu): CPU seconds per message against the floor's, the figure that holds on a
    # shared machine, where wall times mostly measure the other jobs
    f_cpu = n / floor["cpu"]
    print(f"\n{'':16}{'wall':>9}{'cpu':>9}{'messages/s':>13}{'x floor':>9}{'msg/cpu-s':>11}{'x floor (cpu)':>15}"
          f"{'peak RSS':>12}")
    for label, res, count in runs:
        rate, cpu_rate = count / res["wall"], count / res["cpu"]
        print(f"{label:16}{res['wall']:8.2f}s{res['cpu']:8.2f}s{rate:13,.0f}{f_rate / rate:8.1f}x{cpu_rate:11,.0f}"
              f"{f_cpu / cpu_rate:14.1f}x{mib(res['rss']):>12}")
    print(f"\nkefu/floor (1x, --jobs 1): kefu takes {one['wall'] / floor['wall']:.1f}x the floor's wall time "
          f"(throughput ratio {floor['wall'] / one['wall']:.3f}); per CPU second "
          f"{n / one['cpu']:,.0f} messages/s against the floor's {n / floor['cpu']:,.0f}")
    if jobs > 1:
        print(f"--jobs {jobs} vs --jobs 1 on the corpus: {one['wall'] / many['wall']:.2f}x faster, "
              f"byte-identical reports (CPU {many['cpu'] / one['cpu']:.2f}x that of --jobs 1"
              f"{f'; best of {args.repeat} runs each' if args.repeat > 1 else ''})")
    print(f"text memo: --jobs 1 takes {one['cpu'] / bare['cpu']:.2f}x the CPU it takes without it, "
          "byte-identical reports")
    if not args.no_10x and jobs > 1:
        print(f"--jobs {jobs} vs --jobs 1 on the 10x corpus: {ten_one['wall'] / ten['wall']:.2f}x faster, byte-identical "
              f"reports (one run each; the start-up both pay weighs ten times less here than at 1x)")
    if not args.no_10x:
        print(f"memory vs corpus size (--jobs {jobs}): peak RSS {mib(many['rss'])} at 1x, {mib(ten['rss'])} at 10x "
              f"(x{ten['rss'] / many['rss']:.2f} for x10 the messages)")
    print(f"findings: {one['findings']:,} ({one['rules']} rules)")
    message_level = {"harsh_language", "shirking", "blaming", "interrogating", "doubting", "arguing", "hedging",
                     "over_promise", "price_promise", "sensitive_topic", "shouting"}
    found = sum(v for k, v in one["by_norm"].items() if k in message_level)
    print(f"sanity: {planted:,} violations planted, kefu reports {found:,} message-level findings")
    from real_chats import real_chats      # here: it imports this module's measuring helpers
    real_chats(args.repeat)
    print(start_up())

    if not args.keep:
        for path in OUT.iterdir():
            if path.is_file() and path.name.startswith(("corpus", "floor", "phrases")):
                path.unlink()
    else:
        print(f"kept {OUT}")
    total = time.perf_counter() - started
    print(f"\ntotal bench time {total:.1f} s" + ("" if total < 120 else "  (over the 2-minute target)"))


if __name__ == "__main__":
    main()
