"""The lines of a byte range of a .jsonl file, read as `iter_lines` reads the whole file.

`kefu check` cuts a big .jsonl file into ranges of whole lines (checker/pipeline.py) that
the worker processes read themselves: the main process only counts line breaks, and no
line is sent to a worker.
"""
from __future__ import annotations

from typing import Iterator

from ..model import LoadError
from .encoding import _undecodable


def has_record(block: bytes, encoding: str, first: bool) -> bool:
    """Whether a block of whole lines holds a non-blank one (the file's `first` block: after its BOM)."""
    try:
        text = block.decode(encoding)
    except UnicodeDecodeError:          # the file changed since it was sniffed: the worker reports it
        return True
    if first and text.startswith("\ufeff"):
        text = text[1:]
    return any(line.strip() for line in text.split("\n"))


def range_lines(task: tuple) -> Iterator[tuple[int, str] | LoadError]:
    """The non-blank lines of a ("range", …) task as (line number, text), read as
    `iter_lines` reads them (breaks on "\\n" only, a "\\r\\n" removed, a leading BOM
    dropped); a line that no longer decodes ends the range with a LoadError."""
    _, file, offset, length, number, _, encoding = task
    try:
        with open(file, "rb") as fh:
            fh.seek(offset)
            block = fh.read(length)
    except OSError as exc:
        yield LoadError(file, "", f"无法读取文件：{exc.strerror or exc}")
        return
    ended = block.endswith(b"\n")
    try:        # "\n" is one byte 0x0A in UTF-8 and GB18030, and never inside a character
        lines = block.decode(encoding).split("\n")
        raws = None
    except UnicodeDecodeError:
        lines = raws = block.split(b"\n")
    if ended:
        lines.pop()                      # after the last break: nothing
    last = len(lines) - 1
    for k, text in enumerate(lines):
        if raws is not None:
            try:
                text = raws[k].decode(encoding)
            except UnicodeDecodeError:  # the file changed since it was sniffed
                problem = _undecodable(number + k)
                yield LoadError(file, problem.location, problem.reason)
                return
        if (ended or k < last) and text.endswith("\r"):
            text = text[:-1]
        if number + k == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if text.strip():
            yield number + k, text
