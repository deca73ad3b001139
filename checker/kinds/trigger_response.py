"""`trigger_response`: when a customer message matches `trigger` (a complaint), a later
agent message must match `response` (an apology). One finding, at the first trigger that
no later agent message answers (and, with a `withdrawal` act, that the customer did not take
back later in the same message or in a later one; with a `renewal` act, a customer message saying the route given fails
triggers too once an earlier customer message complained). `trigger` is a matcher, a list of matchers, or
`{acts: [complaint]}`: customer acts the rule defines in its `acts` option."""
from .. import memo
from ..customer_acts import build_acts
from ..patterns import regex_problem
from .base import Field, field_map
from .conversation_base import (ACTS_FIELD, CHANNEL_FIELD, ConversationCandidate, ConversationDetector, build_matcher,
                                matcher_problems)

KIND = "trigger_response"
SCOPE = "conversation"
DESCRIPTION = "顾客说了某类话（如投诉）之后，客服后面的消息中必须有规定回应（如致歉）"
FIELDS = field_map((
    Field("trigger", (dict, list), required=True,
          doc="customer words: {phrases, patterns, exceptions, unless}, a list of such, or {acts: [act names]}"),
    Field("response", dict, required=True, doc="agent words that answer it: {phrases, patterns, exceptions}"),
    ACTS_FIELD, CHANNEL_FIELD,
))


def _act_names(trigger):
    return trigger.get("acts") if isinstance(trigger, dict) and "acts" in trigger else None


def validate(options):
    from ..customer_acts import acts_problems
    check = lambda p: regex_problem(p, False)  # noqa: E731
    problems = matcher_problems("response", options["response"], check)
    if options.get("acts") is not None:
        problems += acts_problems("acts", options["acts"], check)
    names = _act_names(options["trigger"])
    if names is None:
        return matcher_problems("trigger", options["trigger"], check) + problems
    defined = options.get("acts") or {}
    if set(options["trigger"]) != {"acts"} or not isinstance(names, list) or not names:
        return problems + [("trigger", "应为 {acts: [行为名, …]}")]
    return problems + [("trigger.acts", f"行为 {n!r} 未在本规则的 acts 中定义") for n in names if n not in defined]


class ActTrigger:
    """A trigger made of named customer acts: the earliest span any of them finds. With a
    `withdrawal` act, a customer message that takes the complaint back (找到了，是我走错地方了)
    voids the triggers before it."""
    def __init__(self, acts, names):
        self.acts, self.names = acts, tuple(names)

    def read(self, folded):
        """What the text says to this trigger (one memo entry per text: checker/memo.py)."""
        return memo.FINDS.lookup(self, folded, self._read)

    def _read(self, folded):
        return Reading(self, folded)

    def find(self, folded):
        return self.read(folded).span

    def _find(self, folded):
        found = [s for s in (self.acts.find(n, folded) for n in self.names) if s is not None]
        if not found:
            return None
        span = min(found)
        # taken back later in the same message (刚才打不开，现在又好了，没事了)
        if self.withdrawable:
            back = self.acts.find("withdrawal", folded[span[1]:])
            if back is not None:
                return None
        return span

    @property
    def withdrawable(self):
        return "withdrawal" in self.acts.matchers

    def withdraws(self, folded):
        return self.read(folded).withdraws

    @property
    def renewable(self):
        return "renewal" in self.acts.matchers

    def renews(self, folded):
        return self.read(folded).renewed


class Reading:
    """One customer text as an ActTrigger reads it: the trigger's span, and, asked on
    first use, whether the text withdraws a complaint and the span of a renewal."""
    __slots__ = ("span", "_trigger", "_text", "_withdraws", "_renewed")

    def __init__(self, trigger, folded):
        self.span = trigger._find(folded)
        self._trigger, self._text = trigger, folded
        self._withdraws = self._renewed = _UNREAD

    @property
    def withdraws(self):
        if self._withdraws is _UNREAD:
            self._withdraws = self._trigger.acts.has("withdrawal", self._text)
        return self._withdraws

    @property
    def renewed(self):
        if self._renewed is _UNREAD:
            self._renewed = self._trigger.acts.find("renewal", self._text)
        return self._renewed


_UNREAD = object()


class Detector(ConversationDetector):
    def __init__(self, options, trigger, response):
        super().__init__(options)
        self.trigger, self.response = trigger, response

    def evaluate(self, view):
        messages = view.transcript.messages
        fold = view.folded.__getitem__
        find_response = self.response.find
        last_response = -1          # the last agent message that answers: looked for from the end
        for m in reversed(messages):
            if m.role == "agent" and find_response(fold(m.index)) is not None:
                last_response = m.index
                break
        trigger = self.trigger
        read = getattr(trigger, "read", None)       # an ActTrigger: one memo entry per text
        withdrawable = getattr(trigger, "withdrawable", False)
        renewal = getattr(trigger, "renewable", False)
        complained = None           # whether a customer message before last_response complained (lazily)
        pending = None              # the first trigger not yet answered nor taken back
        for m in messages:
            if m.role != "customer" or m.index <= last_response:
                continue
            text = fold(m.index)
            if read is not None:
                reading = read(text)
                span = reading.span
            else:
                span = trigger.find(text)
            if span is None and renewal and pending is None:
                # the route given fails, in a chat that already held a complaint (apologised for)
                renewed = reading.renewed
                if renewed is not None:
                    if complained is None:
                        complained = any(c.role == "customer" and trigger.find(fold(c.index)) is not None
                                         for c in messages if c.index < m.index)
                    span = renewed if complained else None
            if pending is None and span is not None:
                pending = ConversationCandidate(m.index, span)
                if not withdrawable:
                    break
            elif pending is not None and span is None and reading.withdraws:
                pending = None
        if pending is not None:
            yield pending


def build(options, compile_regex, normalise_phrase):
    names = _act_names(options["trigger"])
    if names is not None:
        trigger = ActTrigger(build_acts(options.get("acts"), compile_regex, normalise_phrase), names)
    else:
        trigger = build_matcher(options["trigger"], compile_regex, normalise_phrase)
    return Detector(options, trigger, build_matcher(options["response"], compile_regex, normalise_phrase))
