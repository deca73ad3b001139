"""How the rule model judges a rule's regular expression: valid, written for the
normalised text the engine matches (half-width, simplified, lower case unless the rule is
case-sensitive), and safe to run in linear time. The policy loader and the kinds that
validate their own patterns (checker/kinds/) both use it; it imports neither.
"""
from __future__ import annotations

import re

from .normalize import normalise
from .text.safety import compile_safe, pattern_problem

_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u3002]")
_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")


def regex_problem(pattern: str, case_sensitive: bool) -> str | None:
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"不是合法的正则表达式（{exc}）"
    if _FULLWIDTH.search(pattern):
        return "含全角字符，规范化后的文本中只有半角字符（！→!，？→?，～→~，。→.）：请改用半角"
    if normalise(pattern, fold_case=False) != pattern:
        return "含繁体字，规范化后的文本是简体：请改用简体"
    if not case_sensitive and _UPPER_LITERAL.search(re.sub(r"\\[A-Za-z]", "", pattern)):
        return "含大写字母，但规则不区分大小写（文本已转小写）：改用小写，或设 case_sensitive: true"
    unsafe = pattern_problem(pattern)
    if unsafe:
        return f"可能运行超过线性时间：{unsafe}"
    try:
        compile_safe(pattern)
    except Exception as exc:  # noqa: BLE001 - the regex module is stricter in a few corners
        return f"不是合法的正则表达式（{exc}）"
    return None
