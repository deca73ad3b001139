"""A candidate that a durable rule fired on, as the Finding the reports show."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Finding, Transcript

if TYPE_CHECKING:
    from .kinds.base import Candidate
    from .kinds.conversation_base import ConversationCandidate
    from .policy import Rule


def message_finding(transcript: Transcript, index: int, rule: Rule, candidate: Candidate) -> Finding:
    text = transcript.messages[index].text
    first = candidate.hits[0]
    details = {}
    if len(candidate.hits) > 1:
        details["spans"] = [[h.start, h.end] for h in candidate.hits]
    return Finding(
        rule=rule.id, norm=rule.norm, message=index, span=(first.start, first.end),
        text=text[first.start:first.end], level=rule.level, points=rule.points,
        title=rule.title, reason=rule.message, suggestion=rule.suggestion,
        source=rule.source.cite(), details=details,
    )


def conversation_finding(transcript, rule: Rule, candidate: ConversationCandidate) -> Finding:
    index, span = candidate.message, candidate.span
    text = transcript.messages[index].text[span[0]:span[1]] if index is not None and span else ""
    return Finding(rule=rule.id, norm=rule.norm, message=index, span=span, text=text, level=rule.level,
                   points=rule.points, title=rule.title, reason=rule.message, suggestion=rule.suggestion,
                   source=rule.source.cite(), details=dict(candidate.details))
