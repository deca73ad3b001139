"""`make eval`: the rule base of the current checkout, measured on hand-labelled real chats.

    .venv/bin/python eval/run_eval.py [--labels eval/devset.tsv] [--norm harsh_language]
                                      [--misses-only] [--record]
    .venv/bin/python eval/run_eval.py --heldout [--record]     # `make eval-heldout`
    .venv/bin/python eval/run_eval.py --heldout2 [--record]    # the second blind round
    .venv/bin/python eval/run_eval.py --heldout5 [--record]    # the fifth (heldout3/4 alike)
    .venv/bin/python eval/run_eval.py --heldout6 [--record]    # the sixth
    .venv/bin/python eval/run_eval.py --heldout7 [--record]    # the seventh: the census of what was left
    .venv/bin/python eval/run_eval.py --heldout8 --data DIR    # the eighth: real JDDC excerpts kept outside the repository
    .venv/bin/python eval/run_eval.py --heldout9 --data DIR    # the ninth: the JDDC 2019 dev set (eval/jddc2019_dev.py)

Runs whatever `checker` the interpreter imports (so another worktree's venv measures that
worktree's rules against these labels) over exactly the labelled transcripts of
../shared/data, compares the message-level findings per (transcript, message, norm) with
the labels, and prints precision and recall per norm beside the figures last recorded in
eval/last.json (updated only with --record), then the misses and false alarms with the
message text (terminal only). Conversation norms are scored the same way from
eval/conversation_labels.tsv when it exists, and again, one table per file, on the
held-out batches of eval/conversation_heldout*.tsv (each labelled before it was measured).
The hand-written near-miss sets need no real-chat data and are always scored: the agent
messages of eval/handwritten/*.yaml first, against their targets (message norms together:
P >= 0.95, R >= 0.90), the chats of eval/handwritten/conversations/chats.yaml last.
A measurement, not a gate: exits 0.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from datetime import date
from pathlib import Path

import checker
import yaml
from checker.engine import Engine
from checker.loaders.canonical import load_jsonl
from checker.model import Transcript
from checker.norms import MESSAGE_LEVEL
from checker.policy import load_policy

from common import HERE, ROOT, data_path, read_tsv
from devscore import Score, parse_norms, score_conversations, score_messages
from handwritten import HANDWRITTEN, TARGET_PRECISION, TARGET_RECALL, evaluate as evaluate_handwritten

PROJECT = Path(checker.__file__).resolve().parents[1]      # the checkout being measured
# The real held-out rounds: flag name (--heldoutN, eval/heldoutN.tsv, eval/last_heldoutN.json), table title, help.
# Each was labelled blind before any rule ran on it (eval/HELDOUT.md); a round with eval/<name>_sessions.tsv scores
# its whole chats too.
_SAME = "：等同 --labels eval/{0}.tsv --last eval/last_{0}.json，不计会话级规范"
ROUNDS = {
    "heldout": ("留出集 held-out set", "测量留出集" + _SAME),
    "heldout2": ("第二轮留出集 second held-out set", "测量第二轮留出集" + _SAME),
    "heldout3": ("第三轮留出集 third held-out set", "测量第三轮留出集" + _SAME),
    "heldout4": ("第四轮留出集 fourth held-out set", "测量第四轮留出集" + _SAME),
    "heldout5": ("第五轮留出集 fifth held-out set", "测量第五轮留出集" + _SAME),
    "heldout6": ("第六轮留出集 sixth held-out set", "测量第六轮留出集" + _SAME),
    "heldout7": ("第七轮留出集 seventh held-out set", "测量第七轮留出集（其余全部客服消息）" + _SAME),
    "heldout8": ("第八轮留出集 eighth held-out set",
                 "测量第八轮留出集（../shared/data 之外的京东真实对话片段，需先放到 --data 下的 jddc-external/，见 eval/HELDOUT.md）"),
    "heldout9": ("第九轮留出集 ninth held-out set",
                 "测量第九轮留出集（京东 JDDC 2019 比赛开发集，先用 eval/jddc2019_dev.py 生成到 --data 下，见 eval/HELDOUT.md）"),
}
CONVERSATION_HANDWRITTEN = HERE / "handwritten" / "conversations" / "chats.yaml"
CONVERSATION_NORMS = ("greeting", "complaint_apology", "unanswered")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="在人工标注的真实对话上测量规则的精确率和召回率")
    parser.add_argument("--labels", type=Path, help="消息级标注文件 (TSV，默认 eval/devset.tsv)")
    parser.add_argument("--conversation-labels", type=Path,
                        help="会话级标注文件 (TSV，默认 eval/conversation_labels.tsv)，不存在则跳过")
    parser.add_argument("--data", type=Path, default=PROJECT.parent / "shared" / "data", help="真实对话数据目录")
    parser.add_argument("--policies", type=Path, default=PROJECT / "policies", help="规则目录")
    parser.add_argument("--last", type=Path, help="上次记录的结果（默认 eval/last.json）")
    parser.add_argument("--norm", action="append", help="只看这个规范（可重复）")
    parser.add_argument("--dataset", choices=("jddc", "ecd", "jddcx", "jddc19dev"), help="只看一个数据集（隐藏测试集是京东对话：jddc）")
    parser.add_argument("--misses-only", action="store_true", help="只列出漏报，不列误报")
    parser.add_argument("--record", action="store_true", help="把本次结果写入 --last 文件")
    for name, (_, text) in ROUNDS.items():
        parser.add_argument(f"--{name}", action="store_true", help=text.format(name))
    parser.add_argument("--handwritten", type=Path, default=HANDWRITTEN, help="手写近似样本（YAML 文件或其目录）")
    parser.add_argument("--handwritten-only", action="store_true", help="只测手写近似样本")
    parser.add_argument("--conversation-heldout", type=Path, action="append",
                        help="会话级留出集标注文件 (TSV，可重复)；默认 eval/conversation_heldout*.tsv，不存在则跳过")
    parser.add_argument("--conversation-handwritten", type=Path, default=CONVERSATION_HANDWRITTEN,
                        help="手写的会话级近似样例 (YAML)，不存在则跳过")
    args = parser.parse_args(argv)
    args.conversation_heldout = args.conversation_heldout or sorted(HERE.glob("conversation_heldout*.tsv"))
    rounds = [name for name in ROUNDS if getattr(args, name)]
    if len(rounds) > 1:
        parser.error(f"--heldout、--heldout2 … --{list(ROUNDS)[-1]} 只能选一个")
    if rounds:
        name = rounds[0]
        given = [flag for flag, value in (("--labels", args.labels), ("--last", args.last),
                                          ("--conversation-labels", args.conversation_labels)) if value is not None]
        if given:       # the round names its own files: another one given with it would be ignored
            parser.error(f"--{name} 已指定标注文件（eval/{name}.tsv 等），不能再给 {'、'.join(given)}；"
                         f"要用别的标注文件请去掉 --{name}")
        args.labels, args.last, args.conversation_labels = HERE / f"{name}.tsv", HERE / f"last_{name}.json", None
        args.conversation_heldout = []
        if (HERE / f"{name}_sessions.tsv").exists():      # round 9 labels its whole chats too
            args.conversation_labels = HERE / f"{name}_sessions.tsv"
    else:
        args.labels = args.labels or HERE / "devset.tsv"
        args.last = args.last or HERE / "last.json"
        args.conversation_labels = args.conversation_labels or HERE / "conversation_labels.tsv"
    return args


def load_transcripts(data: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Transcript]:
    out = {}
    for dataset in sorted({d for d, _ in wanted}):
        for item in load_jsonl(data_path(dataset, data)):
            if isinstance(item, Transcript) and (dataset, item.id) in wanted:
                out[(dataset, item.id)] = item
    return out


def run_engine(policy, transcripts):
    """(dataset, id) -> findings of the whole transcript (context rules see the customer),
    and how many messages were skipped over the regex time budget (they have no findings)."""
    engine = Engine(policy)
    findings, skipped = {}, 0
    for key, item in transcripts.items():
        result = engine.check(item)
        findings[key] = result.findings
        skipped += len(getattr(result, "errors", None) or [])
    return findings, skipped


def fmt(value) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def print_table(title: str, score: Score, last: dict | None, norms) -> None:
    last = last or {}
    print(f"\n== {title} ==")
    print(f"{'norm':<18}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>8}{'R':>8}   {'last P':>7}{'last R':>8}")
    rows = [(n, score.per_norm[n], last.get("per_norm", {}).get(n, {})) for n in norms]
    rows.append(("micro (all)", score.micro, last.get("micro", {})))
    for name, tally, before in rows:
        if name != "micro (all)" and not (tally.tp or tally.fp or tally.fn or before):
            continue
        print(f"{name:<18}{tally.tp:>5}{tally.fp:>5}{tally.fn:>5}{fmt(tally.precision):>8}{fmt(tally.recall):>8}"
              f"   {fmt(before.get('precision')):>7}{fmt(before.get('recall')):>8}")


def clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def print_cases(title, cases, transcripts, rules_at) -> None:
    print(f"\n-- {title} ({len(cases)}) --")
    for (dataset, tid, index), norm in cases:
        messages = transcripts[(dataset, tid)].messages
        text = clip(messages[index].text) if index is not None and index < len(messages) else ""
        rules = ",".join(sorted(rules_at.get((dataset, tid, index, norm), ()))) or "-"
        print(f"{tid} #{index} {norm} [{rules}] {text}")


def report_handwritten(args, policy, last: dict) -> Score:
    score, transcripts, rules_at = evaluate_handwritten(policy, args.handwritten)
    norms = [n for n in MESSAGE_LEVEL if not args.norm or n in args.norm]
    print(f"手写近似样本 {args.handwritten}：{len(transcripts)} 条客服消息"
          f"（目标：全部消息级规范合计 P ≥ {TARGET_PRECISION}，R ≥ {TARGET_RECALL}）")
    print_table("手写近似样本 (hand-written near misses)", score, last.get("handwritten"), norms)
    print_cases("漏报 misses, hand-written", [c for c in score.misses if c[1] in norms], transcripts, rules_at)
    if not args.misses_only:
        print_cases("误报 false alarms, hand-written", [c for c in score.false_alarms if c[1] in norms],
                    transcripts, rules_at)
    return score


def conversation_rows(path: Path | None, dataset: str | None) -> list[dict]:
    rows = read_tsv(path) if path is not None and path.exists() else []
    return [r for r in rows if not dataset or r["dataset"] == dataset]


def conversation_score(rows, conv_predicted, norms):
    gold = {(r["dataset"], r["transcript"], r["norm"], int(r["index"]) if r["index"].strip() else None)
            for r in rows if r["norm"].strip() not in ("", "-")}
    return score_conversations(gold, conv_predicted, {(r["dataset"], r["transcript"]) for r in rows}, norms)


def main(argv=None) -> int:
    args = parse_args(argv)
    policy = load_policy(args.policies)
    last = json.loads(args.last.read_text(encoding="utf-8")) if args.last.exists() else {}
    if not args.handwritten.exists():
        print(f"找不到手写样本 {args.handwritten}：请给出 eval/handwritten/、eval/blind/ 或 eval/paraphrase/ 下的 YAML 文件或目录",
              file=sys.stderr)
        return 2
    try:
        hand_score = report_handwritten(args, policy, last)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as error:   # a malformed file of items: which and why
        print(f"手写样本 {args.handwritten} 读不了：{error}（应为 items: 列表，每项有 agent 和 norms，见 eval/blind/README.md）",
              file=sys.stderr)
        return 2
    conv_norms = [n for n in CONVERSATION_NORMS if not args.norm or n in args.norm]
    handwritten = None
    if args.conversation_handwritten.exists() and not (args.heldout or args.heldout2):
        from handwritten_conversation import score_handwritten
        handwritten = score_handwritten(args.conversation_handwritten, policy, conv_norms)
        print_table(f"手写近似样例 (hand-written near-miss chats, {args.conversation_handwritten.name})",
                    handwritten, last.get("conversation_handwritten"), conv_norms)
    if args.handwritten_only:
        if handwritten is not None:
            print_cases("漏报 misses, hand-written chats", handwritten.misses,
                        handwritten.transcripts, handwritten.rules_at)
            if not args.misses_only:
                print_cases("误报 false alarms, hand-written chats", handwritten.false_alarms,
                            handwritten.transcripts, handwritten.rules_at)
        return 0
    print()
    if not args.data.exists():
        print(f"跳过：真实对话数据目录 {args.data} 不存在（make eval 需要 ../shared/data）")
        return 0
    rows = [r for r in read_tsv(args.labels) if not args.dataset or r["dataset"] == args.dataset]
    missing = sorted({r["dataset"] for r in rows if not data_path(r["dataset"], args.data).exists()})
    if missing:
        print(f"跳过：{args.labels.name} 的对话文件不在 {args.data}（缺 "
              + "、".join(str(data_path(d, args.data).relative_to(args.data)) for d in missing)
              + "）；第八、九轮的对话不随仓库发布，取得和放置方法见 eval/HELDOUT.md")
        return 0
    gold = {(r["dataset"], r["transcript"], int(r["index"])): parse_norms(r["norms"]) for r in rows}
    conv_rows = conversation_rows(args.conversation_labels, args.dataset)
    heldouts = [(path.stem, conversation_rows(path, args.dataset)) for path in args.conversation_heldout]
    heldouts = [(name, rows) for name, rows in heldouts if rows]
    sessions = {(r["dataset"], r["transcript"]) for r in conv_rows + [r for _, rows in heldouts for r in rows]}
    transcripts = load_transcripts(args.data, {k[:2] for k in gold} | sessions)
    findings, skipped = run_engine(policy, transcripts)

    predicted, conv_predicted, rules_at = {}, set(), {}
    for (dataset, tid), items in findings.items():
        for f in items:
            rules_at.setdefault((dataset, tid, f.message, f.norm), set()).add(f.rule)
            if f.norm in MESSAGE_LEVEL and f.message is not None:
                predicted.setdefault((dataset, tid, f.message), set()).add(f.norm)
            elif f.norm in CONVERSATION_NORMS:
                conv_predicted.add((dataset, tid, f.norm, f.message))
    norms = [n for n in MESSAGE_LEVEL if not args.norm or n in args.norm]
    score = score_messages(gold, predicted, norms)
    print(f"规则库 {PROJECT} (版本 {policy.version})；标注 {args.labels}：{len(gold)} 条客服消息，"
          f"{len(transcripts)} 个会话" + (f"；上次记录 {last.get('date')}" if last else ""))
    kind = {(HERE / f"{name}.tsv").resolve(): title for name, (title, _) in ROUNDS.items()}.get(
        args.labels.resolve(), "开发集 development set")
    if skipped:
        print(f"注意：{skipped} 条消息超出正则时间预算而未检查（机器繁忙？），召回率因此偏低；请在空闲时重跑")
    print_table(f"{kind}：消息级规范 (message-level norms)", score, last.get("message"), norms)
    conv_score, heldout_scores = None, []
    if conv_rows:
        conv_score = conversation_score(conv_rows, conv_predicted, conv_norms)
        print_table(f"会话级规范 (conversation norms, {len({r['transcript'] for r in conv_rows})} 个会话)",
                    conv_score, last.get("conversation"), conv_norms)
    for name, rows in heldouts:
        heldout_scores.append((name, conversation_score(rows, conv_predicted, conv_norms)))
        print_table(f"会话级规范，留出集 {name} (held-out, {len({r['transcript'] for r in rows})} 个会话)",
                    heldout_scores[-1][1], last.get(name), conv_norms)
    if handwritten is not None:
        transcripts.update(handwritten.transcripts)
        for key, rules in handwritten.rules_at.items():
            rules_at.setdefault(key, set()).update(rules)
    for title, result in (("message", score), ("conversation", conv_score), *heldout_scores,
                          ("hand-written chats", handwritten)):
        if result is None:
            continue
        print_cases(f"漏报 misses, {title} (labelled, not found)", result.misses, transcripts, rules_at)
        if not args.misses_only:
            print_cases(f"误报 false alarms, {title} (found, not labelled)", result.false_alarms,
                        transcripts, rules_at)
    foreign = PROJECT != ROOT and args.last == HERE / "last.json"
    if args.record and foreign:
        print(f"\n未记录：被测规则库 {PROJECT} 不是 {ROOT}；要记录请用 --last 指定文件")
    elif args.record and (args.norm or args.dataset):
        print("\n未记录：--record 只记录全部规范、全部数据集的结果（去掉 --norm / --dataset）")
    elif args.record:
        record = {"date": date.today().isoformat(), "policy_version": policy.version,
                  "labels": len(gold), "message": score.to_dict(), "handwritten": hand_score.to_dict()}
        for key, result in (("conversation", conv_score), *heldout_scores, ("conversation_handwritten", handwritten)):
            if result is not None:
                record[key] = result.to_dict()
        args.last.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\n已记录到 {args.last}")
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `| head` ends the listing quietly (the script only)
    sys.exit(main())
