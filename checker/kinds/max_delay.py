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
        start, service = view.started(), view.transcript.service_at
        if start is None or service is None:
            return
        delay_days = (aware(start) - aware(service)).total_seconds() / 86400
        limit = view.params[self.options["days"]]
        if delay_days > limit:
            yield ConversationCandidate(view.first_agent(),
                                        details={"delay_days": round(delay_days, 2), "limit_days": limit})


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
