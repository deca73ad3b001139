"""Conversation structure: customer rounds and the clock.

A round starts at the customer's first unanswered message and ends at the agent's next
human message. System messages (automatic replies, notices) never end a round. The wait
is measured from the round's first message. A final round made only of closing
courtesies (谢谢 / 好的 / 嗯 …) is not a question waiting for an answer: it opens no round.
"""
from __future__ import annotations

import bisect
from array import array
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .model import Finding, Message, Transcript
from .normalize import normalise

CHINA = timezone(timedelta(hours=8))

# A closing courtesy: thanks, acknowledgement, goodbye or "nothing else", and no question.
# The message is a closing when nothing but these words (and filler) remains.
CLOSING_WORDS = re.compile(
    r"谢谢|谢了|多谢|感谢|好的|好吧|那好|好滴|好|行|嗯|恩|哦|噢|喔|ok|okay|en|收到|知道了|知道|明白|了解|辛苦|麻烦|"
    r"拜拜|再见|88|没有|没了|没啥|没事|没问题|暂时|其他|其它|别的|问题|可以|不用|不打扰|打扰|不客气|好评|五星|"
    r"是的|对的|对|还是要|就这样|那就|拍好|拍了|已拍|下单了|已下单|付款了|已付款|付好了|了|啦|呢|哈|呀|的|吧|啊|亲|你|您|们|客服|👌|👍|\[(?:表情|微笑|笑脸|赞|握手|玫瑰|抱拳|ok)\]")
CLOSING_FILLER = re.compile(r"[\s,.!~。，！、…:;：；\-_]")


def is_closing(text: str) -> bool:
    folded = normalise(text).strip()
    if not folded or len(folded) > 40 or "?" in folded or "吗" in folded:
        return False
    rest = CLOSING_FILLER.sub("", CLOSING_WORDS.sub("", folded))
    return not rest


def aware(moment: datetime) -> datetime:
    """Naive timestamps are taken as China time (UTC+8), the users' clock."""
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


@dataclass
class Round:
    first: int                     # index of the customer's first message of the round
    customer: list[int]            # indices of its customer messages
    reply: int | None = None       # index of the agent's human message that ended it
    # (messages, (span, wait)) once asked: the clock rules and the metrics read each round's
    # span and wait; they are computed once per round and messages list
    _clock: tuple | None = field(default=None, repr=False, compare=False)

    def clock(self, messages: list[Message]) -> tuple:
        """(span, wait) of the round in `messages`, computed on first use."""
        known = self._clock
        if known is not None and known[0] is messages and self.reply == known[2]:
            return known[1]
        span = wait = None
        if self.reply is not None:
            start, end = messages[self.first].at, messages[self.reply].at
            if start is not None and end is not None:
                span = aware(start), aware(end)
                wait = (span[1] - span[0]).total_seconds()
        self._clock = (messages, (span, wait), self.reply)
        return span, wait

    def span(self, messages: list[Message]):
        """(opened, replied) as aware datetimes, or None when unanswered or untimed."""
        return self.clock(messages)[0]

    def wait(self, messages: list[Message]) -> float | None:
        return self.clock(messages)[1]


def rounds(messages: list[Message], drop_closing: bool = True) -> list[Round]:
    """The customer rounds; `drop_closing=False` keeps a final round of courtesies (for
    rules that read it with their own closing words)."""
    out: list[Round] = []
    current: Round | None = None
    for msg in messages:
        if msg.role == "customer":
            if current is None:
                current = Round(msg.index, [msg.index])
                out.append(current)
            else:
                current.customer.append(msg.index)
        elif msg.role == "agent" and current is not None:
            current.reply = msg.index
            current = None
    return without_closing(messages, out) if drop_closing else out


def without_closing(messages: list[Message], all_rounds: list[Round]) -> list[Round]:
    """`rounds` from the rounds of `rounds(messages, drop_closing=False)`: without a final
    round made only of closing courtesies."""
    if all_rounds and all_rounds[-1].reply is None and all(is_closing(messages[i].text) for i in all_rounds[-1].customer):
        return all_rounds[:-1]
    return all_rounds


