"""Positions in a template file: offsets <-> (line, column), and a template's text aligned
with the source it was read from.

A loader knows where a value starts and ends in the file but the value is not always a
verbatim slice of it (YAML quotes, escapes, block indentation and folding; CSV quoting;
Markdown list markers and continuation indentation). ``Anchor.locate`` aligns the text
with the source slice, character by character, skipping what the source adds; when the
text cannot be aligned (an escape sequence, say) the caller falls back to where the value
starts.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_NEWLINE = re.compile("\n")


class SourceText:
    """A decoded file with its line starts."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    @property
    def lines(self) -> int:
        return len(self.starts)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based (line, column)."""
        line = min(max(line, 1), len(self.starts))
        return self.starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset."""
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


@dataclass(slots=True)
class Anchor:
    """The slice [start, end) of the source that holds a template's text."""
    source: SourceText
    start: int
    end: int

    def locate(self, text: str, offset: int) -> tuple[int, int] | None:
        found = self.align(text, offset)
        return None if found is None else self.source.position(found)

    def align(self, text: str, offset: int) -> int | None:
        """The source offset of text[offset] (or of the next non-blank character)."""
        while offset < len(text) and text[offset].isspace():
            offset += 1
        if offset >= len(text):
            return None
        src = self.source.text
        cursor = self.start
        for i in range(offset + 1):
            char = text[i]
            if char.isspace():
                continue        # line breaks and indentation differ between text and source
            j = src.find(char, cursor, self.end)
            if j < 0:
                return None
            if i == offset:
                return j
            cursor = j + 1
        return None


def span_positions(template, span: tuple[int, int] | None, fld: str = "text") -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of a span of the text (end exclusive), or of
    the field's value when there is no span."""
    if span is None or span[1] <= span[0]:
        line, col = template.where(fld)
        return line, col, line, col
    line, col = template.locate(span[0])
    end_line, end_col = template.locate(span[1] - 1)
    if (end_line, end_col) < (line, col):
        end_line, end_col = line, col
    return line, col, end_line, end_col + 1
