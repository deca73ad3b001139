"""The shared grammars (%part%, %party% …) work in the conversation rules' matchers and
customer acts as they do in message rules: a rule author writes %part% once instead of
copying the list of parts into every pattern."""
from __future__ import annotations

import re

from checker.kinds.conversation_base import build_matcher, matcher_problems
from checker.normalize import normalise


def plain(text: str, _case: bool = False) -> str:
    return normalise(text, True)


def test_part_grammar_expands_in_a_conversation_matcher():
    matcher = build_matcher({"patterns": ["(%part%)(都)?没(有|给)"]}, re.compile, plain)
    assert matcher.find("车到了 脚踏没有啊") is not None
    assert matcher.find("说明书没给") is not None
    assert matcher.find("车到了 挺好的") is None


def test_a_macro_pattern_passes_validation():
    def check(pattern: str) -> str | None:
        try:
            re.compile(pattern)
        except re.error as exc:
            return str(exc)
        return "%" in pattern and "unexpanded macro" or None

    assert matcher_problems("acts.complaint", {"patterns": ["(%part%)没有"]}, check) == []
