"""The customer's side of a chat, read as acts, the way a reviewer reads it.

A conversation rule names the acts it needs in its own `acts` option (word lists are
data, in the rule file); this module gives them their meaning:

- ``complaint``: a defect, a problem or a reproach, with or without the word 投诉
  (worried questions about the future and hypotheticals are excepted in the lists);
- ``closing``: words that end a chat (好滴, 知道了, 那就这样吧 …). A message is a closing
  when nothing but closing words, ``particles`` (了, 吧, 我 …) and punctuation remains of
  it, or of its last clause, and one closing word at least is there; ``closing_end``
  lists phrases that close a message even at the end of a longer clause (…收到了谢谢).
  A message with a ``question`` or a ``complaint`` is never a closing;
- ``question``: a question or a request, looked for over the customer's whole round;
- ``greeting``: a customer greeting (你好 / 在吗) opening a fresh chat;
- ``withdrawal``: the customer takes a complaint back (the missing parcel is found, the
  customer misread, the problem went away by itself): the complaints before it need no
  apology, and so does a complaint it follows in the same message (刚才打不开，现在又好了).
- ``renewal``: once the chat holds a complaint, the customer reports that the route the
  agent gave fails (申请不了售后 / 页面都是空白): the complaint is renewed and needs an
  apology again (alone, with no complaint before it, such words are a process question).

It also answers the structural questions the conversation kinds ask: the agent's next
message(s) after a customer message, and whether the chat starts mid-conversation (the
first customer message continues an earlier chat, or a system line says the chat was
transferred from another agent; a rule may also name agent words that pick up an
earlier enquiry, or a routing question whose answer the customer gives in the next rounds:
请问您是咨询之前的问题还是… → 之前的).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import memo
from .conversation import rounds


ACTS = {
    "complaint": "顾客投诉或表达不满（描述缺陷、少件、色差、指责店铺）",
    "closing": "结束语：整条消息或最后一个分句只剩这些词（好滴、知道了、那就这样吧…）",
    "closing_end": "即使跟在别的话后面、只要在消息末尾就表示结束的词（…谢谢）",
    "question": "提问或请求（问号、吗、怎么、帮我…）",
    "particles": "语气词等填充词（了、吧、呢、我…）：可以跟结束语一起出现，单独不算结束语",
    "greeting": "顾客的问候（你好、在吗）：以问候开头的会话是新会话",
    "withdrawal": "顾客收回之前的投诉（找到了，是我走错地方了 / 收到了，不好意思）：之前的投诉不再需要致歉",
    "renewal": "会话中已有投诉时，顾客说客服给的办法行不通（申请不了售后 / 页面都是空白）：重新投诉，需要再次致歉",
}
MID_CONVERSATION_KEYS = {
    "customer": "第一条顾客消息接着之前的对话（那…、还有一个、刚才说的…）",
    "earlier_contact": "第一条顾客消息明说之前联系过（之前联系过说… / 之前的客服答应…）：即使先问候也是接续",
    "agent": "客服第一条人工消息接续之前的咨询（您之前咨询的问题…）",
    "system": "第一条客服消息之前的系统消息说明会话由别的客服转接而来",
    "routing": "客服第一条人工消息问顾客是咨询之前的问题还是新问题（本身不算接续）",
    "answer": "客服问了 routing 之后，顾客接下来两轮里的回答说明是接着之前的问题（之前的 / 刚才电话里说的）",
}
ANSWER_ROUNDS = 2   # how many of the customer's rounds after a routing question may answer it
# Punctuation, spaces, symbols and emoticon tags: what is left over between words.
FILLER = re.compile(r"[^\w?]+|_+|\[[^\[\]]{1,6}\]")
# Modal particles after a closing word at the end (暂不用了啊, 好的呀): the word still ends the message.
TRAILING_PARTICLES = re.compile(r"[啊呀哈哦]+$")
CLAUSE_BREAK = re.compile(r"[\s,.!~。，！、…:;：；?]+")

Found = Any   # kinds.conversation_base.Matcher or AnyMatcher (imported lazily: the kinds import us)


def spans(matcher: Found, folded: str) -> list[tuple[int, int]]:
    """Every span a matcher finds in a message (exceptions applied)."""
    if hasattr(matcher, "matchers"):          # AnyMatcher
        return [s for m in matcher.matchers for s in spans(m, folded)]
    if any(p.search(folded) for p in matcher.unless):
        return []
    return matcher.spans(folded)


def _covered(text: str, start: int, taken: list[tuple[int, int]], padding: list[tuple[int, int]]) -> bool:
    """True when text[start:] is nothing but the taken spans (one at least), padding and filler."""
    if not any(b > start for _, b in taken):
        return False
    chars = list(text)
    for a, b in taken + padding:
        for i in range(max(a, start), b):
            chars[i] = " "
    return not FILLER.sub("", "".join(chars[start:]))


@dataclass(frozen=True)
class Acts:
    """The acts one rule defines: act name -> matcher (or list of matchers)."""
    matchers: dict[str, Found] = field(default_factory=dict)

    def find(self, act: str, folded: str) -> tuple[int, int] | None:
        matcher = self.matchers.get(act)
        return matcher.find(folded) if matcher is not None else None

    def has(self, act: str, folded: str) -> bool:
        return self.find(act, folded) is not None

    def is_closing(self, folded: str) -> bool:
        """Whether the message closes the chat (memoised per text: checker/memo.py)."""
        return memo.FINDS.lookup(self, folded, self._is_closing)

    def _is_closing(self, folded: str) -> bool:
        text = folded.strip()
        if not text or "closing" not in self.matchers or self.has("question", text) or self.has("complaint", text):
            return False
        taken = spans(self.matchers["closing"], text)
        padding = spans(self.matchers["particles"], text) if "particles" in self.matchers else []
        clauses = [m.end() for m in CLAUSE_BREAK.finditer(text.rstrip(" ,.!~。，！、…"))]
        last_clause = clauses[-1] if clauses else 0
        if _covered(text, 0, taken, padding) or _covered(text, last_clause, taken, padding):
            return True
        tail = TRAILING_PARTICLES.sub("", FILLER.sub(" ", text).rstrip()).rstrip()
        end = self.matchers.get("closing_end")
        return end is not None and any(b == len(tail) for _, b in spans(end, tail))

    def round_is_closed(self, folded_round: list[str]) -> bool:
        """A round needs no answer when it asks nothing and ends with a closing."""
        if not folded_round or any(self.has("question", t) for t in folded_round):
            return False
        return self.is_closing(folded_round[-1])


def build_acts(value: dict | None, compile_regex, normalise_phrase) -> Acts:
    from .kinds.conversation_base import build_matcher
    return Acts({name: build_matcher(spec, compile_regex, normalise_phrase) for name, spec in (value or {}).items()})


def acts_problems(name: str, value: Any, compile_check, allowed: dict[str, str] = ACTS) -> list[tuple[str, str]]:
    from .kinds.conversation_base import matcher_problems
    if not isinstance(value, dict):
        return [(name, "应为映射 {行为名: 匹配器}；行为：" + "，".join(f"{k}（{v}）" for k, v in allowed.items()))]
    problems = []
    for act, spec in value.items():
        if act not in allowed:
            problems.append((f"{name}.{act}", f"未知的名称；允许：{', '.join(allowed)}"))
        else:
            problems.extend(matcher_problems(f"{name}.{act}", spec, compile_check))
    return problems


def next_agent(messages, index: int) -> int | None:
    """The agent's next human message after message `index`, if any."""
    return next((m.index for m in messages[index + 1:] if m.role == "agent"), None)


