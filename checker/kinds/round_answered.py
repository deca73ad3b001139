"""`round_answered`: every customer round gets a human reply. A final round that asks
nothing and ends with a closing word (谢谢 / 好滴 / 那就这样吧 …) opens no round; a question
or request anywhere in the round keeps it open. The closing and question words are the
rule's `acts`; without them a built-in list of courtesies is used. Needs no timestamps."""
from ..customer_acts import build_acts
from ..patterns import regex_problem
from .base import field_map
from .conversation_base import ACTS_FIELD, CHANNEL_FIELD, ConversationCandidate, ConversationDetector

KIND = "round_answered"
SCOPE = "conversation"
DESCRIPTION = "顾客的每一轮提问都要有客服人工回复（以结束语收尾、没有提问的最后一轮除外）"
FIELDS = field_map((ACTS_FIELD, CHANNEL_FIELD))


def validate(options):
    from ..customer_acts import acts_problems
    if options.get("acts") is None:
        return []
    return acts_problems("acts", options["acts"], lambda p: regex_problem(p, False))


class Detector(ConversationDetector):
    def __init__(self, options, acts):
        super().__init__(options)
        self.acts = acts

    def evaluate(self, view):
        if not self.acts.matchers:
            candidates = view.rounds
        else:
            candidates = [r for r in view.all_rounds if r.reply is None
                          and not self.acts.round_is_closed([view.folded[i] for i in r.customer])]
        for r in candidates:
            if r.reply is None:
                yield ConversationCandidate(r.first, details={"round_messages": r.customer})


def build(options, compile_regex, normalise_phrase):
    return Detector(options, build_acts(options.get("acts"), compile_regex, normalise_phrase))
