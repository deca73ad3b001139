"""`template_placeholder_syntax`: placeholders must be well-formed: `{名字}` with
half-width braces, a name, nothing nested, nothing left open."""
import re

from .template_base import TemplateHit, parse_example  # noqa: F401
from .base import field_map

KIND = "template_placeholder_syntax"
SCOPE = "template"
DESCRIPTION = "占位符写法必须规范：半角花括号，内有名字，成对出现"
FIELDS = field_map(())
NAME = re.compile(r"[0-9A-Za-z_\u4e00-\u9fff]+")
BRACES = re.compile(r"[{}｛｝]")


def problems(text: str):
    """(start, end, problem) for every malformed placeholder."""
    opened = None
    for match in BRACES.finditer(text):
        char, at = match.group(), match.start()
        if char in "｛｝":
            yield at, at + 1, f"全角花括号 {char}：占位符要用半角 {{ }}"
        elif char == "{":
            if opened is not None:
                yield opened, at, "占位符没有闭合：缺少 }"
            opened = at
        elif opened is None:
            yield at, at + 1, "多余的 }：前面没有 {"
        else:
            name = text[opened + 1:at]
            if not name:
                yield opened, at + 1, "空的占位符 {}：花括号里要写名字，如 {买家昵称}"
            elif not NAME.fullmatch(name):
                yield opened, at + 1, f"占位符名 {name!r} 含空格或标点：只能是汉字、字母、数字、下划线"
            opened = None
    if opened is not None:
        yield opened, len(text), "占位符没有闭合：缺少 }"


class Detector:
    scope = SCOPE

    def check(self, template, ctx):
        text = template.text
        if not BRACES.search(text):
            return
        for start, end, problem in problems(text):
            yield TemplateHit(start, end, detail=problem)


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    return Detector()
