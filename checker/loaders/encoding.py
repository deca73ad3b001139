"""Reading transcript files as text: binary detection, BOM, UTF-8 then GB18030.

Two entry points:
- ``load_text(path)`` reads and decodes a whole file (for .json / .yaml);
- ``iter_lines(path)`` streams (line number, line) pairs without holding the file,
  after one streaming pass that settles the encoding.

Problems are raised as ``LoaderProblem``; the caller turns them into ``LoadError``.
"""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Iterator

CHUNK = 1 << 20
ENCODINGS = ("utf-8", "gb18030")

# C0 control bytes other than tab, newline, form feed and carriage return, plus DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class LoaderProblem(Exception):
    """Something wrong with one file (or one place in it); becomes a LoadError."""

    def __init__(self, reason: str, location: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.location = location


def _binary_problem() -> LoaderProblem:
    return LoaderProblem("这是二进制文件，不是文本：请导出为 UTF-8 文本（.yaml、.json、.jsonl 或 .txt）后再检查")


def _check_head(head: bytes) -> None:
    if head.startswith(_UTF16_BOMS):
        raise LoaderProblem("文件是 UTF-16 编码：请另存为 UTF-8（或 GB18030）后再检查")


class _BinarySniffer:
    """Counts NUL and control bytes over a stream of chunks."""

    def __init__(self) -> None:
        self.total = 0
        self.control = 0

    def feed(self, chunk: bytes) -> None:
        if b"\0" in chunk:
            raise _binary_problem()
        self.total += len(chunk)
        self.control += len(chunk) - len(chunk.translate(None, _CONTROL))

    def finish(self) -> None:
        # Real chat exports have next to no control characters; random bytes have about 11 %.
        if self.control >= 8 and self.control * 20 > self.total:
            raise _binary_problem()


def _undecodable(line: int) -> LoaderProblem:
    return LoaderProblem(
        "无法解码：既不是 UTF-8 也不是 GB18030 编码的文本。请用文本编辑器另存为 UTF-8 后再检查",
        f"第 {line} 行",
    )


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def load_text(path: str | Path) -> str:
    """The whole file as text; raises LoaderProblem when it is binary or undecodable."""
    data = Path(path).read_bytes()
    _check_head(data[:4])
    sniffer = _BinarySniffer()
    sniffer.feed(data)
    sniffer.finish()
    try:
        return _strip_bom(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
    try:
        return _strip_bom(data.decode("gb18030"))
    except UnicodeDecodeError:
        raise _undecodable(bad_line) from None


def _decodes(path: Path, encoding: str) -> int | None:
    """Stream the file through an incremental decoder: None if it decodes, else the bad line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
            lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines + 1
    return None


_SNIFFED: dict[tuple, str] = {}     # (path, size, mtime, inode) -> encoding, for this process
_SNIFFED_MAX = 1024


def sniff_encoding(path: str | Path) -> str:
    """The encoding to read ``path`` with, found by streaming it; raises LoaderProblem.
    A file read again unchanged (`kefu check` reads a big input twice) is not sniffed again."""
    path = Path(path)
    try:
        info = path.stat()
        key = (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
    except OSError:
        key = None
    known = _SNIFFED.get(key) if key is not None else None
    if known is not None:
        return known
    encoding = _sniff(path)
    if key is not None:
        if len(_SNIFFED) >= _SNIFFED_MAX:
            _SNIFFED.clear()
        _SNIFFED[key] = encoding
    return encoding


def _sniff(path: Path) -> str:
    """One streaming pass: the binary check and the UTF-8 check together (a file that is not
    UTF-8 is read once more, as GB18030). A binary file is reported as binary even where it
    is not UTF-8 either, as when the two were separate passes."""
    sniffer = _BinarySniffer()
    decoder = codecs.getincrementaldecoder("utf-8")()
    bad = None                  # (the chunk's offset, the error's start in it) where UTF-8 fails
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if offset == 0:
                _check_head(chunk[:4])
            sniffer.feed(chunk)
            if bad is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad = (offset, chunk, max(exc.start, 0))
            offset += len(chunk)
    sniffer.finish()
    if bad is None:
        try:
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            bad_line = _lines_before(path, offset) + 1
    else:
        at, chunk, start = bad
        bad_line = _lines_before(path, at) + chunk.count(b"\n", 0, start) + 1
    if _decodes(path, "gb18030") is None:
        return "gb18030"
    raise _undecodable(bad_line)


def _lines_before(path: Path, end: int) -> int:
    """The line breaks in the first `end` bytes of the file (only to name a bad line)."""
    lines = 0
    with path.open("rb") as fh:
        while end > 0 and (chunk := fh.read(min(CHUNK, end))):
            lines += chunk.count(b"\n")
            end -= len(chunk)
    return lines


def iter_lines(path: str | Path, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, text without the line break), streaming.

    Lines break on "\\n" only (a lone "\\r" stays in the text, a "\\r\\n" is removed);
    in neither UTF-8 nor GB18030 can the byte 0x0A be part of a multi-byte character.
    A leading BOM is dropped.
    """
    path = Path(path)
    encoding = encoding or sniff_encoding(path)
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if raw.endswith(b"\n"):
                raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:  # the file changed since it was sniffed
                raise _undecodable(number) from None
            yield number, (_strip_bom(text) if number == 1 else text)
