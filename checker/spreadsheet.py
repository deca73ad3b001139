"""Cells for CSV and XLSX outputs that a spreadsheet never runs as formulas.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is what Excel,
LibreOffice and Sheets treat as a formula (CSV injection, OWASP); such a cell gets a
leading apostrophe, which shows the text as written. Numbers stay numbers, and so does
text that is only a number (`-10`).
"""
from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def safe_row(row) -> list:
    return [safe_cell(v) for v in row]
