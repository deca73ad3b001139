"""The literal prefilter (checker/text/prefilter.py) only ever skips regexes that cannot
match: every match contains a string of each clause, and the engine's findings are the
same with the prefilter as with every regex run on every message."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from checker.engine import Engine
from checker.kinds.conversation_base import AnyMatcher, Matcher
from checker.text import prefilter
from checker.text.prefilter import PatternGate, required_clauses
from conftest import DATA, ROOT


def clauses(pattern):
    return [sorted(c) for c in required_clauses(pattern)]


@pytest.mark.parametrize("pattern, expected", [
    ("凭什么", [["凭什么"]]),
    ("不(?:太)?(?:知道|清楚)", [["不太清楚", "不太知道", "不清楚", "不知道"]]),
    ("[一-龥]不了(?!解)", [["不了"]]),
    ("!{3,}", [["!!!"]]),
    ("^(?:是|对)的?$", [["对", "是"]]),
    ("(?<![非不])人为", [["人为"]]),
])
def test_clauses_of_simple_shapes(pattern, expected):
    assert clauses(pattern) == expected


def test_a_sequence_gives_one_clause_per_part():
    found = clauses("(?:你|您)(?:是不是)?[^,.]{0,8}(?:骗|讹|忽悠)")
    assert ["你", "您"] in found and ["忽悠", "讹", "骗"] in found


@pytest.mark.parametrize("pattern", [
    r"x*", r".+", r"[^,.]{2,}", r"(\w)\1", r"(?i)abc", r"(?i:ab)c?", r"a|", r"(?:a|.)b?", r"\d+",
])
def test_no_clause_when_none_can_be_derived(pattern):
    assert required_clauses(pattern) == ()


def _satisfied(pattern: str, text: str) -> bool:
    return all(any(s in text for s in clause) for clause in required_clauses(pattern))


def _detector_parts(policy, wanted):
    """Every part of the rules' detectors for which `wanted(value)` holds, found by walking
    their lists, dicts, dataclasses and objects (a wanted part is not walked into)."""
    found = []

    def walk(value, depth=0):
        if depth > 8:
            return
        if wanted(value):
            found.append(value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name), depth + 1)
        elif hasattr(value, "__dict__"):
            for item in vars(value).values():
                walk(item, depth + 1)
    for rule in policy.rules:
        walk(rule.detector)
    return found


def _rule_base_patterns(policy) -> list[str]:
    """Every regex the rule base holds: message rules and the conversation matchers."""
    return sorted({p.pattern for p in _detector_parts(
        policy, lambda v: hasattr(v, "pattern") and isinstance(getattr(v, "pattern"), str))})


def _texts(policy) -> list[str]:
    """The agent and customer lines of every rule example, normalised."""
    from checker.normalize import normalise
    texts = []
    for rule in policy.rules:
        for example in list(rule.bad) + list(rule.good):
            lines = [example.agent, example.customer or ""]
            if isinstance(example.conversation, dict):
                lines += [m.get("text") for m in example.conversation.get("messages", []) if isinstance(m, dict)]
            texts.extend(normalise(line) for line in lines if isinstance(line, str) and line)
    return texts


def test_every_rule_base_regex_holds_its_clauses_on_the_rule_examples(policy):
    patterns = _rule_base_patterns(policy)
    assert len(patterns) > 100
    texts = _texts(policy)
    assert len(texts) > 100
    for pattern in patterns:
        compiled = re.compile(pattern)
        for text in texts:
            if compiled.search(text):
                assert _satisfied(pattern, text), (pattern, text)


def test_every_rule_base_regex_holds_its_clauses_on_the_real_chats(policy):
    from checker.normalize import normalise, strip_markup
    path = DATA / "jddc2019" / "jddc2019.jsonl"
    if not path.exists():
        pytest.skip("the shared real chats are absent")
    texts = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            for message in json.loads(line)["messages"]:
                texts.add(normalise(strip_markup(message["text"])))
    for pattern in _rule_base_patterns(policy):
        compiled = re.compile(pattern)
        for text in texts:
            if compiled.search(text):
                assert _satisfied(pattern, text), (pattern, text)


PATTERN_PARTS = st.sampled_from(["你", "您", "不", "行", "知道", "(?:了|的)?", "[哦呢]{0,2}", "(?:太|很)?", "!{2,}",
                                 "[0-9]+", "(?!解)", "(?<!非)", "^", "$", "[^,.]{0,3}", ".", "(?:骗|讹)", "a*",
                                 "(?:说|讲){1,2}", "(?:x|y|)"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PATTERN_PARTS, min_size=1, max_size=6), st.lists(st.lists(PATTERN_PARTS, min_size=1, max_size=3),
                                                                  max_size=2),
       st.text(alphabet="你您不行知道了的哦呢太很!0123456789解非骗讹说讲xya,. ", max_size=24))
def test_generated_patterns_hold_their_clauses(parts, alternatives, text):
    pattern = "".join(parts)
    if alternatives:
        pattern = "|".join([pattern] + ["".join(a) for a in alternatives])
    compiled = re.compile(pattern)
    if compiled.search(text):
        assert _satisfied(pattern, text), (pattern, text)


def test_gate_lists_the_patterns_that_could_match():
    patterns = [re.compile(p) for p in ("凭什么", "不(?:太)?知道", "x*")]
    gate = PatternGate(patterns, phrases=("爱买不买",))
    assert gate.possible("我不太知道") == [1, 2]
    assert gate.possible("你好") == [2]
    assert gate.any("你好")                      # the pattern without clauses always could
    only = PatternGate(patterns[:2], phrases=("爱买不买",))
    assert not only.any("你好") and only.any("爱买不买") and only.any("凭什么")


def _reference_spans(matcher, folded):
    """Matcher.spans as it was before the gate: every phrase and every pattern."""
    spans = []
    for phrase in matcher.phrases:
        start = folded.find(phrase)
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = folded.find(phrase, start + 1)
    for pattern in matcher.patterns:
        spans.extend((m.start(), m.end()) for m in pattern.finditer(folded) if m.end() > m.start())
    excepted = [(m.start(), m.end()) for p in matcher.exceptions for m in p.finditer(folded)]
    spans = [s for s in spans if not any(a < s[1] and s[0] < b for a, b in excepted)]
    if matcher.readings:                       # a hit must also hold its readings (not negated, …)
        from checker.text.modality import hit_holds
        spans = [s for s in spans if hit_holds(folded, s[0], s[1], matcher.readings)]
    return spans


def _reference_find(matcher, folded):
    first = matcher.combined.search(folded)
    if first is None or any(p.search(folded) for p in matcher.unless):
        return None
    if not matcher.exceptions and not matcher.readings and first.end() > first.start():
        return first.span()
    spans = _reference_spans(matcher, folded)
    return min(spans) if spans else None


def test_matchers_find_what_they_found_without_the_gate(policy):
    matchers = _detector_parts(policy, lambda v: isinstance(v, Matcher))
    assert len(matchers) > 5
    texts = _texts(policy)
    for matcher in matchers:
        for text in texts:
            assert matcher.find(text) == _reference_find(matcher, text), (matcher, text)
            assert sorted(matcher.spans(text)) == sorted(_reference_spans(matcher, text)), (matcher, text)


def test_a_matcher_list_scans_once_and_finds_what_each_matcher_finds(policy):
    groups = _detector_parts(policy, lambda v: isinstance(v, AnyMatcher))
    assert groups
    texts = _texts(policy) + ["", "没有坏", "如果坏了怎么办", "太慢了，差评"]
    for group in groups:
        for text in texts:
            assert group.gates.live(text) == {k for k, m in enumerate(group.matchers) if m.gate.any(text)}, text
            found = [s for s in (m.find(text) for m in group.matchers) if s is not None]
            assert group.find(text) == (min(found) if found else None), text


class _NoClauses(prefilter.ClauseIndex):
    def add(self, pattern):
        return frozenset(), None


def test_engine_findings_are_the_same_with_every_regex_run(policy, monkeypatch):
    from checker.loaders import iter_transcripts
    fast = Engine(policy)
    monkeypatch.setattr("checker.message_stage.ClauseIndex", _NoClauses)
    slow = Engine(policy)
    transcripts = [t for t in iter_transcripts([ROOT / "transcripts"]) if hasattr(t, "messages")]
    assert transcripts
    for transcript in transcripts:
        a = [f.to_dict() for f in fast.check(transcript).findings]
        b = [f.to_dict() for f in slow.check(transcript).findings]
        assert a == b, transcript.id
