"""Print queued messages with their context, for labelling (stdout only; never saved).

    .venv/bin/python eval/show.py 0 40      # queue positions [0, 40)
    .venv/bin/python eval/show.py --sessions 0 15   # whole sessions of session_queue.tsv
    .venv/bin/python eval/show.py --queue eval/heldout_queue.tsv 0 40   # another queue file
    .venv/bin/python eval/show.py --heldout 0 15    # whole sessions of sessions_heldout_queue.tsv
    .venv/bin/python eval/show.py --session-queue FILE 0 15   # whole sessions of any session queue file
For each: the customer's messages since the agent last spoke (and the agent's previous
message), the labelled agent message (>>), and the agent's next message.
"""
from __future__ import annotations

import sys
from pathlib import Path

from common import HERE, read_sessions, read_tsv


def clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def context(messages: list[dict], index: int) -> list[str]:
    lines, start = [], index - 1
    while start >= 0 and messages[start]["from"] != "agent" and index - start <= 4:
        start -= 1
    if start >= 0:
        lines.append(f"   A{start}: {clip(messages[start]['text'], 90)}")
    for i in range(start + 1, index):
        lines.append(f"   C{i}: {clip(messages[i]['text'])}")
    lines.append(f">> A{index}: {clip(messages[index]['text'], 400)}")
    for i in range(index + 1, min(len(messages), index + 3)):
        who = "A" if messages[i]["from"] == "agent" else "C"
        lines.append(f"   {who}{i}: {clip(messages[i]['text'], 120)}")
        if who == "A":
            break
    return lines


def show_sessions(start: int, end: int, queue_file: str | Path = "session_queue.tsv", limit: int = 70) -> None:
    """Whole sessions, one line a message (for greeting, complaint_apology, unanswered)."""
    queue = read_tsv(HERE / queue_file)      # an absolute path replaces HERE
    sessions = read_sessions("jddc")
    for pos in range(start, min(end, len(queue))):
        tid = queue[pos]["transcript"]
        print(f"## S{pos} {tid}")
        for i, message in enumerate(sessions[tid]):
            who = "A" if message["from"] == "agent" else "C"
            print(f"  {who}{i}: {clip(message['text'], 160 if who == 'C' else limit)}")


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    try:
        return _show(argv)
    except (IndexError, ValueError):     # missing or non-numeric positions: say how to call it
        print(__doc__, file=sys.stderr)
        return 2
    except FileNotFoundError as missing:
        print(f"show.py: {missing.filename} 不存在（队列文件路径写错了？）", file=sys.stderr)
        return 2


def _show(argv: list[str]) -> int:
    if argv[0] == "--sessions":
        show_sessions(int(argv[1]), int(argv[2]))
        return 0
    if argv[0] == "--session-queue":         # any session queue file, agent lines in full
        show_sessions(int(argv[2]), int(argv[3]), Path(argv[1]).resolve(), 400)
        return 0
    queue_path = HERE / "queue.tsv"
    if argv[0] == "--queue":
        queue_path, argv = argv[1], argv[2:]
    if argv[0].startswith("--heldout"):   # --heldout, --heldout2 …: held-out batches, agent lines in full
        show_sessions(int(argv[1]), int(argv[2]), f"sessions_heldout{argv[0][len('--heldout'):]}_queue.tsv", 400)
        return 0
    start, end = int(argv[0]), int(argv[1])
    queue = read_tsv(queue_path)
    sessions = {name: read_sessions(name) for name in ("jddc", "ecd")}
    for pos in range(start, min(end, len(queue))):
        row = queue[pos]
        print(f"#{pos} {row['dataset']} {row['transcript']} [{row['selection']}/{row['cue']}]")
        print("\n".join(context(sessions[row["dataset"]][row["transcript"]], int(row["index"]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
