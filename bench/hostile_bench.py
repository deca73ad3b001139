"""Time and peak memory of `kefu check` on the hostile inputs of issue 11: a 10 MB agent
message, a 3.5-million-character run of one repeated word, and a 100,000-round transcript.
The tests prove these end with a clear outcome; how long they take is measured here only."""
from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import ROOT, kefu_command, mib, run_measured  # noqa: E402

ROUNDS = 100_000


def _one_message(text: str) -> dict:
    return {"id": "HUGE", "agent": "小美", "messages": [
        {"at": "2026-11-11T10:00:00+08:00", "from": "customer", "text": "在吗？"},
        {"at": "10:00:05", "from": "agent", "text": text}]}


def _many_rounds(rounds: int) -> dict:
    start, messages = datetime(2026, 11, 11, 8, 0, tzinfo=timezone(timedelta(hours=8))), []
    for n in range(rounds):
        asked = start + timedelta(seconds=60 * n)
        messages.append({"at": asked.isoformat(), "from": "customer", "text": f"第{n}个问题：这个有货吗？"})
        messages.append({"at": (asked + timedelta(seconds=20)).isoformat(), "from": "agent",
                         "text": "亲，有货的呢，您放心拍。"})
    return {"id": "ROUNDS", "agent": "小美", "messages": messages}


CASES = {
    "10 MB message": lambda: _one_message(
        ("亲，这款四件套是纯棉的，您放心购买，有问题随时联系我们。" * 200_000)[:3_400_000]),
    "不行 x 1,750,000": lambda: _one_message("不行" * 1_750_000),
    f"{ROUNDS:,} rounds": lambda: _many_rounds(ROUNDS),
}


def main() -> None:
    cmd, label = kefu_command()
    print("kefu hostile-input bench")
    print(f"  date     {datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"  kefu     {label}")
    print(f"\n{'input':22}{'size':>11}{'wall':>9}{'cpu':>9}{'peak RSS':>12}  outcome")
    with tempfile.TemporaryDirectory(prefix="kefu-hostile-") as tmp:
        for name, build in CASES.items():
            path = Path(tmp) / "input.jsonl"
            path.write_text(json.dumps(build(), ensure_ascii=False) + "\n", encoding="utf-8")
            res = run_measured(cmd + ["check", str(path), "--format", "json", "-j", "1"],
                               Path(tmp) / "report.json", ROOT)
            outcome = {0: "clean", 1: "findings", 2: "input error (per-message time budget)"}.get(
                res["code"], f"exit {res['code']}")
            print(f"{name:22}{mib(path.stat().st_size):>11}{res['wall']:8.2f}s{res['cpu']:8.2f}s"
                  f"{mib(res['rss']):>12}  {outcome}", flush=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
