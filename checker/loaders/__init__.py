"""Reading transcripts from files and directories.

    for item in iter_transcripts(["transcripts/", "chat.jsonl"]):
        if isinstance(item, LoadError): ...   # report and go on
        else: ...                              # a Transcript

Formats: canonical .yaml/.yml/.json/.jsonl, and for .txt the JDDC export or the
千牛 chat-record export (detected from the first lines). Items are streamed: at
most one file's transcripts are held at a time (.jsonl and .txt line by line).
Every problem becomes a LoadError; nothing a file contains makes this raise.
Location strings: "第 12 行" (line-based formats), "第 3 条记录" (1-based record
of a JSON array / YAML sequence), "第 3 条记录 messages[4]" (0-based message in
it), "第 5 行第 7 列" (syntax errors), "" (the whole file or a single-record file).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from checker.loaders.canonical import load_json, load_jsonl, load_yaml
from checker.loaders.detect import detect_text_format
from checker.loaders.encoding import LoaderProblem, load_text, sniff_encoding
from checker.loaders.jddc import load_jddc
from checker.loaders.walk import walk
from checker.loaders.qianniu import load_qianniu
from checker.model import LoadError, Transcript

__all__ = ["SUFFIXES", "LoaderProblem", "iter_transcripts", "load_file", "load_text"]

Item = Transcript | LoadError


def _load_txt(path: Path) -> Iterator[Item]:
    encoding = sniff_encoding(path)
    loader = load_jddc if detect_text_format(path, encoding) == "jddc" else load_qianniu
    yield from loader(path, encoding)


LOADERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    ".yaml": load_yaml, ".yml": load_yaml, ".json": load_json, ".jsonl": load_jsonl, ".txt": _load_txt,
}
SUFFIXES = tuple(LOADERS)


def load_file(path: str | Path) -> Iterator[Item]:
    """Transcripts and LoadErrors from one file of a supported suffix."""
    path = Path(path)
    file = str(path)
    count = 0
    try:
        for item in LOADERS[path.suffix.lower()](path):
            count += 1
            yield item
    except LoaderProblem as problem:
        count += 1
        yield LoadError(file, problem.location, problem.reason)
    except OSError as exc:
        count += 1
        yield LoadError(file, "", f"无法读取文件：{exc.strerror or exc}")
    if count == 0:
        yield LoadError(file, "", "文件里没有任何会话记录")


def _walk(directory: Path) -> Iterator[Path | LoadError]:
    """Supported files below ``directory``, depth first in name order; hidden entries skipped."""
    for found in walk(directory, lambda p: p.suffix.lower() in LOADERS):
        yield found if isinstance(found, Path) else LoadError(str(found[0]), "", found[1])


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | LoadError]:
    """The supported files among the given files and directories, in order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield LoadError(str(path), "", "文件或目录不存在：请检查路径")
        elif path.suffix.lower() not in LOADERS:
            yield LoadError(str(path), "", f"不支持的文件类型「{path.suffix or '无后缀'}」："
                                           f"支持 {'、'.join(SUFFIXES)}，或者一个目录")
        else:
            yield path


def iter_transcripts(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every transcript (or LoadError) in the given files and directories, in order."""
    for found in iter_files(paths):
        if isinstance(found, LoadError):
            yield found
        else:
            yield from load_file(found)
