"""The synthetic corpus of the benchmarks (bench/run_bench.py, bench/dask_bench.py):
timestamped IM transcripts written one at a time from the phrase pools below; about 3 % of
agent messages carry a planted service-norm violation. `replicate` makes the 10x corpus
(the same chats under other ids and agent names, so each copy has the same concurrency)."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

TZ = timezone(timedelta(hours=8))

# ----------------------------------------------------------------------------- phrase pools

AGENTS = ["小美", "阿杰", "晓雯", "小鱼", "阿强", "婷婷"]
SHOPS = ["美美家居旗舰店", "暖居生活馆", "木森家纺专营店"]
NICK_HEAD = ["快乐的", "爱吃", "一只", "小小", "阳光", "夏天的", "不吃香菜的", "温柔的", "努力的", "佛系"]
NICK_BODY = ["小土豆", "橙子", "猫咪", "大橘", "麦兜", "鹿", "风", "兔子", "柠檬", "阿宝妈妈", "程序员", "宝爸"]
NICK_TAIL = ["", "_", "2019", "88", "_lee", "ya", "0571", "1990", "666", "_cc"]
PRODUCTS = ["四件套", "乳胶枕", "记忆棉枕头", "羽绒被", "蚕丝被", "床笠", "遮光窗帘", "浴室防滑垫",
            "保温杯", "不粘锅", "电热水壶", "加湿器", "收纳箱", "沙发垫", "折叠晾衣架", "台灯", "床垫"]
CITIES = ["杭州", "上海", "北京", "成都", "广州", "沈阳", "武汉", "西安", "南京", "深圳"]

SYSTEM_WELCOME = [
    "您好，欢迎光临{shop}！双11活动进行中，详情请看店铺首页~",
    "亲，欢迎光临{shop}，客服马上为您服务~",
    "您好，欢迎光临{shop}！本店满300减20，欢迎选购~",
]
SYSTEM_NOTICE = [
    "系统提示：顾客已下单，等待付款",
    "系统提示：顾客已付款",
    "系统提示：会话已转接",
    "[自动回复]当前咨询人数较多，请您耐心等待，客服会尽快回复~",
]
CUSTOMER_OPEN = [
    "在吗", "你好", "在吗？这款{p}还有货吗", "你好，这个{p}有优惠吗", "请问{p}什么时候发货",
    "我买的{p}到哪了", "你好，{p}能换颜色吗", "亲，{p}有大一点的尺寸吗", "客服在吗，想问下{p}",
]
CUSTOMER = [
    "这个{p}是什么材质的", "有没有别的颜色", "1.8米的床用哪个尺寸", "能开发票吗", "包邮吗",
    "今天拍什么时候发货", "发什么快递", "{c}几天能到", "会不会掉色啊", "可以用洗衣机洗吗",
    "好的", "嗯嗯", "知道了", "那我再看看", "好，那我拍了", "付好了", "拍了，备注写了",
    "收件电话改成{phone}", "电话写{phone}，白天打这个", "地址改一下可以吗", "还能便宜点吗",
    "有赠品吗", "满减能叠加优惠券吗", "我上周买的{p}有点问题", "质量有点差，线头很多",
    "收到了，比图片颜色深一点", "可以七天无理由退货吗", "退货运费谁出", "有运费险吗",
    "多久能退款", "我想换个尺寸", "[图片]", "[商品链接]", "好的谢谢", "麻烦快点发货",
    "这个和那款有什么区别", "保修多久", "有没有检测报告", "孕妇可以用吗", "宝宝用安全吗",
    "会不会有味道", "冬天盖够暖吗", "能不能明天到？", "包装好一点，送人的", "可以指定顺丰吗",
]
CUSTOMER_CLOSE = ["谢谢", "好的谢谢", "知道了，谢谢", "好的", "行", "拍了"]
AGENT_GREETING = [
    "您好，我是客服{a}，很高兴为您服务，请问有什么可以帮您？",
    "亲，您好~在的呢，请问有什么可以帮您？",
    "您好亲~~ 我是{a}，请问您看中的是哪一款呢？",
    "您好，欢迎光临{shop}，我是{a}～",
]
AGENT = [
    "这款{p}现在有货的，您需要哪个颜色呢？", "这款是纯棉面料，亲肤透气，四季都可以用哦。",
    "今天16点前付款当天发出，正常情况下{c}两天左右能到，具体以物流为准哦。",
    "默认发中通，需要顺丰的话补一下差价就可以。", "可以开电子发票，确认收货后在订单页面申请就行。",
    "现在店铺活动是满300减20，还可以叠加店铺优惠券。", "不知道您方便什么时候收货呢？",
    "不行的话您也可以选择七天无理由退货，运费有运费险赔付。", "没有不可以的哦，签收七天内都可以换。",
    "我帮您申请，主管审批后给您改价。", "这个我帮您核实后回复您，请稍等。", "一定帮您跟进，有结果第一时间告诉您。",
    "好的，已经帮您备注了。", "收到，已经帮您改好收件电话了。", "麻烦您拍一张照片给我看看好吗？",
    "非常抱歉给您添麻烦了，我马上帮您处理。", "不好意思让您久等了！", "不客气，应该的～",
    "首次洗涤建议冷水单独洗，不要用含漂白成分的洗衣液哦。", "1.8米床建议选2.0×2.3米的被套。",
    "这款有检测报告的，图片发您了。", "保修一年，凭订单号就能申请售后。", "退款会在仓库收到退件后1-3个工作日原路退回。",
    "换货申请已经帮您提交了，地址在申请页面上。", "亲，这款是新疆长绒棉的，手感很柔软。",
    "孕妇和宝宝都可以用的，面料通过了A类标准检测。", "已经给您登记补寄了，单号出来后发您。",
    "您稍等，我帮您查一下物流。", "物流显示今天已经到{c}转运中心了，明天派送。",
    "好的，包装给您多加一层气泡膜。", "可以指定顺丰，需要补差价8元。", "冬厚款充绒量1000克，北方有暖气的话足够暖和。",
    "[图片]", "[商品链接]", "还有其他可以帮您的吗？",
]
AGENT_CLOSE = [
    "不客气，祝您生活愉快～", "感谢您的支持，有问题随时找{a}哦！", "好的，今天就给您发出，感谢支持～",
    "不客气，应该的，有需要随时联系我们。",
]
# (norm, customer line that sets the context or None, agent line)
VIOLATIONS = [
    ("harsh_language", None, "不行，这个退不了。"),
    ("harsh_language", None, "不知道，物流那边没更新。"),
    ("harsh_language", None, "没办法，系统就是这么显示的。"),
    ("shirking", None, "这个不归我们管，你去找快递吧。"),
    ("shirking", None, "那是厂家的事，跟我们没关系。"),
    ("blaming", None, "是你自己没看清楚详情页。"),
    ("blaming", None, "你懂不懂啊，说明书上写着呢。"),
    ("interrogating", "你们这个不会是假货吧", "您凭什么说我们是假货？"),
    ("doubting", "用了两天就坏了", "不会是你自己弄坏的吧？"),
    ("doubting", None, "你是不是故意的？"),
    ("arguing", None, "你说的不对，详情页写的是1.8米。"),
    ("arguing", "太贵了，别家便宜多了", "爱买不买。"),
    ("hedging", "能不能明天到？", "应该可以吧。"),
    ("hedging", "这个能用洗衣机洗吗？", "好像可以，我觉得没问题。"),
    ("over_promise", None, "保证明天到！"),
    ("over_promise", None, "放心，绝对不会坏的。"),
    ("price_promise", "便宜点嘛，少20也行", "行，给您少收20。"),
    ("price_promise", "打个折吧", "好吧，给您打八折。"),
    ("sensitive_topic", "我朋友买的比我便宜，为什么？", "他是老客户，我们给他打了八折。"),
    ("shouting", None, "我已经说了两遍了！！！"),
    ("shouting", None, "您到底要哪个颜色？？？"),
]
VIOLATION_RATE = 0.045   # per agent turn; some turns add a second, clean message: ~3 % of agent messages


class Writer:
    """Generates transcripts one at a time and streams them to disk."""

    def __init__(self, rng: random.Random, agents: list[str]):
        self.rng = rng
        self.agents = agents
        # each agent's clock: when they pick up their next conversation
        start = datetime(2026, 11, 11, 8, 30, tzinfo=TZ)
        self.clock = {a: start + timedelta(seconds=rng.randint(0, 600)) for a in agents}
        self.planted: dict[str, int] = {}
        self.count = 0

    def fill(self, template: str, agent: str, shop: str) -> str:
        r = self.rng
        return template.format(p=r.choice(PRODUCTS), c=r.choice(CITIES), a=agent, shop=shop,
                               phone="1" + r.choice("3456789") + "".join(r.choice("0123456789") for _ in range(9)))

    def nickname(self) -> str:
        r = self.rng
        return r.choice(NICK_HEAD) + r.choice(NICK_BODY) + r.choice(NICK_TAIL)

    def transcript(self, length: int) -> dict:
        r = self.rng
        self.count += 1
        agent = r.choice(self.agents)
        shop = r.choice(SHOPS)
        t = self.clock[agent]
        self.clock[agent] = t + timedelta(seconds=r.randint(60, 420))   # next pickup: 3-ish chats at once
        messages: list[dict] = []
        first = True

        def add(role: str, text: str, gap: float) -> None:
            nonlocal t, first
            t += timedelta(seconds=gap)
            at = t.isoformat(timespec="seconds") if first else t.strftime("%H:%M:%S")
            first = False
            messages.append({"at": at, "from": role, "text": text})

        def agent_reply() -> float:   # seconds after the customer's last message: mostly quick, some late
            return r.uniform(2, 12) if r.random() < 0.88 else r.uniform(12, 70)

        add("customer", self.fill(r.choice(CUSTOMER_OPEN), agent, shop), 0)
        if r.random() < 0.5:
            add("system", self.fill(r.choice(SYSTEM_WELCOME), agent, shop), 1)
        add("agent", self.fill(r.choice(AGENT_GREETING), agent, shop), agent_reply())
        while len(messages) < length - 1:
            violation = VIOLATIONS[r.randrange(len(VIOLATIONS))] if r.random() < VIOLATION_RATE else None
            for i in range(r.choice((1, 1, 1, 2, 2, 3))):   # a round: the first after a pause, then a burst
                add("customer", self.fill(r.choice(CUSTOMER), agent, shop), r.uniform(8, 90) if i == 0 else r.uniform(2, 8))
            if violation and violation[1]:
                add("customer", violation[1], r.uniform(5, 30))
            if r.random() < 0.04:
                add("system", r.choice(SYSTEM_NOTICE), r.uniform(1, 5))
            if violation:
                self.planted[violation[0]] = self.planted.get(violation[0], 0) + 1
                add("agent", violation[2], agent_reply())
            else:
                add("agent", self.fill(r.choice(AGENT), agent, shop), agent_reply())
            if r.random() < 0.3 and len(messages) < length - 1:
                add("agent", self.fill(r.choice(AGENT), agent, shop), r.uniform(3, 15))
        if r.random() < 0.5:
            add("customer", r.choice(CUSTOMER_CLOSE), r.uniform(8, 60))
            if r.random() < 0.7:
                add("agent", self.fill(r.choice(AGENT_CLOSE), agent, shop), r.uniform(3, 15))
        else:
            add("agent", self.fill(r.choice(AGENT_CLOSE), agent, shop), r.uniform(3, 15))
        record = {"id": f"B-{self.count:07d}", "channel": "im", "agent": agent,
                  "customer": self.nickname(), "tags": ["bench"], "messages": messages}
        if r.random() < 0.4:
            record["outcome"] = {"ordered": True, "paid": r.random() < 0.9,
                                 "amount": round(r.uniform(29, 1299), 2)}
        return record


def generate(target: int, seed: int, full: Path) -> dict:
    rng = random.Random(seed)
    agents = AGENTS[: rng.randint(3, 6)]
    writer = Writer(rng, agents)
    stats = {"transcripts": 0, "messages": 0, "agent_messages": 0, "agents": len(agents)}
    with full.open("w", encoding="utf-8") as f_full:
        while stats["messages"] < target:
            record = writer.transcript(rng.randint(8, 40))
            f_full.write(json.dumps(record, ensure_ascii=False) + "\n")
            stats["transcripts"] += 1
            stats["messages"] += len(record["messages"])
            stats["agent_messages"] += sum(1 for m in record["messages"] if m["from"] == "agent")
    stats["planted"] = writer.planted
    return stats


def replicate(source: Path, target: Path, copies: int) -> None:
    """`copies` copies of the corpus, each under its own ids and agent names."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    with target.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for line in lines:
                out.write(line.replace('"id": "B-', f'"id": "B{k}-', 1).replace('"agent": "', f'"agent": "{k}号', 1)
                          if k else line)


# ----------------------------------------------------------------------------- measuring


def repeats(corpus: Path, size: int = 4096) -> float:
    """The share of agent messages whose exact text is among the last `size` distinct
    agent texts: what the engine's text memo (checker/memo.py) finds."""
    from collections import OrderedDict
    seen: OrderedDict = OrderedDict()
    total = hit = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            for message in json.loads(line)["messages"]:
                if message.get("from") != "agent":
                    continue
                text = message.get("text", "")
                total += 1
                if text in seen:
                    hit += 1
                    seen.move_to_end(text)
                else:
                    seen[text] = None
                    if len(seen) > size:
                        seen.popitem(last=False)
    return hit / total if total else 0.0
