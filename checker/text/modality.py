"""Whether a hit in a customer's words is reported as real, or only worried about, wished
for, supposed or asked about (the conversation rules' `reported` reading).

    收到的杯子漏水了            reported
    这个杯子不会漏水吧 / 会不会漏水 / 怕漏水 / 用久了漏水怎么办    worried about the future
    最好帮我挑个裂开的          wished for
    有色差吗 / 有没有异味        asked about (a yes/no question on the property itself)
    怎么又漏水了？              reported: a reproach is asked with 怎么/为什么/又, not wondered
    用了一天就坏了吗            reported: it has happened (…了 / 就…), the question is disbelief
    发票开了没有                asked about: V了没有 at the clause's end asks whether a step was done
    颜色跟图片差得也太远了吧    reported: an exclamation (太…了吧), not a question
    收到以后发现漏水            reported: 以后 after a verb is "after", not the future

The classes are grammar (closed word lists), not norms: a rule says which readings it
needs (`not_negated`, `not_conditional`, `reported`), these decide them. Linear-time regexes,
compiled by `re` (served by checker/regex_cache.py; the `regex` module cost about 20 ms of
every start to import and compile them). `SPACE` is the whitespace `regex` matches with
\\s, which `re` extends with the separators \\x1c-\\x1f, and a look-behind of several
lengths is one per length: the readings stay as they were (tests/test_modality_engine.py).
"""
from __future__ import annotations

import re

from .clauses import clause_of, is_conditional, is_negated, split_clauses

SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# Before the hit in its clause: the speaker worries, supposes or asks about the future. 以后 after a
# verb or 了 is "after" (收到以后发现… / 用了以后就…): it tells what happened, not the future.
# 会 is "will" only on its own: 会员 / 开会 / 学会 / 机会 / 一会儿 / 会计 are other words.
WORRY = re.compile(
    r"(?:会不会|不会|是否会|(?<![开学机社聚约待体理误领工协商宴晚早例年大国都融])(?<!开完)(?<!散完)(?<!参加完)会(?![员议计场所儿馆长费谈])|容易|怕|害怕|担心|顾虑|(?<![了到完上好过用洗穿装开拆收买戴充插泡晒煮活换修寄退签拿送连绑刷级新电试放吃喝骑坐])以后|将来|日后|久了|长了|时间长|到时候?|能不能|可不可以|是否|可能)"
    r"[^,.!?;~，。！？；]{0,8}$")
# Before the hit: a wish or an instruction about what the item should be.
WISH = re.compile(r"(?:最好|希望|想要|尽量|帮我挑|给我挑|挑个|挑一个|要求)[^,.!?;~，。！？；]{0,8}$")
# Before the hit: asking whether it is so (有没有色差, 是不是有异味).
ASKS_WHETHER = re.compile(r"(?:有没有|有木有|是不是|是否)[^,.!?;~，。！？；]{0,6}$")
# The clause ends as a yes/no question (…吗 / …么 / …吧 / …没有).
POLAR_END = re.compile(r"(?:吗|么|吧|嘛|没有?|不)[" + SPACE + r"~?!.。？！]*$")
# A reproach asks with these: the clause reports, it does not wonder.
REPROACH = re.compile(r"怎么|为什么|为啥|凭什么|又|还是|到底|竟然|居然|都")
# An exclamation, not a question: a degree word, then …了吧 / …了啊 at the clause's end (差得也太远了吧),
# unless the clause wonders (不会太…了吧 / 会不会…).
EXCLAIM = re.compile(r"(?:也太|太|真是|实在|未免|这么|那么)[^,.!?;~，。！？；]{0,6}了(?:吧|啊|呀)[" + SPACE + r"~?!.。？！]*$")
WONDER = re.compile(r"不会|会不会|应该不|是不是|是否")
# A status question whose tail is the hit's own (发票开了没有 / 说明书寄了没): V了没有 at the clause's end
# asks whether a step was done, it reports nothing missing.
STATUS_ASKED = re.compile(r"了没有?$")
CLAUSE_TAIL = re.compile(r"[" + SPACE + r"啊呀呢哈啦嘛~?!.。？！]*")

READINGS = ("not_negated", "not_conditional", "reported")


def reported(text: str, clause: tuple[int, int], start: int, end: int) -> bool:
    """The hit is told as real: not worried about, wished for, or asked about."""
    before = text[clause[0]:start]
    if WORRY.search(before) or WISH.search(before) or ASKS_WHETHER.search(before):
        return False
    if STATUS_ASKED.search(text, clause[0], end) and CLAUSE_TAIL.fullmatch(text, end, clause[1]):
        return False
    # 了 on the hit or up to two characters after it (坏了吗 / 发错货了嘛), not the 了没 of a status question
    after = text[end - 1:min(end + 3, clause[1])]
    happened = (after.find("了") >= 0 and after.find("了没") < 0) or text[max(clause[0], start - 1):start] in ("就", "才")
    if (POLAR_END.search(text, end, clause[1]) and not happened and not REPROACH.search(text, clause[0], clause[1])
            and not (EXCLAIM.search(text, end, clause[1]) and not WONDER.search(text, clause[0], clause[1]))):
        return False
    return True


def hit_holds(text: str, start: int, end: int, readings: tuple[str, ...]) -> bool:
    """Every reading a matcher asks for holds of the hit text[start:end]."""
    if not readings:
        return True
    clauses = split_clauses(text)
    clause = clause_of(clauses, start, end)
    if "not_negated" in readings and is_negated(text, clause, start):
        return False
    if "not_conditional" in readings and is_conditional(text, clauses, clause, start, end):
        return False
    return not ("reported" in readings and not reported(text, clause, start, end))
