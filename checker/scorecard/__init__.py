"""Monthly scorecards from the ledger: gather (build.py), then one outputter per format.

    report = build_month(ledger, scheme, "2026-11", TargetBook(path))
    render(report, "markdown", sys.stdout)        # text | json | markdown | csv | html
    render(report, "xlsx", Path("2026-11.xlsx"))  # xlsx writes a file
"""
from __future__ import annotations

from .build import MonthReport, build_month
from .targets import TargetBook, TargetsError, load_targets, parse_promotion

FORMATS = ("text", "json", "markdown", "csv", "xlsx", "html")


def render(report: MonthReport, fmt: str, out) -> None:
    """`out`: a text stream, or a path for xlsx."""
    if fmt == "xlsx":
        from .xlsx import render as xlsx
        xlsx(report, out)
        return
    from . import csv_out, json_out, markdown, text
    from .html import render as html
    renderers = {"text": text.render, "json": json_out.render, "markdown": markdown.render, "csv": csv_out.render,
                 "html": html}
    renderers[fmt](report, out)


__all__ = ["FORMATS", "MonthReport", "TargetBook", "TargetsError", "build_month", "load_targets", "parse_promotion",
           "render"]
