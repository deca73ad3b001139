"""`trigger_response`: when a customer message matches `trigger` (a complaint), a later
agent message must match `response` (an apology). One finding, at the first trigger that
no later agent message answers."""
from .base import Field, field_map
from .conversation_base import (CHANNEL_FIELD, ConversationCandidate, ConversationDetector, build_matcher,
                                matcher_problems)

KIND = "trigger_response"
SCOPE = "conversation"
DESCRIPTION = "顾客说了某类话（如投诉）之后，客服后面的消息中必须有规定回应（如致歉）"
FIELDS = field_map((
    Field("trigger", (dict, list), required=True,
          doc="customer words: {phrases, patterns, exceptions, unless}, or a list of such"),
    Field("response", dict, required=True, doc="agent words that answer it: {phrases, patterns, exceptions}"),
    CHANNEL_FIELD,
))


def validate(options):
    from ..policy import regex_problem
    check = lambda p: regex_problem(p, False)  # noqa: E731
    return matcher_problems("trigger", options["trigger"], check) + matcher_problems("response", options["response"], check)


class Detector(ConversationDetector):
    def __init__(self, options, trigger, response):
        super().__init__(options)
        self.trigger, self.response = trigger, response

    def evaluate(self, view):
        messages = view.transcript.messages
        last_response = -1
        for m in messages:
            if m.role == "agent" and self.response.find(view.folded[m.index]) is not None:
                last_response = m.index
        for m in messages:
            if m.role == "customer" and m.index > last_response:
                span = self.trigger.find(view.folded[m.index])
                if span is not None:
                    yield ConversationCandidate(m.index, span)
                    return


def build(options, compile_regex, normalise_phrase):
    return Detector(options, build_matcher(options["trigger"], compile_regex, normalise_phrase),
                    build_matcher(options["response"], compile_regex, normalise_phrase))
