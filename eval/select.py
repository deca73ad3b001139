"""Pick the agent messages of the development set, reproducibly (seed 9).

Writes eval/queue.tsv: dataset, transcript, index, selection (cue|random), cue family,
in labelling order (shuffled, so any prefix has the intended mix). Rows only: no text.
First 1,020: about 60% JDDC by cue words, 30% JDDC at random, 10% ECD (half cue, half
random); then a supplement of every remaining JDDC cue match (positions 1,020 on).
Also writes eval/session_queue.tsv: 100 random JDDC sessions for the conversation norms.
Run: .venv/bin/python eval/select.py
"""
from __future__ import annotations

import random
import re
import sys

from common import DATA, HERE, read_sessions, round_robin

SEED = 9
# One cue family per message norm's language (broad on purpose: most cue hits are clean).
CUES = {
    "refusal": r"不行|不可以|不能|无法|不支持|没办法|没有办法|.不了|没用|规定|无奈|不提供|做不到|办不到",
    "dont_know": r"不知道|不清楚|不确定|不了解|不晓得",
    "referral": r"(联系|找|咨询|致电|拨打|沟通|询问|反馈给).{0,8}(商家|快递|厂家|售后|配送|师傅|卖家|品牌|厂商|站点|物流|银行|客服)",
    "hedging": r"可能|应该|估计|好像|大概|也许|或许|我觉得|不一定|差不多",
    "promise": r"保证|一定|肯定|绝对|放心|百分之|确保|准时|不会再|今天|明天|后天|当天|没问题",
    "price": r"改价|优惠|便宜|少收|返现|补偿|差价|价保|打折|折扣|优惠券|退差|赠送|送您",
    "others": r"(别人|其他|人家|别家|经销|代理|其它).{0,8}(价|买|优惠|便宜)|串货|窜货",
    "doubting": r"故意|自己弄|自己摔|人为|你确定|您确定|是不是|真的吗|确定是|真的",
    "interrogating": r"为什么|凭什么|怎么会|难道|怎么不|干嘛",
    "blaming": r"你自己|您自己|没看|没注意|不对|我说了|已经说|说过|随便|爱买|自己看|看清楚",
    "shouting": r"！！|？？|!!|\?\?|！？|？！",
}
QUOTA = {"jddc_cue": 620, "jddc_random": 300, "ecd_cue": 50, "ecd_random": 50}
SESSIONS = 100          # JDDC sessions for the conversation norms (greeting, complaint_apology, unanswered)


def agent_messages(dataset: str):
    for tid, messages in read_sessions(dataset).items():
        for index, message in enumerate(messages):
            if message["from"] == "agent" and message["text"].strip():
                yield dataset, tid, index, message["text"]


def cue_family(text: str) -> str | None:
    hits = [family for family, pattern in CUES.items() if re.search(pattern, text)]
    return hits[0] if hits else None


def pick_cue(rng, pool, size):
    """Spread the quota over the families (round robin), so rare families get their share."""
    return round_robin(rng, pool, size, lambda text: [f for f, pattern in CUES.items() if re.search(pattern, text)], CUES)


STOCK_THANKS = re.compile(r"应该(做)?的")   # "这都是我应该做的": a courtesy, not a hedge


def supplement(queue):
    """Second round, appended after the first 1,020 (which stay as they were): every other
    JDDC agent message a cue matches, bar the courtesy that only trips the hedging cue."""
    taken = {row[:3] for row in queue}
    rows = []
    for dataset, tid, index, text in agent_messages("jddc"):
        family = cue_family(STOCK_THANKS.sub("", text))
        if family and (dataset, tid, index) not in taken:
            rows.append((dataset, tid, index, "cue", family))
    random.Random(SEED + 1).shuffle(rows)
    return rows


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to select")
        return 0
    rng = random.Random(SEED)
    queue = []
    for dataset in ("jddc", "ecd"):
        pool = list(agent_messages(dataset))
        chosen, seen = pick_cue(rng, pool, QUOTA[f"{dataset}_cue"])
        rest = [row for row in pool if row[:3] not in seen]
        randoms = [(*row[:3], "random", cue_family(row[3]) or "-")
                   for row in rng.sample(rest, QUOTA[f"{dataset}_random"])]
        queue += chosen + randoms
    rng.shuffle(queue)
    queue += supplement(queue)
    with (HERE / "queue.tsv").open("w", encoding="utf-8") as out:
        out.write("dataset\ttranscript\tindex\tselection\tcue\n")
        for dataset, tid, index, selection, family in queue:
            out.write(f"{dataset}\t{tid}\t{index}\t{selection}\t{family}\n")
    print(f"{len(queue)} messages -> {HERE / 'queue.tsv'}")
    sessions = random.Random(SEED).sample(sorted(read_sessions("jddc")), SESSIONS)
    with (HERE / "session_queue.tsv").open("w", encoding="utf-8") as out:
        out.write("dataset\ttranscript\n" + "".join(f"jddc\t{tid}\n" for tid in sessions))
    print(f"{len(sessions)} sessions -> {HERE / 'session_queue.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
