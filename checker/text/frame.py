"""The frame of a merged quick-reply template (亲爱的顾客您好~欢迎光临…旗舰店 我是客服小美 … 本店…均为正品
京东仓发货 支持专柜验货~ <the answer> 温馨提示：… 祝您购物愉快 再见~).

The banner lines around the answer say what the shop offers to everyone; they explain no
refusal of this customer's request. A line of such a message counts as a reason only when it
touches what the customer asked (a word of their round, or this order, this item) and is no
banner (本店…, 全场…, …均为正品, 618 大促, 会员日满299减30)."""
from __future__ import annotations

import re

from .clauses import split_clauses
from .courtesy import STOCK_CLOSING, TIP_LABEL
from .lexicon import _Lazy

# The template's welcome: a greeting that opens the message and names the shop or the agent
WELCOME = _Lazy(r"欢迎(?:您)?(?:光临|来到)|(?:很|非常|十分)?(?:高兴|荣幸)(?:能)?为(?:您|你)服务|(?:我是|这边是)(?:您的)?(?:专属)?客服")
WELCOME_WITHIN = 40            # characters from the start where the welcome must begin
# What marks a line as the shop's banner even when it shares a word with the request
BANNER_MARK = _Lazy(r"本店|全场|全店|均为|均由|均支持|均可|均是|均有|均带|均通过|均享|均含|团购|大促|年中|双1[12]|双十一|618|预售|会员日|"
                    r"随附|(?:盒|箱|包装)?内附|附赠|附送|"
                    r"满(?:\d+|\[数字x\])减|正品|行货|官方直连|品牌授权|全国联保|限时达|送装一体|全程保价")
# A line about this customer's own case (您这单, 这款, 您买的)
CASE_REF = _Lazy(r"(?:您|你)这|这(?:单|款|件|个|台|罐|盒|张|笔|批)|该(?:商品|订单|款)|(?:您|你)的(?:订单|包裹|商品)|(?:您|你)(?:购买|买|下单|拍)的")
QUALIFIER = _Lazy(r"具体(?:的)?(?:以|请以|按)")
MASK = re.compile(r"\[[^\[\]]{1,6}x\]")
MASK_BODY = re.compile(r"\[?[\u4e00-\u9fff]{1,4}x\]?")   # a mask split off as its own clause (店铺x)
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Function-word pairs that say nothing about the topic
STOP_BIGRAMS = frozenset(
    "可以 什么 一下 我们 你们 您的 你的 这个 那个 是不 不是 没有 的话 怎么 能不 不能 可不 一个 现在 还是 就是 已经 时候 "
    "小妹 亲爱 请问 这边 那边 是的 好的 可能 应该 需要 如果 要是 但是 因为 所以 然后 还有 不了 的吗 了吗 吗亲".split())


def is_template(text: str) -> bool:
    """The message opens with a template's welcome."""
    found = WELCOME.search(text)
    return bool(found) and found.start() <= WELCOME_WITHIN


def _bigrams(text: str) -> set[str]:
    out = set()
    for run in CJK_RUN.findall(MASK.sub(" ", text)):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out - STOP_BIGRAMS


def banner_clauses(text: str, clauses: list[tuple[int, int]], round_text: str, answer: int) -> set[tuple[int, int]]:
    """The clauses of a template that are the shop's banner, not a reason for this case. Between
    the welcome and the answer (at ``answer``) a line must touch the request to count; after the
    answer a line is banner when it bears a banner's marks or runs on from one without touching
    the request (本店轮胎均支持门店免费安装 下单时选门店就行), while anything else is the answer going
    on (个人抬头开不了专票 需要在发票中心添加资质). Without the customer's words (a template linted
    alone) nothing is judged a banner here."""
    if not round_text.strip():
        return set()
    asked = _bigrams(round_text)
    block_end = _welcome_block_end(text, answer)
    out, previous = set(), False
    for s, e in clauses:
        clause = text[s:e]
        if e <= block_end:         # 讲义单独发货~ 亲 …: the welcome block, closed by its ~, is banner
            out.add((s, e))
            previous = True
            continue
        touches = bool(_bigrams(clause) & asked) or bool(CASE_REF.search(clause))
        if BANNER_MARK.search(clause) or (not touches and (s < answer or previous)):
            out.add((s, e))
            previous = True
        else:
            previous = False
    return out


WELCOME_CLOSE = _Lazy(r"~[\s,]*(?:亲亲?|亲爱的)?[\s,]*[^\s,.!?~]*$")   # the answer's own clause may start before the hit


def _welcome_block_end(text: str, answer: int) -> int:
    """Where the welcome block ends when a ~ closes it right before the answer (…京东仓发货~ 亲 换不了
    哦), else 0."""
    tilde = text.rfind("~", 0, answer)
    if tilde < 0 or not WELCOME_CLOSE.search(text, tilde, answer) or not WELCOME.search(text, 0, tilde):
        return 0
    return tilde


def boilerplate_blanked(text: str) -> str:
    """``text`` with a template's boilerplate blanked, length for length: the welcome and the banner
    lines that open it (…很高兴为您服务 本店…均为正品 贵重商品全程保价) and everything from its tips label
    (温馨提示：… 会员日满299减30) on. A rule's `unless` looks for the agent's own mitigation of this
    answer (申请, 活动价, 预计); the template's standing lines are none. The answer itself is kept
    whole even when it names a campaign (行 按双11活动价给您)."""
    if not is_template(text):
        return text
    chars = list(text)
    tip = TIP_LABEL.search(text)
    if tip:
        chars[tip.start():] = " " * (len(text) - tip.start())
    for s, e in split_clauses(text):
        clause = text[s:e]
        opening = not CJK_RUN.search(STOCK_CLOSING.sub("", MASK_BODY.sub("", clause)))
        if not (opening or BANNER_MARK.search(clause) or "/" in (text[e:e + 1], text[s - 1:s])):
            break              # the answer begins: the opening's welcome and banner end here
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def banner_qualifier(text: str, clauses: list[tuple[int, int]], own: tuple[int, int]) -> bool:
    """The clause ``own`` qualifies the banner line before it (支持211限时达服务，具体以页面显示为准):
    it is the banner's own small print, not the answer to the customer."""
    if not QUALIFIER.match(text, own[0]):
        return False
    before = [c for c in clauses if c[1] <= own[0]]
    return bool(before) and bool(BANNER_MARK.search(text, *before[-1]))
