"""The agent's own name read as 小妹.

Shops give their agents names (我是客服小暖, 小美这边帮您查), and an agent who names herself says
what 小妹 says: 小暖刚打了站点电话 is the agent's own call, 差价小暖给您退了 the agent's own grant.
The rules are written with 小妹 (and 我/这边); this step rewrites the name's second character to
妹 in the normalised copy, length for length, so spans still hold in the original text.

A name counts when the message declares it (我是客服小暖, 有问题随时找小暖, 给小暖五星好评) or when
小X stands as the subject of an agent's act (小暖这边, 小暖刚, 小暖给您). Words that are not names
(小时, 小哥, 小区, 小样, 小号 …) never count."""
from __future__ import annotations

from .lexicon import _Lazy

# 小X declared as the agent's name in the message itself
DECLARED = _Lazy(r"(?:我是|我叫|这边是)(?:您的)?(?:专属)?(?:客服)?小([一-龥])|"
                 r"(?:找|给|发给|对|联系|呼叫|召唤)小([一-龥])(?=[\s,.!~]|$|哦|哈|呀|呢|的|五星|好评|就|即可|吧|看看|看一下|瞧瞧|确认|核实|处理)|"
                 r"小([一-龥])(?:很|非常|十分)?(?:高兴|荣幸)(?:能)?为(?:您|你)服务")
# 小X as the subject of what the agent does
ACTING = _Lazy(r"小([一-龥])(?=这边|刚刚|刚|已经|已|马上|这就|立即|立刻|直接|帮您|帮你|给您|给你|替您|为您|没权限|私下|先帮|先给|来帮|去帮|会帮|会给|也|把|现在|"
               r"发您|发你|问下|问一下|问了|查下|查一下|查了|和站点|跟站点|和我们|跟我们|和商家|跟商家|联系|真没|实在|这里|"
               r"后台|记得|记着|请您|请你|管(?=[呢哦的啊吧]|$)|经验|的店铺|不会|领|头上|给(?:站点|师傅|配送员|快递员|商家|仓库)|"
               r"(?:跟|和)[^,.!?\s]{1,6}?(?:说|反馈|确认|沟通|留言|交代))")
# second characters that make an ordinary word, not a name (小时, 小哥 the courier, 小样 a sample, 小号 a size)
NOT_A_NAME = frozenset("时哥区孩手米件样心票朋宝主红度爱龙狗猫麦葱便车型卡额号码包盒瓶袋份吃学伙姐仙可天熊象鹏程窗贴满数品事问毛题费的两舅")
SELF = "妹"


def canonical(folded: str) -> str:
    """``folded`` with the agent's own name written 小妹 (same length)."""
    if "小" not in folded:
        return folded
    names = {next(g for g in m.groups() if g) for m in DECLARED.finditer(folded)}
    names.update(m.group(1) for m in ACTING.finditer(folded))
    names -= NOT_A_NAME
    names.discard(SELF)
    if not names:
        return folded
    chars = list(folded)
    for i in range(len(chars) - 1):
        if chars[i] == "小" and chars[i + 1] in names:
            chars[i + 1] = SELF
    return "".join(chars)
