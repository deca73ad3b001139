"""The contract every detector kind keeps (after yamllint's rule modules).

A kind module defines ``KIND`` (its name), ``FIELDS`` (typed options with defaults) and
``build(rule, options) -> Detector``. A Detector is pure: given one message's view it
yields the hits, nothing else; deciding whether a hit becomes a finding is the engine's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class Field:
    name: str
    type: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    doc: str = ""
    item_type: type | None = None     # for lists: the type of each item


@dataclass
class MessageView:
    """One message as the detectors see it: original text plus normalised copies."""
    index: int
    text: str
    folded: str                       # normalised, lower case
    cased: str                        # normalised, case kept
    context_folded: str = ""          # the customer's previous round, normalised


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


COMMON_FIELDS = (
    Field("exceptions", list, [], doc="regexes; a match overlapping a hit cancels it", item_type=str),
    Field("unless", list, [], doc="regexes; a match anywhere in the message cancels the rule there", item_type=str),
    Field("case_sensitive", bool, False, doc="match without folding case (e.g. shouting capitals)"),
)


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

    def subject(self, view: MessageView) -> str:
        return view.cased if self.case_sensitive else view.folded

    def pattern_hits(self, view: MessageView) -> Iterator[Hit]:
        text = self.subject(view)
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    yield Hit(match.start(), match.end())

    def examine(self, view: MessageView, phrase_hits: list[Hit]) -> Candidate | None:
        """Filter raw hits (from the pre-pass and own patterns) into a candidate."""
        hits = phrase_hits + list(self.pattern_hits(view))
        if not hits:
            return None
        text = self.subject(view)
        if self.exceptions:
            excepted = [(m.start(), m.end()) for p in self.exceptions for m in p.finditer(text)]
            hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in excepted)]
            if not hits:
                return None
        hits.sort(key=lambda h: (h.start, -h.end))
        guarded = any(p.search(text) for p in self.unless)
        in_context = True
        if self.needs_context:
            ctx = view.context_folded
            in_context = any(p in ctx for p in self.context_phrases) or any(
                p.search(ctx) for p in self.context_patterns)
        return Candidate(hits, guarded, in_context)


def field_map(*groups: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for group in groups for f in group}
