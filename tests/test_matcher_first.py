"""Matcher.first runs only the patterns the gate lets through, one by one, and finds the
span the combined alternation of all phrases and patterns finds (checker/kinds/conversation_base.py)."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from checker.kinds.conversation_base import Matcher
from checker.text.safety import compile_safe


def _matcher(phrases=(), patterns=()):
    return Matcher(phrases=tuple(phrases), patterns=tuple(compile_safe(p) for p in patterns))


def _combined(matcher, text):
    found = matcher.combined.search(text)
    return found.span() if found is not None else None


PATTERNS = ("(打|联系)不(通|到|上)", "打不通了?", "电话[^,]{0,4}(不接|关机)", "不(接|回)", "(a|b)\\1",
            "(?<!我)电话", "x?", "(?:坏|破)了")
PHRASES = ("打不通", "电话", "坏了")


def test_the_alternation_order_decides_at_one_start():
    matcher = _matcher(PHRASES, PATTERNS)
    for text in ("电话打不通了", "打不通了", "他不接电话", "我电话关机", "aab", "东西坏了", ""):
        assert matcher.first(text) == _combined(matcher, text), text
    assert matcher.first("打不通了") == (0, 3)          # the phrase before the patterns
    assert _matcher((), PATTERNS[:2]).first("打不通了") == (0, 3)   # the first pattern at that start
    assert _matcher((), PATTERNS[1:2]).first("打不通了") == (0, 4)


def test_a_pattern_with_flags_keeps_the_alternation():
    """`combined` joins the patterns' texts (without their flags): a pattern given flags is
    not run on its own, so the span stays the alternation's."""
    matcher = Matcher(patterns=(compile_safe("abc", re.IGNORECASE), compile_safe("x")))
    assert not matcher.separable
    assert matcher.first("ABCx") == _combined(matcher, "ABCx") == (3, 4)
    assert _matcher((), PATTERNS).separable


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="打不通了电话接关机我坏破ab x,", max_size=14),
       st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4),
       st.lists(st.sampled_from(PHRASES), max_size=2))
def test_first_is_the_combined_search(text, patterns, phrases):
    matcher = _matcher(phrases, patterns)
    assert matcher.first(text) == _combined(matcher, text)
    first = matcher.combined.search(text)
    expected = None
    if first is not None:
        expected = first.span() if first.end() > first.start() else min(matcher.spans(text), default=None)
    assert matcher.find_gated(text) == expected


def test_a_backreference_after_ninety_nine_groups_still_points_at_its_own_group():
    """Shifted past group 99, `\\167` would be read by `re` as the octal escape of 'w', not as a
    group: the combined alternation must still find 不要就不要呗 as its own pattern does
    (a closing matcher holds 55 patterns and more than 99 groups before X就X呗)."""
    before = tuple(re.compile(f"(a{k})(b{k})") for k in range(60))     # 120 groups
    repeat = re.compile(r"(?<![^\s,.!?~])([一-龥]{1,4})就\1(吧|呗|了)")
    matcher = Matcher(patterns=before + (repeat,))
    assert matcher.combined.search("不要就不要呗") is not None
    assert _combined(matcher, "不要就不要呗") == matcher.first("不要就不要呗") == (0, 6)
    assert matcher.combined.search("不要就不行呗") is None
