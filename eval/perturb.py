"""`make eval-perturb`: do the rules read a class of language, or only the sentences they were shown?

    .venv/bin/python eval/perturb.py [--labels FILE ...] [--data DIR] [--show NAME] [--limit N]

Takes every hand-labelled real agent message (eval/devset.tsv and the held-out rounds over
../shared/data by default) and rewrites it in ways a reviewer would not judge differently:
another sentence-final particle, an address word (亲 / 亲爱的) added or dropped, the JD export's
emoticon code, 你 for 您, spaces for commas, another self-reference (这边 / 我们这边 / 小妹), a
synonym of a refusal word or of a party. Each variant is checked in its own chat, and compared
with what the rules found on the message as written:
- lost: a labelled violation the rules found, no longer found on the variant (a recall leak);
- gained: a finding on a message labelled clean, which the rules did not make as written (a false alarm).
A rule that reads the class keeps both at zero. Prints a table per rewrite, then (with --show)
the cases of one rewrite with their text (terminal only: no chat text is written anywhere).
A measurement, not a gate: exits 0; skips (exit 0) when the real-chat data is absent.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from checker.engine import Engine
from checker.norms import MESSAGE_LEVEL
from checker.policy import load_policy

from common import DATA, HERE, ROOT, data_path, read_tsv
from devscore import parse_norms
from rewrites import CUSTOMER_SIDE, REWRITES
from run_eval import load_transcripts

DEFAULT_LABELS = ["devset.tsv"] + [f"heldout{n}.tsv" for n in ("", 2, 3, 4, 5, 6, 7)]


def found_norms(engine, transcript, index: int) -> set[str]:
    result = engine.check(transcript, conversation=False)
    return {f.norm for f in result.findings if f.message == index and f.norm in MESSAGE_LEVEL}


def with_text(transcript, index: int, text: str):
    messages = list(transcript.messages)
    messages[index] = replace(messages[index], text=text)
    return replace(transcript, messages=messages)


def rewritten_at(name: str, transcript, index: int) -> int | None:
    """Which message a rewrite changes: the agent message itself, or (customer-side rewrites) the
    customer's last message before it, if the agent has not spoken since."""
    if name not in CUSTOMER_SIDE:
        return index
    for position in range(index - 1, -1, -1):
        role = transcript.messages[position].role
        if role == "customer":
            return position
        if role == "agent":
            return None
    return None


def empty_table(names) -> dict:
    return {name: {"tried": 0, "violations": 0, "lost": 0, "clean": 0, "gained": 0, "cases": []} for name in names}


def labelled_messages(transcripts, gold):
    """(key, chat, index, labelled norms) of every labelled agent message whose chat is at hand."""
    for key, labelled in sorted(gold.items()):
        transcript = transcripts.get(key[:2])
        if transcript is not None and key[2] < len(transcript.messages) and transcript.messages[key[2]].role == "agent":
            yield key, transcript, key[2], labelled


def handwritten_messages(path: Path):
    """The same for the hand-written items of a YAML file or folder (eval/handwritten/, eval/blind/); in a
    folder, the files of message items (a folder's chats*.yaml are whole conversations: not these)."""
    import yaml
    from handwritten import load_items, transcript_of
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        if path.is_dir() and "items" not in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}):
            continue
        for item_id, item in load_items(file):
            transcript, index = transcript_of(item_id, item)
            yield ("handwritten", item_id, index), transcript, index, set(item["norms"])


def measure(engine, transcripts, gold, names):
    """name -> {"tried", "violations", "lost", "clean", "gained", "cases"}."""
    return measure_cases(engine, labelled_messages(transcripts, gold), names)


def measure_cases(engine, cases, names):
    table = empty_table(names)
    for key, transcript, index, labelled in cases:
        as_written = found_norms(engine, transcript, index)
        for name in names:
            at = rewritten_at(name, transcript, index)
            variant = None if at is None else REWRITES[name][1](transcript.messages[at].text)
            if not variant or variant == transcript.messages[at].text:
                continue
            row = table[name]
            row["tried"] += 1
            now = found_norms(engine, with_text(transcript, at, variant), index)
            kept = as_written & labelled
            row["violations"] += len(kept)
            row["clean"] += not labelled and not as_written
            lost = kept - now
            gained = (now - as_written) - labelled if not labelled else set()
            row["lost"] += len(lost)
            row["gained"] += len(gained)
            if lost or gained:
                row["cases"].append((key, transcript.messages[at].text, variant, sorted(lost), sorted(gained)))
    return table


CONVERSATION_NORMS = ("greeting", "complaint_apology", "unanswered")


def session_findings(engine, transcript) -> set[tuple[str, int]]:
    return {(f.norm, f.message) for f in engine.check(transcript).findings if f.norm in CONVERSATION_NORMS}


def measure_sessions(engine, transcripts, gold, names):
    """Customer-side rewrites of every customer line of the labelled sessions: a labelled
    conversation finding lost, or one not labelled gained. Same table as `measure`."""
    table = empty_table(names)
    for key, labelled in sorted(gold.items()):
        transcript = transcripts.get(key)
        if transcript is None:
            continue
        as_written = session_findings(engine, transcript)
        for position, message in enumerate(transcript.messages):
            if message.role != "customer":
                continue
            for name in names:
                variant = REWRITES[name][1](message.text)
                if not variant or variant == message.text:
                    continue
                row = table[name]
                row["tried"] += 1
                now = session_findings(engine, with_text(transcript, position, variant))
                row["violations"] += len(as_written & labelled)
                row["clean"] += not (as_written - labelled)
                lost, gained = (as_written & labelled) - now, (now - as_written) - labelled
                row["lost"] += len(lost)
                row["gained"] += len(gained)
                if lost or gained:
                    row["cases"].append(((*key, position), message.text, variant, sorted(f"{n}@{i}" for n, i in lost),
                                         sorted(f"{n}@{i}" for n, i in gained)))
    return table