def agent_replies(messages, index: int) -> list[int]:
    """The agent's human messages after `index` up to the customer's next message."""
    out = []
    for m in messages[index + 1:]:
        if m.role == "customer" and out:
            break
        if m.role == "agent":
            out.append(m.index)
    return out


def starts_mid_conversation(messages, folded: list[str], cues: dict[str, Found], acts: Acts) -> bool:
    """Whether the chat picks up an earlier conversation, judged on its opening: the first
    customer message before the first agent reply (a lone closing word answers something
    said before; a customer greeting makes the customer's words no evidence, except an
    earlier contact named outright: `earlier_contact`), the system
    lines before the agent's first human message, and that message itself."""
    first_agent = next_agent(messages, -1)
    opening = messages if first_agent is None else messages[:first_agent]
    customer = next((m.index for m in opening if m.role == "customer"), None)
    if customer is not None and "earlier_contact" in cues and cues["earlier_contact"].find(folded[customer]) is not None:
        return True             # an earlier contact named outright, greeting or not
    if customer is not None and not acts.has("greeting", folded[customer]):
        text = folded[customer]
        if acts.is_closing(text) or ("customer" in cues and cues["customer"].find(text) is not None):
            return True
    if "system" in cues and any(m.role == "system" and cues["system"].find(folded[m.index]) is not None
                                for m in opening):
        return True
    if first_agent is None:
        return False
    if "agent" in cues and cues["agent"].find(folded[first_agent]) is not None:
        return True
    return ("routing" in cues and "answer" in cues and cues["routing"].find(folded[first_agent]) is not None
            and any(cues["answer"].find(folded[i]) is not None for i in customer_rounds(messages, first_agent)))


def customer_rounds(messages, index: int, limit: int = ANSWER_ROUNDS) -> list[int]:
    """The customer's messages in their next `limit` rounds after message `index` (a round
    ends when the agent speaks): conversation.rounds over what follows."""
    return [i for r in rounds(messages[index + 1:], drop_closing=False)[:limit] for i in r.customer]
