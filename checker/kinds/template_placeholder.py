"""`template_placeholder`: every placeholder ({买家昵称}) must be one the IM fills in."""
import re

from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import Field, field_map

KIND = "template_placeholder"
SCOPE = "template"
DESCRIPTION = "模板里的占位符（如 {买家昵称}）必须属于已知集合"
FIELDS = field_map((
    Field("placeholders", dict, required=True,
          doc="the known placeholders: {name: what the IM fills in}"),
))
PLACEHOLDER = re.compile(r"\{([0-9A-Za-z_\u4e00-\u9fff]+)\}")


def validate(options: dict) -> list[tuple[str, str]]:
    problems = []
    known = options["placeholders"]
    if not known:
        problems.append(("placeholders", "至少需要一个占位符"))
    for name, doc in known.items():
        if not isinstance(name, str) or not PLACEHOLDER.fullmatch("{" + name + "}"):
            problems.append((f"placeholders.{name}", "占位符名只能含汉字、字母、数字和下划线（不写花括号）"))
        elif not isinstance(doc, str) or not doc.strip():
            problems.append((f"placeholders.{name}", "应写明 IM 会填入什么（非空文字）"))
    return problems


class Detector:
    scope = SCOPE

    def __init__(self, known: dict[str, str]):
        self.known = known

    def check(self, template, ctx):
        if "{" not in template.text:
            return
        for match in PLACEHOLDER.finditer(template.text):
            if match.group(1) not in self.known:
                yield TemplateHit(match.start(), match.end(),
                                  detail=f"占位符 {match.group(0)} 不在已知集合里；可用："
                                         + "、".join("{" + k + "}" for k in self.known))


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector(dict(options["placeholders"]))
