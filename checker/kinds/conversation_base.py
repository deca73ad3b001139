"""Shared pieces of the conversation-scope kinds.

A conversation detector is pure: ``evaluate(view)`` yields Candidates for the engine,
which posts them to durable-rules. Numbers come from the parameters in force on the
chat's date (``view.params``), never from the rule file itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .. import memo
from ..conversation import Workload, rounds, without_closing
from ..model import Transcript
from ..normalize import from_words, normalise

from .backreferences import shift_backreferences
from .base import Field

CHANNEL_FIELD = Field("channels", list, ["im"], doc="channels the rule applies to: im, phone", item_type=str)
ACTS_FIELD = Field("acts", dict, None, doc="customer acts this rule reads: {complaint, closing, closing_end, particles, "
                   "question, greeting}, each a matcher or a list of matchers (checker/customer_acts.py)")


@dataclass
class ConversationView:
    transcript: Transcript
    params: Any                    # parameters.ParameterSet in force on the chat's date
    workload: Workload
    timing_skipped: bool = False   # set by the engine: a timing rule could not run
    known_folded: dict[int, str] = field(default_factory=dict)   # normalised texts the engine already has

    @cached_property
    def folded(self) -> "FoldedTexts":
        """Each message normalised (lower case), on first use, never twice."""
        return FoldedTexts(self.transcript.messages, self.known_folded)

    @cached_property
    def rounds(self):
        return without_closing(self.transcript.messages, self.all_rounds)

    @cached_property
    def all_rounds(self):
        """Every round, a final round of courtesies included."""
        return rounds(self.transcript.messages, drop_closing=False)

    def agent_indices(self) -> list[int]:
        return [m.index for m in self.transcript.messages if m.role == "agent"]

    def first_agent(self) -> int | None:
        """Where a whole-conversation finding points: the first agent message, if any."""
        agents = self.agent_indices()
        return agents[0] if agents else None

    def started(self):
        """When the conversation started: its first message, else `started_at`."""
        t = self.transcript
        return t.messages[0].at if t.messages and t.messages[0].at else t.started_at


class FoldedTexts:
    """`folded[i]`: message i normalised, computed when first asked for (through the bounded
    memo.FOLDS: customers repeat their texts too); `known` holds the engine's own copies."""
    __slots__ = ("messages", "known")

    def __init__(self, messages, known: dict[int, str]):
        self.messages, self.known = messages, known

    def __getitem__(self, index: int) -> str:
        text = self.known.get(index)
        if text is None:
            text = self.known[index] = memo.FOLDS.lookup(normalise, self.messages[index].text, normalise)
        return text

    def __len__(self) -> int:
        return len(self.messages)


@dataclass
class ConversationCandidate:
    message: int | None
    span: tuple[int, int] | None = None
    details: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)    # extra event fields for durable-rules


def _compiled(pattern) -> re.Pattern:
    """The `re` pattern behind a SafePattern (checker/text/safety.py), or the pattern itself."""
    fast = getattr(pattern, "_re", None)
    return fast() if fast is not None else pattern


