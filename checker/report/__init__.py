"""Outputters: one result model, several renderings. Rule logic never lives here."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import LoadError, level_at_least


@dataclass
class RunSummary:
    transcripts: int = 0
    messages: int = 0
    findings: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_norm: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    errors: list[LoadError] = field(default_factory=list)
    policy_version: str = ""
    untimed: int = 0                       # chats whose timing rules were skipped
    notices: list[str] = field(default_factory=list)

    def add(self, result) -> None:
        self.add_counts(len(result.transcript.messages), result.timing_skipped,
                        [(f.level, f.norm) for f in result.findings])

    def add_counts(self, messages: int, timing_skipped: bool, marks: list[tuple[str, str]]) -> None:
        """One checked transcript: its messages, and (level, norm) of each finding."""
        self.transcripts += 1
        self.messages += messages
        self.untimed += int(timing_skipped)
        for level, norm in marks:
            self.findings += 1
            self.by_level[level] = self.by_level.get(level, 0) + 1
            self.by_norm[norm] = self.by_norm.get(norm, 0) + 1

    def failing(self, threshold: str | None) -> int:
        if threshold is None:
            return 0
        return sum(n for level, n in self.by_level.items() if level_at_least(level, threshold))

    def to_dict(self) -> dict:
        return {
            "transcripts": self.transcripts, "messages": self.messages, "findings": self.findings,
            "by_level": self.by_level, "by_norm": self.by_norm, "skipped": self.skipped,
            "untimed": self.untimed, "notices": self.notices,
        }


def get_reporter(fmt: str, stream):
    """The reporter of a format; `FORMAT:summary` (--summary-only) shows only the summary."""
    from ..outputs import renderer           # the registry names each format's reporter class
    name, _, mode = fmt.partition(":")
    reporter = renderer("check", name)(stream)
    return SummaryOnly(reporter) if mode == "summary" else reporter


class SummaryOnly:
    """Passes the start and the summary through, never a transcript."""
    def __init__(self, reporter):
        self.reporter = reporter

    def start(self, policy) -> None:
        self.reporter.start(policy)

    def transcript(self, result) -> None:
        pass

    def finish(self, summary) -> None:
        self.reporter.finish(summary)


def excerpt(text: str, span: tuple[int, int] | None, width: int = 60) -> tuple[str, int, int]:
    """Cut a long message around the span; return (excerpt, start, end) of the span in it."""
    if span is None:
        return text[: width * 2], 0, 0
    start, end = span
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return prefix + text[lo:hi] + suffix, start - lo + len(prefix), end - lo + len(prefix)
