"""Canonical transcripts from the JDDC 2019 contest's development set (52 sessions), for the ninth held-out round.

    .venv/bin/python eval/jddc2019_dev.py dev_question.txt dev_answer.txt OUT_DIR

The two files are public (the repository EndlessLethe/jddc2019-3th-retrieve-model, `data/`), but they are not in
../shared/data and never in this repository: this script turns them into OUT_DIR/jddc2019-dev/jddc19dev.jsonl, which
`eval/run_eval.py --heldout9 --data OUT_DIR` reads. Each session gives three transcripts, one per human agent: the
contest's answers carry three agents' replies per turn (`<sep>`), the first the original. Transcript
`jddc19dev-<session>-r<k>` holds the context and every turn answered by agent k; a reply of several messages
(`!@@@!`) becomes several agent messages, a NULL reply none, and the platform's own 系统提示 lines are system messages.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SESSION = re.compile(r"<session ([^>]+)>(.*?)</session \1>", re.S)
REPLIERS = 3
USAGE = "用法：.venv/bin/python eval/jddc2019_dev.py dev_question.txt dev_answer.txt OUT_DIR"


def split_messages(text: str) -> list[str]:
    return [part.strip() for part in text.split("!@@@!") if part.strip() and part.strip() != "NULL"]


def replies(line: str) -> list[str]:
    """The three agents' versions of one answer line (missing ones empty)."""
    parts = line.split("<sep>")
    return (parts + [""] * REPLIERS)[:REPLIERS]


def agent_messages(text: str) -> list[dict]:
    return [{"from": "system" if part.startswith("系统提示") else "agent", "text": part} for part in split_messages(text)]


def customer_messages(text: str) -> list[dict]:
    return [{"from": "customer", "text": part} for part in split_messages(text)]


def parse_questions(text: str) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    """session -> (context lines as (role letter, text), the customer turns Q1..Qn)."""
    sessions = {}
    for name, body in SESSION.findall(text):
        context_part = re.search(r"<context>(.*?)</context>", body, re.S)
        context = []
        for line in (context_part.group(1) if context_part else "").splitlines():
            match = re.match(r"^([QA]):\t?(.*)$", line.strip("\n"))
            if match:
                context.append((match.group(1), match.group(2)))
        turns = [q for _, q in sorted(((int(n), q) for n, q in re.findall(r"<Q(\d+)>(.*?)</Q\1>", body, re.S)))]
        sessions[name] = (context, turns)
    return sessions


def parse_answers(text: str) -> dict[str, list[str]]:
    return {name: [line for line in body.splitlines() if line.strip()] for name, body in SESSION.findall(text)}


def transcripts(questions: str, answers: str) -> list[dict]:
    asked, answered = parse_questions(questions), parse_answers(answers)
    out = []
    for name, (context, turns) in asked.items():
        lines = answered.get(name, [])
        for k in range(REPLIERS):
            messages = []
            for role, text in context:
                messages += customer_messages(text) if role == "Q" else agent_messages(replies(text)[k])
            for turn, customer in enumerate(turns):
                messages += customer_messages(customer)
                if turn < len(lines):
                    messages += agent_messages(replies(lines[turn])[k])
            out.append({"id": f"jddc19dev-{name}-r{k + 1}", "channel": "im", "agent": f"jddc19-agent-{k + 1}",
                        "customer": f"jddc19-{name}", "source": f"JDDC 2019 dev set, session {name}, agent {k + 1}",
                        "messages": messages})
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    questions, answers, out_dir = (Path(a) for a in argv)
    texts = []
    for path, role in ((questions, "dev_question.txt"), (answers, "dev_answer.txt")):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"错误：读不了 {path}（应为比赛开发集的 {role}，UTF-8 文本）：{exc}", file=sys.stderr)
            return 2
        if not SESSION.search(texts[-1]):
            print(f"错误：{path} 里没有 <session …> … </session …> 段落：它不是比赛开发集的 {role}", file=sys.stderr)
            return 2
    records = transcripts(*texts)
    target = out_dir / "jddc2019-dev" / "jddc19dev.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    agents = sum(m["from"] == "agent" for r in records for m in r["messages"])
    print(f"{target}: {len(records)} 个会话，{agents} 条客服消息")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
