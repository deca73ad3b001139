"""Plain value objects shared by loaders, the engine, reporters and the quiz.

Nothing here knows about YAML, durable-rules or output formats.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ROLES = ("customer", "agent", "system")
CHANNELS = ("im", "phone")


@dataclass(slots=True)
class Message:
    index: int                      # 0-based position in the transcript
    role: str                       # customer | agent | system
    text: str
    at: datetime | None = None      # resolved timestamp, None when absent
    speaker: str | None = None      # nickname / sub-account when the source names one


@dataclass(slots=True)
class Transcript:
    id: str
    agent: str
    messages: list[Message]
    channel: str = "im"
    customer: str | None = None
    started_at: datetime | None = None
    service_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    outcome: dict[str, Any] = field(default_factory=dict)
    origin: str = ""                # "file" or "file:line" where it was read, for messages to users
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept and ignored

    @property
    def timed(self) -> bool:
        """Every message has a time (asked several times per chat: a plain loop, no generator)."""
        for m in self.messages:
            if m.at is None:
                return False
        return bool(self.messages)


@dataclass(slots=True, frozen=True)
class LoadError:
    """A transcript (or a whole file) that could not be read; reported and skipped."""
    file: str
    location: str                   # "line 12", "record 3", "" for the whole file
    reason: str                     # what is wrong and how to fix it, in Chinese for users

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "location": self.location, "error": self.reason}

    def __str__(self) -> str:
        where = f"{self.file}:{self.location}" if self.location else self.file
        return f"{where}: {self.reason}"


@dataclass(slots=True, frozen=True)
class Finding:
    rule: str
    norm: str
    message: int | None             # index of the message the finding points at
    span: tuple[int, int] | None    # [start, end) in the original message text
    text: str                       # the offending words, as written
    level: str                      # error | warning | review
    points: int
    title: str
    reason: str                     # the rule's message: why it is wrong
    suggestion: str
    source: str                     # "004 第四条 C4：「…」"
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def matched_rules(self) -> tuple[str, ...]:
        """This finding's rule and the rules of its norm merged into it (checker/norm_merge.py)."""
        return (self.rule, *self.details.get("also_rules", ()))

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "norm": self.norm,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "text": self.text,
            "level": self.level,
            "points": self.points,
            "title": self.title,
            "reason": self.reason,
            "suggestion": self.suggestion,
            "source": self.source,
        }
        out.update(self.details)
        return out


@dataclass
class TranscriptResult:
    transcript: Transcript
    findings: list[Finding]
    policy_version: str
    metrics: dict = field(default_factory=dict)
    judged_on: str | None = None          # the date whose parameters were applied
    timing_skipped: bool = False          # timing rules skipped: the chat has no timestamps
    errors: list[dict] = field(default_factory=list)   # messages skipped: over the regex time budget

    @property
    def score(self) -> int:
        """100 minus the points of the findings, floored at 0 (a per-chat quality score)."""
        return max(0, 100 - sum(f.points for f in self.findings))


LEVELS = ("review", "warning", "error")   # ascending severity


def level_at_least(level: str, threshold: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index(threshold)
