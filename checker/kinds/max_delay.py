"""`max_delay`: the conversation must start within a number of days after the
transcript's `service_at` (a follow-up call within three days of the service)."""
from ..conversation import aware
from .base import Field, field_map
from .conversation_base import ConversationCandidate, ConversationDetector

KIND = "max_delay"
SCOPE = "conversation"
DESCRIPTION = "会话必须在 service_at 之后规定天数内发生（如三天内回访）"
FIELDS = field_map((
    Field("days", str, required=True, doc="parameter: days allowed after service_at"),
    Field("channels", list, ["phone"], doc="channels the rule applies to", item_type=str),
))


class Detector(ConversationDetector):
    needs_time = True
    parameter_fields = ("days",)

    def evaluate(self, view):
        t = view.transcript
        start = t.messages[0].at if t.messages and t.messages[0].at else t.started_at
        if start is None or t.service_at is None:
            return
        delay_days = (aware(start) - aware(t.service_at)).total_seconds() / 86400
        limit = view.params[self.options["days"]]
        if delay_days > limit:
            agents = view.agent_indices()
            yield ConversationCandidate(agents[0] if agents else None,
                                        details={"delay_days": round(delay_days, 2), "limit_days": limit})


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