def read_sessions_gold(paths, datasets) -> dict[tuple, set[tuple[str, int]]]:
    gold: dict[tuple, set] = {}
    for path in paths:
        for row in read_tsv(path):
            if row["dataset"] in datasets:
                found = gold.setdefault((row["dataset"], row["transcript"]), set())
                if row["norm"] and row["index"]:
                    found.add((row["norm"], int(row["index"])))
    return gold


def read_gold(paths, datasets) -> dict[tuple, set[str]]:
    gold: dict[tuple, set[str]] = {}
    for path in paths:
        for row in read_tsv(path):
            if row["dataset"] in datasets:
                key = (row["dataset"], row["transcript"], int(row["index"]))
                gold[key] = gold.get(key, set()) | set(parse_norms(row["norms"]))
    return gold


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="改写真实客服对话（不改变评审结论的写法变化），看规则的结论是否跟着变")
    parser.add_argument("--labels", type=Path, action="append",
                        help="标注文件（可重复；默认开发集与第一至七轮留出集，--sessions 时为会话级标注）")
    parser.add_argument("--sessions", action="store_true",
                        help="改写已标注会话里顾客的每一句，看会话级规范（问候、投诉致歉、未回复）的结论")
    parser.add_argument("--handwritten", type=Path,
                        help="改写手写样本（eval/handwritten/ 或 eval/blind/ 的 YAML 文件或目录），不需要真实对话数据")
    parser.add_argument("--data", type=Path, default=DATA, help="真实对话数据目录")
    parser.add_argument("--rewrite", choices=sorted(REWRITES), action="append", help="只做这种改写（可重复）")
    parser.add_argument("--show", choices=sorted(REWRITES), help="列出这种改写下结论变了的消息（只打印到终端）")
    parser.add_argument("--limit", type=int, default=60, help="--show 最多列出几条（默认 60）")
    args = parser.parse_args(argv)
    datasets = {"jddc", "ecd", "jddcx", "jddc19dev"}
    if args.handwritten:
        if not args.handwritten.exists():
            parser.error(f"找不到手写样本 {args.handwritten}：请给出 eval/handwritten/ 或 eval/blind/ 下的 YAML 文件或目录")
        names = args.rewrite or list(REWRITES)
        engine = Engine(load_policy(ROOT / "policies"))
        try:
            cases = list(handwritten_messages(args.handwritten))
        except Exception as error:  # noqa: BLE001 - a malformed YAML of items: say which file and why, no traceback
            print(f"手写样本 {args.handwritten} 读不了：{error}（应为 items: 列表，每项有 agent 和 norms，见 eval/blind/README.md）",
                  file=sys.stderr)
            return 2
        table = measure_cases(engine, cases, names)
        print(f"改写测量：{len(cases)} 条手写客服消息（{args.handwritten}）")
        return report(table, names, ("已查出的违规", "标注无违规且未报"), args)
    if args.sessions:
        paths = args.labels or [HERE / "conversation_labels.tsv", *sorted(HERE.glob("conversation_heldout*.tsv"))]
        gold = read_sessions_gold(paths, datasets)
        # 你好 in front of the first line makes a chat that started mid-way a fresh one (judged for a greeting): no surface change
        names = args.rewrite or sorted(CUSTOMER_SIDE - {"customer_hello"})
    else:
        paths = args.labels or [HERE / name for name in DEFAULT_LABELS]
        gold = read_gold(paths, datasets)
        names = args.rewrite or list(REWRITES)
    present = {d for d in {k[0] for k in gold} if data_path(d, args.data).exists()}
    if not present:
        print(f"跳过：找不到真实对话数据 {args.data}（见 ../shared/data/README.md）")
        return 0
    gold = {k: v for k, v in gold.items() if k[0] in present}
    transcripts = load_transcripts(args.data, {k[:2] for k in gold})
    engine = Engine(load_policy(ROOT / "policies"))
    if args.sessions:
        table = measure_sessions(engine, transcripts, gold, names)
        print(f"改写测量：{len(gold)} 个已标注的真实会话（{', '.join(sorted(present))}），改写顾客的每一句")
        heads = ("已查出的问题", "会话无多报")
    else:
        table = measure(engine, transcripts, gold, names)
        print(f"改写测量：{len(gold)} 条已标注的真实客服消息（{', '.join(sorted(present))}）")
        heads = ("已查出的违规", "标注无违规且未报")
    return report(table, names, heads, args)


def report(table, names, heads, args) -> int:
    print(f"{'改写':<18}{'适用':>6}{heads[0]:>10}{'丢失':>6}{heads[1]:>14}{'新增误报':>8}  说明")
    for name in names:
        row = table[name]
        print(f"{name:<18}{row['tried']:>6}{row['violations']:>14}{row['lost']:>8}{row['clean']:>18}{row['gained']:>10}"
              f"  {REWRITES[name][0]}")
    print(f"合计：丢失 {sum(r['lost'] for r in table.values())}，新增误报 {sum(r['gained'] for r in table.values())}")
    if args.show:
        for key, text, variant, lost_norms, gained_norms in table[args.show]["cases"][:args.limit]:
            what = ("丢失 " + ",".join(lost_norms)) if lost_norms else ("新增 " + ",".join(gained_norms))
            print(f"- {key[1]}#{key[2]} {what}\n    原文：{text}\n    改写：{variant}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
