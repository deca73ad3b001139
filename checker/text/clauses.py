"""Clauses of a message and where a hit sits in its clause."""
from __future__ import annotations

from .lexicon import (CLAUSE_BREAK, CONDITIONAL_CLOSE, CONDITIONAL_OPEN, CONSEQUENT_OF, LEADING_FILLERS, NEGATION_REACH,
                      NEGATOR, NEGATOR_ADJACENT, SENTENCE_BREAK)


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of the clauses of ``text`` (punctuation and blanks separate them)."""
    spans, start = [], 0
    for brk in CLAUSE_BREAK.finditer(text):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def clause_of(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The clause a hit starts in (a hit spanning a break still belongs to its first clause)."""
    for s, e in spans:
        if s <= start < e:
            return s, max(e, min(end, e))
    return start, end


def strip_fillers(prefix: str) -> str:
    """``prefix`` without leading filler words (greedy, longest word first: linear)."""
    return prefix[LEADING_FILLERS.match(prefix).end():]


def is_head(text: str, clause: tuple[int, int], start: int) -> bool:
    """Only filler words stand between the clause start and the hit."""
    return strip_fillers(text[clause[0]:start]) == ""


def is_negated(text: str, clause: tuple[int, int], start: int) -> bool:
    """A negator (不用/不是/不会/别 …) stands at most a few characters before the hit, or a
    bare 不 right before it (洗不缩水), unless that 不 is the A-not-A of the hit's first
    character (改不改不了, 漏不漏水)."""
    lo = max(clause[0], start - NEGATION_REACH)
    if NEGATOR.search(text, lo, start):
        return True
    adjacent = NEGATOR_ADJACENT.search(text, lo, start)
    if adjacent and adjacent.group() == "不" and start >= 2 and text[start - 2] == text[start]:
        return False
    return bool(adjacent)


def is_conditional(text: str, clauses: list[tuple[int, int]], clause: tuple[int, int], start: int, end: int) -> bool:
    """The hit is in the protasis of a conditional: 如果/要是/万一 … before it in its clause,
    或 …的话 after it in its clause, or the clause before it opens with 如果 and this clause
    still belongs to it (it ends with 的话)."""
    if CONDITIONAL_OPEN.search(text, clause[0], start):
        return True
    if CONDITIONAL_CLOSE.search(text, end, clause[1]) or text.startswith("的话", end):
        return True
    # the consequent of a protasis: the clause just before (same sentence) is 如果…(的话)
    index = clauses.index(clause) if clause in clauses else -1
    if index > 0:
        prev = clauses[index - 1]
        between = text[prev[1]:clause[0]]
        if not SENTENCE_BREAK.search(between) and CONSEQUENT_OF.search(text, prev[0], prev[1]):
            return True
    return False
