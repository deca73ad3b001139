"""A generated corpus for the cluster tests: many agents, chats that overlap across
midnight, agents with many open chats, untimed chats and a few broken records."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))
CUSTOMER = ["在吗", "这个有货吗", "什么时候发货", "能便宜点吗", "质量怎么样", "我的快递到哪了", "好的谢谢",
            "东西坏了，怎么处理", "可以开发票吗", "发什么快递"]
AGENT = ["亲，您好，在的呢", "有货的哦，今天下单明天发", "不行", "这个我帮您核实一下，稍后回复您",
         "应该可以的", "保证明天到", "抱歉给您添麻烦了，我马上帮您处理", "默认发中通快递哦",
         "您好，可以开电子发票的", "给您改价少收20"]


def chat(rng: random.Random, cid: str, agent: str, start: datetime, timed: bool = True) -> dict:
    messages, at = [], start
    for turn in range(rng.randint(2, 6)):
        messages.append({"from": "customer", "text": rng.choice(CUSTOMER), "at": at})
        at += timedelta(seconds=rng.choice([3, 8, 15, 19, 25, 45, 70, 130]))
        messages.append({"from": "agent", "text": rng.choice(AGENT), "at": at})
        at += timedelta(seconds=rng.randint(5, 240))
    for m in messages:
        m["at"] = m["at"].isoformat() if timed else m.pop("at") and None
        if not timed:
            m.pop("at", None)
    return {"id": cid, "agent": agent, "customer": f"buyer_{rng.randint(1000, 9999)}", "messages": messages}


def write_corpus(directory, chats: int = 2000, agents: int = 30, seed: int = 7) -> list:
    """Three files of chats (in a shuffled order, so a component spans files); returns the paths."""
    rng = random.Random(seed)
    base = datetime(2026, 11, 3, 22, 30, tzinfo=TZ)
    records = []
    for n in range(chats):
        agent = f"客服{rng.randrange(agents):02d}"
        busy = agent in ("客服00", "客服01")       # many chats open at once
        spread = 900 if busy else 6 * 3600            # busy agents: everything within 15 minutes
        start = base + timedelta(seconds=rng.randrange(spread))   # 22:30 … 04:30: across midnight
        records.append(chat(rng, f"T-{n:05d}", agent, start, timed=rng.random() > 0.05))
    rng.shuffle(records)
    paths = []
    for k in range(3):
        path = directory / f"part{k}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in records[k::3]]
        if k == 1:
            lines.insert(5, '{"id": "broken", "agent": "客服03", "messa')            # a truncated record
            lines.insert(9, json.dumps({"id": "no-agent", "messages": []}))          # an invalid one
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
