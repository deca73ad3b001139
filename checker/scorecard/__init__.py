"""Monthly scorecards from the ledger: gather (build.py), then one outputter per format.

    report = build_month(ledger, scheme, "2026-11", TargetBook(path))
    render(report, "markdown", sys.stdout)        # text | json | markdown | csv | html
    render(report, "xlsx", Path("2026-11.xlsx"))  # xlsx writes a file
"""
from __future__ import annotations

from ..outputs import formats, renderer
from .build import MonthReport, build_month
from .targets import TargetBook, TargetsError, load_targets, parse_promotion

FORMATS = formats("scorecard")


def render(report: MonthReport, fmt: str, out) -> None:
    """`out`: a text stream, or a binary stream or path for xlsx. The format's renderer is
    the one the registry (checker/outputs.py) names."""
    renderer("scorecard", fmt)(report, out)


__all__ = ["FORMATS", "MonthReport", "TargetBook", "TargetsError", "build_month", "load_targets", "parse_promotion",
           "render"]
