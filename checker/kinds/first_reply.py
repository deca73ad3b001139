"""`first_reply`: the agent's first human message must contain one of the phrases
(greeting). An automatic welcome is a system message and so never counts. With
`starts_mid_conversation`, a chat that picks up an earlier conversation (那什么时候退回呢…,
a transfer from another agent) is not judged: its greeting was said before."""
from ..customer_acts import MID_CONVERSATION_KEYS, build_acts, starts_mid_conversation
from ..patterns import regex_problem
from .base import Field, field_map
from .conversation_base import (ACTS_FIELD, CHANNEL_FIELD, ConversationCandidate, ConversationDetector, build_matcher,
                                matcher_problems)

KIND = "first_reply"
SCOPE = "conversation"
DESCRIPTION = "客服的第一条人工消息必须包含规定用语（如问候）；会话从中途开始时不适用"
FIELDS = field_map((
    Field("must_contain", dict, required=True, doc="{phrases, patterns, exceptions}"),
    Field("starts_mid_conversation", dict, None,
          doc="{customer, earlier_contact, agent, system, routing, answer}: matchers telling that the chat starts "
              "mid-conversation (earlier_contact: the customer names an earlier contact, even after a greeting; answer: the "
              "customer confirms an earlier problem after the routing question); then the rule does "
              "not apply (a lone closing word as the first customer message counts too, a customer greeting never)"),
    ACTS_FIELD, CHANNEL_FIELD))


def validate(options):
    from ..customer_acts import acts_problems
    check = lambda p: regex_problem(p, False)  # noqa: E731
    problems = matcher_problems("must_contain", options["must_contain"], check)
    mid = options.get("starts_mid_conversation")
    if mid is not None:
        problems += acts_problems("starts_mid_conversation", mid, check, MID_CONVERSATION_KEYS)
    if options.get("acts") is not None:
        problems += acts_problems("acts", options["acts"], check)
    return problems


class Detector(ConversationDetector):
    def __init__(self, options, matcher, mid, acts):
        super().__init__(options)
        self.matcher, self.mid, self.acts = matcher, mid, acts

    def evaluate(self, view):
        first = view.first_agent()
        if first is None or self.matcher.find(view.folded[first]) is not None:
            return
        if self.mid is not None and starts_mid_conversation(view.transcript.messages, view.folded, self.mid, self.acts):
            return
        yield ConversationCandidate(first)


def build(options, compile_regex, normalise_phrase):
    mid = options.get("starts_mid_conversation")
    mid = None if mid is None else {k: build_matcher(v, compile_regex, normalise_phrase) for k, v in mid.items()}
    return Detector(options, build_matcher(options["must_contain"], compile_regex, normalise_phrase), mid,
                    build_acts(options.get("acts"), compile_regex, normalise_phrase))
