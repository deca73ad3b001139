"""The contract every detector kind keeps (after yamllint's rule modules).

A kind module defines ``KIND`` (its name), ``FIELDS`` (typed options with defaults) and
``build(rule, options) -> Detector``. A Detector is pure: given one message's view it
yields the hits, nothing else; deciding whether a hit becomes a finding is the engine's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..normalize import from_address
from ..text import safety


@dataclass(frozen=True)
class Field:
    name: str
    type: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    doc: str = ""
    item_type: type | None = None     # for lists: the type of each item


class MessageView:
    """One message as the detectors see it: original text plus normalised copies. The
    customer's previous round, normalised (`context_folded`), is computed on first use
    from `context_lines` when it is not given (only context rules with a hit read it)."""
    __slots__ = ("index", "text", "folded", "cased", "turn", "_context", "_context_lines", "_analysis", "_guards",
                 "_words")

    def __init__(self, index: int, text: str, folded: str, cased: str, context_folded: str | None = "",
                 turn: Any = None, context_lines: list[str] | None = None):
        self.index = index
        self.text = text
        self.folded = folded              # normalised, lower case
        self.cased = cased                # normalised, case kept
        self.turn = turn                  # text.TurnContext: the round, the agent's next messages
        self._context = context_folded if context_lines is None else None
        self._context_lines = context_lines
        self._analysis = None
        self._guards = None
        self._words = None

    def words(self, cased: bool) -> tuple[str, int]:
        """The normalised text from its first word after blanks and address words (亲，/ 您好 …:
        checker/normalize.py from_address), and how many characters were skipped (a pattern's ^
        is the start of what the message says): computed once for all detectors."""
        if self._words is None:
            folded = from_address(self.folded)
            self._words = (folded, folded if self.cased is self.folded else from_address(self.cased))
        return self._words[1 if cased else 0]

    def guard_text(self, cased: bool) -> str:
        """The text `unless` guards are tested on: a merged template's banner and tips blanked
        (checker/text/frame.py), so 会员日满300减30 in its tips cancels no rule of the answer."""
        if self._guards is None:
            from ..text.frame import boilerplate_blanked
            folded = boilerplate_blanked(self.folded)
            self._guards = (folded, folded if self.cased is self.folded else boilerplate_blanked(self.cased))
        return self._guards[1 if cased else 0]

    @property
    def context_folded(self) -> str:
        """The customer's previous round, normalised."""
        if self._context is None:
            from ..normalize import normalise
            self._context = normalise("\n".join(self._context_lines), True)
        return self._context

    def analysis(self, dictionary=None):
        """The text analysis of this message, built on first use (most messages never need it)."""
        if self._analysis is None:
            from ..text import Analysis, TurnContext
            self._analysis = Analysis(self.folded, self.turn or TurnContext(), dictionary)
        return self._analysis


@dataclass(frozen=True)
class Hit:
    start: int
    end: int


@dataclass
class Candidate:
    """What a detector found in one message, before the engine decides."""
    hits: list[Hit]
    guarded: bool = False             # an `unless` pattern matched in the message
    in_context: bool = True           # the context condition holds (always true without one)


# Conditions on facts about a hit (checker/text): option -> (fact, the value it requires).
# The engine posts the facts with each hit; the rule's durable-rules condition tests them.
FACT_OPTIONS = {
    "whole_word": ("word", True),
    "not_negated": ("negated", False),
    "not_conditional": ("conditional", False),
    "clause_head": ("head", True),
    "answers_request": ("request", True),
    "not_how_to": ("how_to", False),
    "bare": ("remedied", False),
    "not_followed": ("followed", False),
    "unexplained": ("explained", False),
}
FACT_DOCS = {
    "whole_word": "the hit starts and ends on word boundaries (segmenter + policies/dictionary.txt)",
    "not_negated": "no negator (不用/不是/不会/别 …) just before the hit in its clause",
    "not_conditional": "the hit is not inside 如果/要是/万一 … or …的话",
    "clause_head": "only fillers (亲, 这个, 我们这边, 也 …) stand before the hit in its clause",
    "answers_request": "the customer's open round asks or requests something (or the chat starts mid-way)",
    "not_how_to": "the customer's open round does not ask how or where to look something up or do a step",
    "bare": "no apology, reason, alternative or next step elsewhere in the message",
    "not_followed": "the agent's following messages of the same turn (before the customer speaks again) carry none either",
    "unexplained": "no other clause of the message explains (a case reason or fact that is not itself a refusal)",
}

