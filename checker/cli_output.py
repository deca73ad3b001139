"""Where a command's `-o/--output` goes, the same in every command.

- none, or `-`: standard output;
- a file in a folder that does not exist yet: the folder is created;
- a path that is a folder, or a place that cannot be written: a usage error (exit 2) on
  standard error naming the path and why; never a traceback.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Optional

import typer

STDOUT = "-"


def is_stdout(path: Optional[Path]) -> bool:
    return path is None or str(path) == STDOUT


def _refuse(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def prepare(path: Path) -> Path:
    """A file path ready to be written: its folder exists; or exit 2 with the reason."""
    if path.is_dir():
        raise _refuse(f"输出路径 {path} 是一个目录：请给出文件名（如 {path / 'report.txt'}），或用 -o - 写到标准输出")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refuse(f"无法创建输出目录 {path.parent}：{exc.strerror or exc}") from None
    return path


@contextmanager
def output_stream(path: Optional[Path], encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text stream for the output: standard output, or the file (created with its folder)."""
    if is_stdout(path):
        yield sys.stdout
        return
    target = prepare(path)
    try:
        fh = target.open("w", encoding=encoding, newline=newline)
    except OSError as exc:
        raise _refuse(f"无法写入 {target}：{exc.strerror or exc}") from None
    with fh:
        yield fh


def write_text(path: Optional[Path], text: str, encoding: str = "utf-8") -> None:
    with output_stream(path, encoding=encoding) as fh:
        fh.write(text)


def write_bytes(path: Optional[Path], data: bytes) -> None:
    """Binary output (xlsx, apkg): to standard output's bytes, or to the file."""
    if is_stdout(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = prepare(path)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise _refuse(f"无法写入 {target}：{exc.strerror or exc}") from None
