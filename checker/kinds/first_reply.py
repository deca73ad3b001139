"""`first_reply`: the agent's first human message must contain one of the phrases
(greeting). An automatic welcome is a system message and so never counts."""
from .base import Field, field_map
from .conversation_base import (CHANNEL_FIELD, ConversationCandidate, ConversationDetector, build_matcher,
                                matcher_problems)

KIND = "first_reply"
SCOPE = "conversation"
DESCRIPTION = "客服的第一条人工消息必须包含规定用语（如问候）"
FIELDS = field_map((Field("must_contain", dict, required=True, doc="{phrases, patterns}"), CHANNEL_FIELD))


def validate(options, compile_check=None):
    from ..policy import regex_problem
    return matcher_problems("must_contain", options["must_contain"], lambda p: regex_problem(p, False))


class Detector(ConversationDetector):
    def __init__(self, options, matcher):
        super().__init__(options)
        self.matcher = matcher

    def evaluate(self, view):
        first = view.first_agent()
        if first is not None and self.matcher.find(view.folded[first]) is None:
            yield ConversationCandidate(first)


def build(options, compile_regex, normalise_phrase):
    return Detector(options, build_matcher(options["must_contain"], compile_regex, normalise_phrase))
