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
    raws = block.split(b"\n")
    ended = block.endswith(b"\n")
    if ended:
        raws.pop()                       # after the last break: nothing
    try:
        texts = block.decode(encoding).split("\n")
    except UnicodeDecodeError:
        texts = None
    for k, raw in enumerate(raws):
        if texts is not None:
            text = texts[k]
        else:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:  # the file changed since it was sniffed
                problem = _undecodable(number + k)
                yield LoadError(file, problem.location, problem.reason)
                return
        if (ended or k < len(raws) - 1) and text.endswith("\r"):
            text = text[:-1]
        if number + k == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if text.strip():
            yield number + k, text
