"""Template files -> Template objects, with every problem as an InputError.

    .yaml / .yml       a list of entries {code, group, text, kind, expires, waive}
    .csv               the 千牛 快捷短语 export: 快捷编码, 短语内容, 分组 (+ optional 类型, 有效期至, 备注)
    .md / .markdown    one template per list item, grouped by the heading above it

A directory is walked for those suffixes (hidden entries and README/CHANGELOG/LICENSE
files skipped); a file named on the command line is always read.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ...loaders.encoding import LoaderProblem, load_text
from ...loaders.walk import walk
from ..model import InputError, Template
from ..positions import SourceText
from . import csv_templates, markdown_templates, yaml_templates

Loaded = tuple[list[Template], list[InputError]]
LOADERS: dict[str, Callable[[SourceText, str], Loaded]] = {
    ".yaml": yaml_templates.load, ".yml": yaml_templates.load,
    ".csv": csv_templates.load,
    ".md": markdown_templates.load, ".markdown": markdown_templates.load,
}
SUFFIXES = tuple(LOADERS)
_NOT_TEMPLATES = re.compile(r"^(readme|changelog|changes|license|licence|contributing)(\..*)?$", re.I)


def load_file(path: str | Path) -> Loaded:
    path = Path(path)
    file = str(path)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        return [], [InputError(file, 0, 0, f"不支持的文件类型 {path.suffix or '（无后缀）'}：快捷短语文件应为 "
                                           ".yaml/.yml、.csv（千牛导出）或 .md")]
    try:
        text = load_text(path)
    except LoaderProblem as problem:
        line = int(re.sub(r"\D", "", problem.location) or 0)
        reason = problem.reason.replace("（.yaml、.json、.jsonl 或 .txt）", "（.yaml、.csv 或 .md）")
        return [], [InputError(file, line, 0, reason)]
    except OSError as exc:
        return [], [InputError(file, 0, 0, f"无法读取文件：{exc.strerror or exc}")]
    return loader(SourceText(text), file)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The template files named or found below the given paths, each once."""
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                if isinstance(found, InputError) or _first(found, seen):
                    yield found
        elif path.is_file():
            if _first(path, seen):
                yield path
        else:
            yield InputError(str(path), 0, 0, "文件或目录不存在")


def _first(path: Path, seen: set[str]) -> bool:
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


def _walk(directory: Path) -> Iterator[Path | InputError]:
    accept = lambda p: p.suffix.lower() in LOADERS and not _NOT_TEMPLATES.match(p.name)  # noqa: E731
    for found in walk(directory, accept):
        yield found if isinstance(found, Path) else InputError(str(found[0]), 0, 0, found[1])