@dataclass(frozen=True)
class Matcher:
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    exceptions: tuple[re.Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()
    readings: tuple[str, ...] = ()       # not_negated, not_conditional, reported (checker/text/modality.py)

    @cached_property
    def combined(self) -> re.Pattern:
        """Phrases and patterns as one alternation: one scan per message. A numbered
        backreference (能不能: `(能|有)不\\1`) is shifted by the groups of the patterns before
        it, so it still points at its own pattern's group."""
        parts, groups = [re.escape(p) for p in self.phrases], 0
        for p in self.patterns:
            parts.append(f"(?:{shift_backreferences(p.pattern, groups)})")
            groups += p.groups
        return re.compile("|".join(parts) or r"(?!)")

    @cached_property
    def gate(self):
        """Whether a phrase occurs or a pattern could match at all (one automaton scan:
        most messages match no matcher, and then the combined regex need not run)."""
        from ..built_cache import pattern_gate
        return pattern_gate(self.patterns, self.phrases)

    def find(self, folded: str) -> tuple[int, int] | None:
        """The earliest span found in the text (memoised per text: checker/memo.py), read from
        its first non-blank character (a pattern's ^ is the start of the words)."""
        body, lead = from_words(folded)
        span = memo.FINDS.lookup(self, body, self._find)
        return span if span is None or not lead else (span[0] + lead, span[1] + lead)

    def _find(self, folded: str) -> tuple[int, int] | None:
        if not self.gate.any(folded):
            return None
        return self.find_gated(folded)

    @cached_property
    def separable(self) -> bool:
        """Whether the patterns can be run one by one in place of `combined`: none carries
        flags (given, or inline at its start) that `combined` would apply differently."""
        return all(_compiled(p).flags == re.UNICODE for p in self.patterns)

    def first(self, folded: str) -> tuple[int, int] | None:
        """The span of `combined.search(folded)`, running only the patterns the gate lets
        through: the leftmost start wins, and at one start the phrases before the patterns,
        each in its order (the alternation's own choice)."""
        if not self.separable:
            found = self.combined.search(folded)
            return found.span() if found is not None else None
        best = None
        for phrase in self.phrases:
            start = folded.find(phrase)
            if start >= 0 and (best is None or start < best[0]):
                best = (start, start + len(phrase))
        patterns = self.patterns
        for j in self.gate.possible(folded):
            found = patterns[j].search(folded)
            if found is not None and (best is None or found.start() < best[0]):
                best = found.span()
        return best

    def find_gated(self, folded: str) -> tuple[int, int] | None:
        """`find` once the gate has let the text through."""
        first = self.first(folded)
        if first is None or any(p.search(folded) for p in self.unless):
            return None
        if not self.exceptions and not self.readings:
            return first if first[1] > first[0] else self._all_spans(folded)
        return self._all_spans(folded)

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Every span of a phrase or pattern, exceptions applied (`unless` is the caller's)."""
        spans = []
        for phrase in self.phrases:
            start = folded.find(phrase)
            while start >= 0:
                spans.append((start, start + len(phrase)))
                start = folded.find(phrase, start + 1)
        for j in self.gate.possible(folded):       # the patterns that could match
            spans.extend((m.start(), m.end()) for m in self.patterns[j].finditer(folded) if m.end() > m.start())
        if not spans:
            return spans
        excepted = [(m.start(), m.end()) for p in self.exceptions for m in p.finditer(folded)]
        spans = [s for s in spans if not any(a < s[1] and s[0] < b for a, b in excepted)]
        if self.readings and spans:
            from ..text.modality import hit_holds
            spans = [s for s in spans if hit_holds(folded, s[0], s[1], self.readings)]
        return spans

    def _all_spans(self, folded: str) -> tuple[int, int] | None:
        spans = self.spans(folded)
        return min(spans) if spans else None


@dataclass(frozen=True)
class AnyMatcher:
    """Several matchers (e.g. strong complaint words, and damage reports that are not
    questions): the earliest span any of them finds."""
    matchers: tuple[Matcher, ...]

    @cached_property
    def gates(self):
        """The matchers' gates as one: one automaton scan per text, not one per matcher."""
        from ..built_cache import gate_group
        return gate_group(self.matchers)

    def find(self, folded: str) -> tuple[int, int] | None:
        return memo.FINDS.lookup(self, folded, self._find)

    def _find(self, folded: str) -> tuple[int, int] | None:
        live = self.gates.live(folded)
        spans = [s for s in (self.matchers[k].find_gated(folded) for k in sorted(live)) if s is not None]
        return min(spans) if spans else None


MATCHER_KEYS = ("phrases", "patterns", "exceptions", "unless")
# Readings of a hit a matcher may require (booleans): the hit is not negated (没有坏 / 不是质量问题),
# not inside a conditional (如果坏了…), reported as real (not 会不会坏 / 最好是裂开的 / 有色差吗).
READING_KEYS = ("not_negated", "not_conditional", "reported")


def matcher_problems(name: str, value: Any, compile_check) -> list[tuple[str, str]]:
    """Validate a {phrases, patterns, exceptions, unless} mapping option, or a list of them."""
    if isinstance(value, list) and value:
        return [p for i, item in enumerate(value) for p in matcher_problems(f"{name}[{i}]", item, compile_check)]
    if not isinstance(value, dict):
        return [(name, "应为映射 {phrases: [...], patterns: [...], exceptions: [...]}")]
    problems = []
    for key, items in value.items():
        if key in READING_KEYS:
            if not isinstance(items, bool):
                problems.append((f"{name}.{key}", "应为 true 或 false"))
            continue
        if key not in MATCHER_KEYS:
            problems.append((f"{name}.{key}", f"未知字段；允许：{', '.join(MATCHER_KEYS + READING_KEYS)}"))
        elif not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            problems.append((f"{name}.{key}", "应为非空字符串列表"))
        elif key != "phrases":
            from ..text.lexicon import expand_macros
            for pattern in items:
                problem = compile_check(expand_macros(pattern))
                if problem:
                    problems.append((f"{name}.{key}", f"{pattern!r} {problem}"))
    if not value.get("phrases") and not value.get("patterns"):
        problems.append((name, "至少需要 phrases 或 patterns 之一"))
    return problems


def build_matcher(value: dict | list, compile_regex, normalise_phrase) -> Matcher | AnyMatcher:
    if isinstance(value, list):
        return AnyMatcher(tuple(build_matcher(v, compile_regex, normalise_phrase) for v in value))
    from ..text.lexicon import expand_macros      # %part%, %party% … as in the message rules
    return Matcher(
        phrases=tuple(normalise_phrase(p, False) for p in value.get("phrases", [])),
        patterns=tuple(compile_regex(expand_macros(p)) for p in value.get("patterns", [])),
        exceptions=tuple(compile_regex(expand_macros(p)) for p in value.get("exceptions", [])),
        unless=tuple(compile_regex(expand_macros(p)) for p in value.get("unless", [])),
        readings=tuple(k for k in READING_KEYS if value.get(k) is True),
    )


class ConversationDetector:
    """Base for conversation kinds: channel filter and the parameters it reads."""
    needs_time = False
    parameter_fields: tuple[str, ...] = ()
    # message-scope engine compatibility: conversation detectors have no phrases/patterns
    phrases: tuple = ()
    patterns: tuple = ()
    case_sensitive = False
    needs_context = False

    def __init__(self, options: dict):
        self.options = options
        self.channels = tuple(options.get("channels") or ("im",))

    def applies(self, view: ConversationView) -> bool:
        return view.transcript.channel in self.channels

    def parameters(self) -> list[str]:
        return [self.options[f] for f in self.parameter_fields]