COMMON_FIELDS = (
    Field("exceptions", list, [], doc="regexes; a match overlapping a hit cancels it", item_type=str),
    Field("unless", list, [], doc="regexes; a match anywhere in the message cancels the rule there", item_type=str),
    Field("case_sensitive", bool, False, doc="match without folding case (e.g. shouting capitals)"),
) + tuple(Field(name, bool, False, doc=doc) for name, doc in FACT_DOCS.items())


def required_facts(options: dict) -> dict[str, bool]:
    """The fact conditions a rule's options ask for: {fact: required value}."""
    return dict(FACT_OPTIONS[name] for name in FACT_OPTIONS if options.get(name))


@dataclass
class Detector:
    """Shared machinery: literal phrases (found by the engine's Aho-Corasick pre-pass),
    regex patterns, overlap exceptions, message-wide `unless` guards, optional context."""
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    exceptions: tuple[re.Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()
    case_sensitive: bool = False
    context_phrases: tuple[str, ...] = ()
    context_patterns: tuple[re.Pattern, ...] = ()
    needs_context: bool = False
    facts: dict = field(default_factory=dict)     # required facts about a hit (FACT_OPTIONS)

    def subject(self, view: MessageView) -> tuple[str, int]:
        """The text the patterns read (normalised, case kept if the rule asks) from its first
        word after blanks and address words, and how many characters were skipped."""
        return view.words(self.case_sensitive)

    def pattern_hits(self, view: MessageView, which=None) -> Iterator[Hit]:
        """Hits of the patterns (`which`: the indexes of those that could match, found by
        the engine's literal prefilter; None: all)."""
        body, lead = self.subject(view)
        patterns = self.patterns if which is None else [self.patterns[j] for j in which]
        for pattern in patterns:
            for match in safety.finditer(pattern, body):
                if match.end() > match.start():
                    yield Hit(match.start() + lead, match.end() + lead)

    def examine(self, view: MessageView, phrase_hits: list[Hit], which=None) -> Candidate | None:
        """Filter raw hits (from the pre-pass and own patterns) into a candidate; `which`:
        the patterns to run (None: all)."""
        candidate = self.examine_text(view, phrase_hits, which)
        if candidate is not None and self.needs_context:
            candidate.in_context = self.in_context(view)
        return candidate

    def in_context(self, view: MessageView) -> bool:
        """Whether the customer's previous round holds the rule's context."""
        ctx = view.context_folded
        return any(p in ctx for p in self.context_phrases) or any(safety.search(p, ctx) for p in self.context_patterns)

    def examine_text(self, view: MessageView, phrase_hits: list[Hit], which=None) -> Candidate | None:
        """`examine` without the context condition (in_context left True): what the
        message's text alone decides."""
        hits = phrase_hits + list(self.pattern_hits(view, which))
        if not hits:
            return None
        body, lead = self.subject(view)
        if self.exceptions:
            excepted = [(m.start() + lead, m.end() + lead) for p in self.exceptions for m in safety.finditer(p, body)]
            hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in excepted)]
            if not hits:
                return None
        hits.sort(key=lambda h: (h.start, -h.end))
        guard = from_address(view.guard_text(self.case_sensitive))[0] if self.unless else body
        return Candidate(hits, any(safety.search(p, guard) for p in self.unless))


def field_map(*groups: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for group in groups for f in group}
