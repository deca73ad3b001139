"""`template_greeting`: a welcome template (kind: welcome) must open with a greeting."""
from .template_base import TemplateHit, parse_example  # noqa: F401 (parse_example: the loader's hook)
from .base import Field, field_map

KIND = "template_greeting"
SCOPE = "template"      # judged on each quick-reply template by `kefu lint`
DESCRIPTION = "欢迎语模板（kind: welcome）开头必须有问候语"
FIELDS = field_map((
    Field("phrases", list, required=True, doc="greetings, literal (normalised like message phrases)", item_type=str),
    Field("within", int, 20, doc="the greeting must start within this many characters of the text"),
))


def validate(options: dict) -> list[tuple[str, str]]:
    if isinstance(options["within"], bool) or options["within"] < 1:
        return [("within", "应为正整数")]
    return []


class Detector:
    scope = SCOPE

    def __init__(self, phrases: tuple[str, ...], within: int):
        self.phrases = phrases
        self.within = within

    def check(self, template, ctx):
        if template.kind != "welcome" or not template.text.strip():
            return
        head = ctx.folded(template.text)[: self.within + max(map(len, self.phrases))]
        if any(0 <= head.find(p) < self.within for p in self.phrases):
            return
        yield TemplateHit(0, min(len(template.text), self.within),
                          detail=f"欢迎语前 {self.within} 个字里没有问候语（如：{'、'.join(self.phrases[:4])}）")


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(tuple(normalise_phrase(p, False) for p in options["phrases"]), options["within"])
