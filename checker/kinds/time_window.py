"""`time_window`: the conversation must not start inside the parameter's windows
(the customer's rest hours for a follow-up call). Times are China local time."""
from datetime import time

from ..conversation import CHINA, aware
from .base import Field, field_map
from .conversation_base import ConversationCandidate, ConversationDetector

KIND = "time_window"
SCOPE = "conversation"
DESCRIPTION = "会话开始时间不得落在规定的时段内（如顾客休息时间）"
FIELDS = field_map((
    Field("windows", str, required=True, doc='parameter: list of "HH:MM-HH:MM" (may cross midnight)'),
    Field("channels", list, ["phone"], doc="channels the rule applies to", item_type=str),
))


def parse_window(text: str) -> tuple[time, time]:
    start, end = (time.fromisoformat(part.strip()) for part in str(text).split("-"))
    return start, end


def inside(moment: time, window: tuple[time, time]) -> bool:
    start, end = window
    return start <= moment < end if start <= end else (moment >= start or moment < end)


class Detector(ConversationDetector):
    needs_time = True
    parameter_fields = ("windows",)

    def evaluate(self, view):
        start = view.started()
        if start is None:
            return
        local = aware(start).astimezone(CHINA)
        for text in view.params[self.options["windows"]]:
            if inside(local.time(), parse_window(text)):
                yield ConversationCandidate(view.first_agent(),
                                            details={"called_at": local.isoformat(), "window": text})
                return


def build(options, compile_regex, normalise_phrase):
    return Detector(options)
