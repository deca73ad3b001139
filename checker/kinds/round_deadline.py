"""`round_deadline`: a customer round must be answered within a deadline that depends on
how many chats the agent has open at the round's start (the agent's chats in the same
run whose first message is at or before it and whose last is at or after it).

The detector only measures; the comparison of reply time with the deadline runs on
durable-rules (the engine posts a round-opened and a reply-seen event per round)."""
from .base import Field, field_map
from .conversation_base import CHANNEL_FIELD, ConversationCandidate, ConversationDetector

KIND = "round_deadline"
SCOPE = "conversation"
DESCRIPTION = "顾客一轮消息到客服下一条人工回复之间不得超过时限（按同时接待人数取时限）"
FIELDS = field_map((
    Field("deadline", str, required=True, doc="parameter: seconds allowed when not busy"),
    Field("busy_deadline", str, required=True, doc="parameter: seconds allowed when busy"),
    Field("busy_threshold", str, required=True, doc="parameter: open chats from which the agent counts as busy"),
    CHANNEL_FIELD,
))


class Detector(ConversationDetector):
    needs_time = True
    parameter_fields = ("deadline", "busy_deadline", "busy_threshold")

    def evaluate(self, view):
        messages = view.transcript.messages
        threshold = view.params[self.options["busy_threshold"]]
        agent, open_at = view.transcript.agent, view.workload.open_at
        for r in view.rounds:
            span = r.span(messages)
            if span is None:
                continue
            opened, replied = span
            wait = (replied - opened).total_seconds()
            open_chats = open_at(agent, opened)
            start = opened.timestamp()
            busy = open_chats >= threshold
            deadline = view.params[self.options["busy_deadline" if busy else "deadline"]]
            yield ConversationCandidate(
                r.reply,
                details={"wait_seconds": round(wait, 3), "deadline_seconds": deadline,
                         "concurrency": open_chats,
                         "concurrency_basis": getattr(view.workload, "basis", "run"), "round_start": r.first},
                facts={"opened_at": start, "due": start + deadline, "replied_at": start + wait,
                       "over_by": wait - deadline},
            )


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