def out_of_order(transcript: Transcript) -> int | None:
    """Index of the first message whose timestamp is earlier than the one before it."""
    previous = None
    for msg in transcript.messages:
        now = msg.at
        if now is None:
            continue
        if now.tzinfo is None:          # aware(), inlined: called for every message of every chat
            now = now.replace(tzinfo=CHINA)
        if previous is not None and now < previous:
            return msg.index
        previous = now
    return None


def judged_on(transcript: Transcript) -> date | None:
    for moment in (transcript.messages[0].at if transcript.messages else None, transcript.started_at):
        if moment is not None:
            return aware(moment).astimezone(CHINA).date()
    return None


def chat_interval(transcript: Transcript) -> tuple[float, float] | None:
    """When the chat opens and closes (its first and last message, epoch seconds); None
    without timestamps."""
    if not transcript.timed:
        return None
    first, last = aware(transcript.messages[0].at).timestamp(), aware(transcript.messages[-1].at).timestamp()
    return min(first, last), max(first, last)


@dataclass
class Workload:
    """How many chats each agent has open at a moment. `basis` says over which chats:
    "run" (the chats of one `kefu check`) or "ledger" (every stored chat of the agent)."""
    starts: dict[str, array] = field(default_factory=dict)    # per agent, when each chat opened
    ends: dict[str, array] = field(default_factory=dict)      # per agent, when each chat closed
    basis: str = "run"

    def add(self, transcript: Transcript) -> None:
        span = chat_interval(transcript)
        if span is not None:
            self.add_span(transcript.agent, *span)

    def add_interval(self, agent: str, first: datetime, last: datetime) -> None:
        self.add_span(agent, aware(first).timestamp(), aware(last).timestamp())

    def add_span(self, agent: str, start: float, end: float) -> None:
        self.starts.setdefault(agent, array("d")).append(min(start, end))
        self.ends.setdefault(agent, array("d")).append(max(start, end))

    def mark(self) -> dict[str, int]:
        """How many intervals each agent has now, for `rollback`."""
        return {agent: len(values) for agent, values in self.starts.items()}

    def rollback(self, mark: dict[str, int]) -> None:
        """Forget the intervals added since `mark` (before `freeze`)."""
        for table in (self.starts, self.ends):
            for agent, values in table.items():
                del values[mark.get(agent, 0):]

    def freeze(self) -> None:
        """Sort each agent's times (arrays of doubles: 16 bytes a chat, not ~70 in lists)."""
        for table in (self.starts, self.ends):
            for agent, values in table.items():
                table[agent] = array("d", sorted(values))

    def open_at(self, agent: str, moment: datetime) -> int:
        """Chats of the agent whose first message is at or before t and last at or after t."""
        t = aware(moment).timestamp()
        starts, ends = self.starts.get(agent, []), self.ends.get(agent, [])
        return bisect.bisect_right(starts, t) - bisect.bisect_left(ends, t)


def single_chat_workload(transcript: Transcript) -> Workload:
    workload = Workload()
    workload.add(transcript)
    workload.freeze()
    return workload


def timing_metrics(transcript: Transcript, findings: list[Finding], params, timing_skipped: bool,
                   all_rounds=None, unanswered_rule: bool = False) -> dict:
    """With a `round_answered` rule in the run, unanswered rounds are its findings (the
    rule reads closings as customer acts); otherwise the built-in courtesies decide."""
    if all_rounds is None:
        all_rounds = rounds(transcript.messages)
    unanswered = (sum(1 for f in findings if f.norm == "unanswered") if unanswered_rule
                  else sum(1 for r in all_rounds if r.reply is None))
    waits = [w for w in (r.wait(transcript.messages) for r in all_rounds) if w is not None]
    return {
        "timed": not timing_skipped and transcript.timed,
        "rounds": len(all_rounds),
        "first_response_seconds": round(waits[0], 3) if waits and all_rounds[0].reply is not None else None,
        "mean_response_seconds": round(sum(waits) / len(waits), 3) if waits else None,
        "late_rounds": sum(1 for f in findings if f.norm == "response_time"),
        "unanswered_rounds": unanswered,
    }
