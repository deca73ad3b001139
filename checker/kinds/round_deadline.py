"""`round_deadline`: a customer round must be answered within a deadline that depends on
how many chats the agent has open at the round's start (the agent's chats in the same
run whose first message is at or before it and whose last is at or after it).

The detector only measures; the comparison of reply time with the deadline runs on
durable-rules (the engine posts one event per round, carrying over_by = wait - deadline).
A round answered within the smaller of the two deadlines is on time at any concurrency
(over_by <= 0, which no durable rule fires on): it is not made a candidate at all."""
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
        params, options = view.params, self.options
        threshold = params[options["busy_threshold"]]
        agent, workload = view.transcript.agent, view.workload
        margin = None           # the smaller deadline: a wait within it is on time at any concurrency
        for r in view.rounds:
            span, wait = r.clock(messages)
            if span is None:
                continue
            if margin is None:
                margin = min(params[options["deadline"]], params[options["busy_deadline"]])
            if wait <= margin:
                # over_by <= 0 whatever the agent's load: no durable rule can fire on it
                # (inference.can_fire), so it is not made a candidate at all
                continue
            opened = span[0]
            open_chats = workload.open_at(agent, opened)
            start = opened.timestamp()
            busy = open_chats >= threshold
            deadline = params[options["busy_deadline" if busy else "deadline"]]
            yield ConversationCandidate(
                r.reply,
                details={"wait_seconds": round(wait, 3), "deadline_seconds": deadline,
                         "concurrency": open_chats,
                         "concurrency_basis": getattr(workload, "basis", "run"), "round_start": r.first},
                facts={"opened_at": start, "due": start + deadline, "replied_at": start + wait,
                       "over_by": wait - deadline},
            )


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
