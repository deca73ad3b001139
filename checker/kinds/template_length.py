"""`template_length`: a template longer than the IM accepts in one message."""
from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import Field, field_map

KIND = "template_length"
SCOPE = "template"
DESCRIPTION = "模板超过 IM 单条消息的长度上限"
FIELDS = field_map((
    Field("max_length", int, required=True, doc="the most characters one message may have (placeholders counted as written)"),
))


def validate(options: dict) -> list[tuple[str, str]]:
    value = options["max_length"]
    if isinstance(value, bool) or value < 1:
        return [("max_length", "应为正整数")]
    return []


class Detector:
    scope = SCOPE

    def __init__(self, max_length: int):
        self.max_length = max_length

    def check(self, template, ctx):
        length = len(template.text)
        if length > self.max_length:
            yield TemplateHit(self.max_length, length,
                              detail=f"共 {length} 字，超过上限 {self.max_length} 字（多出 {length - self.max_length} 字）")


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(options["max_length"])
