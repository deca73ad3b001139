"""Pick the HELD-OUT agent messages (issue 9), reproducibly (seed 2019), disjoint from devset.tsv.

Writes eval/heldout_queue.tsv (dataset, transcript, index, selection, cue; no text), shuffled
so any prefix has the intended mix: 500 JDDC (300 by cue words, 200 at random) and 60 ECD
(30 cue, 30 random). The cue families are written afresh from the seed handbooks and
norms.md (not copied from select.py nor from the rules), one family per kind of language,
picked round robin so rare families get their share. Messages already in devset.tsv are
never picked.
Run: .venv/bin/python eval/select_heldout.py
`--round 2` (seed 2033) picks a second blind set, heldout2_queue.tsv, disjoint from devset.tsv and
heldout.tsv: 340 JDDC (200 cue, 140 random) and 40 ECD (20 + 20), labelled before any rule change
of the session that measures on it (issue 9). `--round 3` (seed 2034, heldout3_queue.tsv: 360 JDDC
(260 cue, 100 random) and 40 ECD) is the blind set of the fourth session of 2026-12-03, disjoint
from all three earlier sets. `--round 4` (seed 2036, heldout4_queue.tsv: 360 JDDC (220 cue, 140
random) and 40 ECD) measures the rules as they stand at the end of that session, blind: selected and
labelled after its last rule change, so nothing was tuned on it. `--round 5` (seed 2038,
heldout5_queue.tsv: 360 JDDC (240 cue, 120 random) and 40 ECD, disjoint from all four earlier sets) is
the blind set of the session of 2026-12-04 (~23:40 UTC on the 3rd), labelled before it was measured.
`--round 6` (seed 2040, heldout6_queue.tsv, same mix, disjoint from all five earlier sets) is the blind
set of the session of 2026-12-04 10:06 UTC: selected before its first rule change and kept out of
corpus mining (common.blind_keys), labelled by a session that read no rule.
`--round 7` (seed 2042, heldout7_queue.tsv) is the census of 2026-12-05: every agent message no earlier
set holds (2,617 JDDC, none of which matches a cue family any more, and 382 ECD), shuffled, labelled
by sessions that read no rule. Its flagged messages had been seen before, as findings on the whole
corpus; its misses had not.
"""
from __future__ import annotations

import random
import re
import sys

from common import DATA, HERE, read_sessions, round_robin, read_tsv

