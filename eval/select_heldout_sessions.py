"""Pick the held-out JDDC sessions for the conversation norms, reproducibly (seed 2027).

Writes eval/sessions_heldout_queue.tsv (dataset, transcript, selection, cue; no text): sessions
that are neither in conversation_labels.tsv nor in session_queue.tsv, so the rules were
never tuned on them. First ~40 sessions where the customer shows dissatisfaction in any
words, spread over the cue families below (round robin, so rare families get their share),
then ~80 at random; shuffled so any prefix has the mix.

The cue families are the reviewer's own, written from the seed handbooks' words for
complaints and 抱怨 (003 五, 002 五: 质量问题, 少发/多发, 残书, 什么时候到货, 差评, 退换货 …),
not from the rule's lists: they choose what to read, they do not decide a label.
Run: .venv/bin/python eval/select_heldout_sessions.py

`--batch 2` picks a second, smaller blind batch (seed 2028: 20 cue, 30 random, none of
batch 1 either) into sessions_heldout2_queue.tsv: labelled after the rules were improved on the
development set and batch 1, it measures them on sessions nobody tuned on. `--batch 3`
(seed 2029: 15 cue, 25 random) is the next one, labelled after the fixes batch 2 showed;
`--batch 4` (seed 2030) labelled after the fixes batch 3 showed, `--batch 5` (seed 2031: 10 cue,
20 random) after those batch 4 showed. `--batch 6` (seed 2032: 25 cue, 35 random) is the blind
measure of the session of 2026-12-03 evening: selected and labelled before its rule changes, and
excluded from corpus mining (common.blind_keys). `--batch 7` (seed 2035: 30 cue, 30 random) is
the same for the fourth session of 2026-12-03 (21:00 UTC). `--batch 8` (seed 2037: 30 cue, 30 random)
measures the rules as they stand at the end of that session (selected and labelled after its last
rule change). `--batch 9` (seed 2039: 30 cue, 30 random) is the blind batch of the session that
started 2026-12-03 ~23:40 UTC, labelled before any rule was run on it. By then every JDDC
session whose customer words hit a cue family had been taken by an earlier batch, so batch 9's
30 cue places are filled at random (TOP_UP_FROM): 60 random sessions. `--batch 10` (seed 2041,
same way) is the blind batch of the session of 2026-12-04 10:06 UTC, selected before its first
rule change and labelled by a session that read no rule. `--batch 11` (seed 2043, 90 sessions, the
same way) is the blind batch of the session of 2026-12-04 17:13 UTC, selected and labelled before
the session's first rule change. `--batch 12` (seed 2045, 90 sessions) is that session's final blind
batch, selected at 17:31 UTC and measured once, on its last rules. `--batch 13` (seed 2047, the last 58 JDDC sessions no set had taken)
was selected at 17:55 UTC for a blind measurement in the middle of that session.
"""
from __future__ import annotations

import random
import re
import sys

from common import DATA, HERE, read_sessions, read_tsv

BATCHES = {1: (2027, 40, 80, "sessions_heldout_queue.tsv"), 2: (2028, 20, 30, "sessions_heldout2_queue.tsv"),
           3: (2029, 15, 25, "sessions_heldout3_queue.tsv"), 4: (2030, 15, 25, "sessions_heldout4_queue.tsv"),
           5: (2031, 10, 20, "sessions_heldout5_queue.tsv"), 6: (2032, 25, 35, "sessions_heldout6_queue.tsv"),
           7: (2035, 30, 30, "sessions_heldout7_queue.tsv"), 8: (2037, 30, 30, "sessions_heldout8_queue.tsv"),
           9: (2039, 30, 30, "sessions_heldout9_queue.tsv"), 10: (2041, 30, 30, "sessions_heldout10_queue.tsv"),
           11: (2043, 45, 45, "sessions_heldout11_queue.tsv"), 12: (2045, 45, 45, "sessions_heldout12_queue.tsv"),
           13: (2047, 0, 58, "sessions_heldout13_queue.tsv")}
# From batch 9 on, cue sessions the exhausted cue families cannot supply are taken at random
# (earlier batches keep their original, shorter queues: batch 8 has 26 cue sessions, not 30).
TOP_UP_FROM = 9
# Dissatisfaction in the customer's words, by family (broad: most hits are not complaints).
CUES = {
    "defect": r"坏|破|碎|裂|漏|瑕疵|划痕|不能用|用不了|没反应|故障|质量|不亮|不工作|死机|异味|发霉|变质",
    "missing_wrong": r"少了|少发|缺|漏发|只收到|没收到|没有收到|发错|错了|不对|不一样|不符|色差",
    "delay": r"太慢|这么慢|好慢|几天了|都[0-9一二三四五六七八九十几]+天|一直没|一直不|怎么还|还没|迟迟|多久了|这么久|好久",
    "reproach": r"怎么回事|怎么搞|搞什么|什么态度|你们怎么|凭什么|骗|坑|失望|不满意|生气|无语|垃圾|服了|过分|离谱|敷衍|不负责",
    "threat": r"差评|投诉|12315|曝光|工商|消协|举报|维权",
    "sarcasm": r"呵呵|厉害了|真行|真棒|好样的|效率真|服务真好",
    "repeated": r"又|再次|几遍|多少次|第二次|第三次|好几次|说了多少|问了",
}


def customer_text(messages) -> str:
    return "\n".join(m["text"] for m in messages if m["from"] == "customer")


def main(argv: list[str]) -> int:
    batch = int(argv[1]) if len(argv) > 1 and argv[0] == "--batch" else 1
    seed, cue_sessions, random_sessions, out_name = BATCHES[batch]
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to select")
        return 0
    sessions = read_sessions("jddc")
    taken = {r["transcript"] for r in read_tsv(HERE / "conversation_labels.tsv")}
    taken |= {r["transcript"] for r in read_tsv(HERE / "session_queue.tsv")}
    for earlier in range(1, batch):
        taken |= {r["transcript"] for r in read_tsv(HERE / BATCHES[earlier][3])}
    pool = sorted(tid for tid in sessions if tid not in taken)
    rng = random.Random(seed)
    by_family: dict[str, list[str]] = {}
    for tid in pool:
        text = customer_text(sessions[tid])
        for family, pattern in CUES.items():
            if re.search(pattern, text):
                by_family.setdefault(family, []).append(tid)
    for rows in by_family.values():
        rng.shuffle(rows)
    chosen: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(chosen) < cue_sessions and any(by_family.values()):
        for family in CUES:
            rows = by_family.get(family, [])
            while rows:
                tid = rows.pop()
                if tid not in seen:
                    seen.add(tid)
                    chosen.append((tid, "cue", family))
                    break
            if len(chosen) >= cue_sessions:
                break
    rest = [tid for tid in pool if tid not in seen]
    if batch >= TOP_UP_FROM:         # the cue families ran dry: fill the batch at random
        random_sessions += cue_sessions - len(chosen)
    chosen += [(tid, "random", "-") for tid in rng.sample(rest, random_sessions)]
    rng.shuffle(chosen)
    with (HERE / out_name).open("w", encoding="utf-8") as out:
        out.write("dataset\ttranscript\tselection\tcue\n")
        out.writelines(f"jddc\t{tid}\t{selection}\t{cue}\n" for tid, selection, cue in chosen)
    print(f"{len(chosen)} sessions -> {HERE / out_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
