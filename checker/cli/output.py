"""Where a command's report goes, the same in every command (`-o/--output`), and its
`--format` choices, taken from the outputter registry (checker/outputs.py).

- none, or `-`: standard output (the bytes of a binary format too);
- a file in a folder that does not exist yet: the folder is created;
- a path that is a folder, or a place that cannot be written: a usage error (exit 2) on
  standard error naming the path and why; never a traceback;
- an unknown format: the same usage error everywhere, listing the allowed values.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import IO, Iterator, Optional

import typer

from ..outputs import formats, output

STDOUT = "-"


@lru_cache(maxsize=None)
def format_choices(command: str) -> type[Enum]:
    """The --format choices of a command, as the Enum typer turns into a choice."""
    name = "".join(part.title() for part in command.split()) + "Format"
    return Enum(name, {f: f for f in formats(command)}, type=str)


def format_option(command: str, default: str | None = None, help: str = "输出格式"):
    choices = format_choices(command)
    return typer.Option(choices(default) if default else ..., "--format", "-f", help=help)


def output_option(help: str = "写入文件（目录不存在时自动创建；- 为标准输出）"):
    return typer.Option(None, "--output", "-o", help=help)


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
def output_stream(path: Optional[Path], encoding: str = "utf-8", newline: str | None = None,
                  binary: bool = False) -> Iterator[IO]:
    """A stream for the output: standard output, or the file (created with its folder).
    Text unless `binary`; a file's encoding and newline as given."""
    if is_stdout(path):
        if binary:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
        return
    target = prepare(path)
    try:
        fh = target.open("wb") if binary else target.open("w", encoding=encoding, newline=newline)
    except OSError as exc:
        raise _refuse(f"无法写入 {target}：{exc.strerror or exc}") from None
    with fh:
        yield fh


@contextmanager
def report_stream(command: str, fmt: str, path: Optional[Path]) -> Iterator[IO]:
    """The stream a command's report in `fmt` is written to, as the registry says (text
    or bytes, the file's encoding)."""
    spec = output(command, fmt)
    encoding = spec.encoding if not is_stdout(path) else "utf-8"
    with output_stream(path, encoding, spec.newline, spec.binary) as stream:
        yield stream


def write_text(path: Optional[Path], text: str, encoding: str = "utf-8") -> None:
    with output_stream(path, encoding=encoding) as fh:
        fh.write(text)


def write_bytes(path: Optional[Path], data: bytes) -> None:
    """Binary output (xlsx, apkg): to standard output's bytes, or to the file."""
    with output_stream(path, binary=True) as fh:
        fh.write(data)


def report_written(path: Optional[Path]) -> None:
    """Say where a report went when it went to a file (standard error)."""
    if not is_stdout(path):
        typer.echo(f"已写入 {path}", err=True)
