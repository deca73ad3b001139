"""The floor of `make bench` (bench/run_bench.py): about the least work any checker must do.

`python bench/floor.py CORPUS PHRASES` json-parses every line of CORPUS and applies one combined
regex of the phrases in PHRASES (one a line) to the agent messages, then prints its counts as
JSON. `forbidden_phrases()` gives the rule base's literal phrases for it.
Standard library only (plus the installed kefu, read in a child process)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def forbidden_phrases() -> tuple[list[str], str]:
    """The rule base's literal phrases (what the engine's pre-pass looks for); the planted
    violation lines as a fallback when the policy cannot be loaded. Read in a child process,
    so that this process stays small: a forked child starts out with its parent's pages,
    which would count towards the floor's peak RSS."""
    code = ("import json; from checker.policy import load_policy; "
            "print(json.dumps(sorted({p for r in load_policy().rules if getattr(r, 'scope', 'message') == 'message' "
            "for p in getattr(r.detector, 'phrases', ())}), "
            "ensure_ascii=False))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode == 0:
        phrases = json.loads(proc.stdout)
        if phrases:
            return phrases, "the rule base's phrases"
    reason = (proc.stderr.strip().splitlines() or ["no phrases"])[-1]
    print(f"  (could not read the rule base: {reason}; the floor uses the bench's own phrase list)")
    fallback = ["不行", "不知道", "没办法", "不归我们管", "跟我们没关系", "你自己", "你懂不懂", "凭什么", "弄坏",
                "故意", "你说的不对", "爱买不买", "应该可以", "好像可以", "我觉得", "保证", "绝对", "少收",
                "打八折", "老客户", "!!!", "???"]
    return fallback, "the bench's fallback list"


def main(corpus: str, phrases_file: str) -> None:
    """The floor, run as a child process: json-parse each line, one combined regex on agent messages."""
    t0 = time.perf_counter()
    phrases = Path(phrases_file).read_text(encoding="utf-8").split("\n")
    regex = re.compile("|".join(re.escape(p) for p in sorted(filter(None, phrases), key=len, reverse=True)))
    transcripts = messages = hits = 0
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            transcripts += 1
            for m in record["messages"]:
                messages += 1
                if m["from"] == "agent":
                    hits += len(regex.findall(m["text"].lower()))
    print(json.dumps({"transcripts": transcripts, "messages": messages, "hits": hits,
                      "inner": time.perf_counter() - t0}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
