"""`round_answered`: every customer round gets a human reply (a final round of closing
courtesies such as 谢谢 opens no round). Needs no timestamps."""
from .base import field_map
from .conversation_base import CHANNEL_FIELD, ConversationCandidate, ConversationDetector

KIND = "round_answered"
SCOPE = "conversation"
DESCRIPTION = "顾客的每一轮提问都要有客服人工回复"
FIELDS = field_map((CHANNEL_FIELD,))


class Detector(ConversationDetector):
    def evaluate(self, view):
        for r in view.rounds:
            if r.reply is None:
                yield ConversationCandidate(r.first, details={"round_messages": r.customer})


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