V = r"[\u4e00-\u9fff]"
CUES = {
    "refusal": r"不行|不可以|不能|无法|不支持|没办法|没有办法|办不到|做不到|没用|规定|无奈|不允许|不接受|不提供|不予"
               r"|没法|不方便|暂不|暂时不|不会给|只能|没有权限|不退|不换|不给|不做|不开|不补|不送|不发|不保"
               + rf"|{V}不了",
    "dont_know": r"不知道|不清楚|不了解|不确定|说不准|不好说|不晓得|查不到|没查到|看不到|没有显示|没显示|没有记录",
    "referral": r"(联系|找|咨询|致电|拨打|与|和|跟).{0,6}(商家|卖家|快递|配送|师傅|厂家|厂商|品牌|售后|站点|银行|运营商)"
                r"|不归|没关系|不是我们|不负责|自行|您去|自己去|找他们|问问|热线|400|电话|转接|人工",
    "guess": r"可能|应该|估计|好像|也许|或许|大概|我觉得|我感觉|貌似|似乎|说不定|差不多|吧[。，！~～]?$|吧[，,]|一般是|一般会|看情况|不好说",
    "promise": r"一定|保证|肯定|绝对|百分百|百分之百|放心|明天|今天|今晚|马上|立刻|后天|周[一二三四五六日]|星期|不会再|尽快|立即|下午|上午|晚上|之前|号前|日前|能到|会到|可以到|会给您|没问题|会有",
    "impatient": r"你自己|自己看|看清楚|说了|说过|随便|爱买|不懂|听不懂|到底|怎么回事|不对|我没|又|不是说|我已经|都说|刚才|上面|请看|仔细|麻烦您看",
    "doubting": r"你确定|您确定|是不是你|是不是您|是否您|故意|人为|自己弄|自己摔|为什么不|凭什么|难道|真的吗|确定是|有没有|是否有|是不是|您是|核实|拍照|照片|图片|视频",
    "others_price": r"别人|其他顾客|其他客户|其他人|人家|经销|代理|别家|串货|窜货|便宜|更低|差价|折扣|同款|活动价|价格|价钱|降价|贵",
    "price_change": r"改价|少收|返现|补偿|补您|退您|赠送|送您|打折|优惠|减免|免费|券|红包|退款|补发|运费",
    "greeting": r"您好|你好|^亲|欢迎|很高兴",
    "shouting": r"！！|？？|!!|\?\?|！？|？！",
}
ALL = 10 ** 9                                 # a quota that takes the whole pool
COURTESY = re.compile(r"应该(做)?的")          # "这都是我应该做的": thanks, not a guess
ROUNDS = {
    1: (2019, {"jddc_cue": 300, "jddc_random": 200, "ecd_cue": 30, "ecd_random": 30}, "heldout_queue.tsv", ()),
    2: (2033, {"jddc_cue": 200, "jddc_random": 140, "ecd_cue": 20, "ecd_random": 20}, "heldout2_queue.tsv",
        ("heldout_queue.tsv",)),
    3: (2034, {"jddc_cue": 260, "jddc_random": 100, "ecd_cue": 20, "ecd_random": 20}, "heldout3_queue.tsv",
        ("heldout_queue.tsv", "heldout2_queue.tsv")),
    4: (2036, {"jddc_cue": 220, "jddc_random": 140, "ecd_cue": 20, "ecd_random": 20}, "heldout4_queue.tsv",
        ("heldout_queue.tsv", "heldout2_queue.tsv", "heldout3_queue.tsv")),
    5: (2038, {"jddc_cue": 240, "jddc_random": 120, "ecd_cue": 20, "ecd_random": 20}, "heldout5_queue.tsv",
        ("heldout_queue.tsv", "heldout2_queue.tsv", "heldout3_queue.tsv", "heldout4_queue.tsv")),
    6: (2040, {"jddc_cue": 240, "jddc_random": 120, "ecd_cue": 20, "ecd_random": 20}, "heldout6_queue.tsv",
        ("heldout_queue.tsv", "heldout2_queue.tsv", "heldout3_queue.tsv", "heldout4_queue.tsv",
         "heldout5_queue.tsv")),
    7: (2042, {"jddc_cue": ALL, "jddc_random": ALL, "ecd_cue": ALL, "ecd_random": ALL}, "heldout7_queue.tsv",
        ("heldout_queue.tsv", "heldout2_queue.tsv", "heldout3_queue.tsv", "heldout4_queue.tsv",
         "heldout5_queue.tsv", "heldout6_queue.tsv")),
}


def labelled_keys(files=("devset.tsv",)) -> set[tuple[str, str, int]]:
    return {(r["dataset"], r["transcript"], int(r["index"])) for name in files for r in read_tsv(HERE / name)}


def agent_messages(dataset: str, excluded: set):
    for tid, messages in read_sessions(dataset).items():
        for index, message in enumerate(messages):
            if (message["from"] == "agent" and message["text"].strip()
                    and (dataset, tid, index) not in excluded):
                yield dataset, tid, index, COURTESY.sub("", message["text"])


def families(text: str) -> list[str]:
    return [family for family, pattern in CUES.items() if re.search(pattern, text)]


def pick_cue(rng, pool, size):
    """Spread the quota over the families (round robin), so rare families get their share."""
    return round_robin(rng, pool, size, families, CUES)


def main(argv: list[str]) -> int:
    round_ = int(argv[1]) if len(argv) > 1 and argv[0] == "--round" else 1
    seed, quota, out_name, earlier = ROUNDS[round_]
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to select")
        return 0
    rng = random.Random(seed)
    excluded = labelled_keys(("devset.tsv", *earlier))
    queue = []
    for dataset in ("jddc", "ecd"):
        pool = list(agent_messages(dataset, excluded))
        chosen, seen = pick_cue(rng, pool, quota[f"{dataset}_cue"])
        rest = [row for row in pool if row[:3] not in seen]
        randoms = [(*row[:3], "random", (families(row[3]) or ["-"])[0])
                   for row in rng.sample(rest, min(len(rest), quota[f"{dataset}_random"]))]
        queue += chosen + randoms
    rng.shuffle(queue)
    with (HERE / out_name).open("w", encoding="utf-8") as out:
        out.write("dataset\ttranscript\tindex\tselection\tcue\n")
        for dataset, tid, index, selection, family in queue:
            out.write(f"{dataset}\t{tid}\t{index}\t{selection}\t{family}\n")
    print(f"{len(queue)} messages -> {HERE / out_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
