"""Wire loaders, the lint engine and an outputter for one `kefu lint` run."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date

from .engine import LintEngine
from .loaders import iter_files, load_file
from .model import InputError, LintRun, LintSummary, Template
from .report import render


def collect(paths) -> tuple[list[Template], list[InputError], list[str]]:
    templates: list[Template] = []
    errors: list[InputError] = []
    files: list[str] = []
    for item in iter_files(paths):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        found, problems = load_file(item)
        files.append(str(item))
        templates.extend(found)
        errors.extend(problems)
    return templates, errors, files


@contextmanager
def paused_gc():
    """The cyclic garbage collector off while a run builds its many small objects (YAML
    nodes, tokens, findings): nothing of it is garbage until the run ends, and the
    collector's passes over them cost more than the loading itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_lint(policy, paths, fmt: str, stream, as_of: date, threshold: str | None,
             only: set[str] | None = None) -> LintSummary:
    with paused_gc():
        templates, errors, files = collect(paths)
        engine = LintEngine(policy, only)
        results = engine.lint(templates, as_of)
    summary = LintSummary(files=len(files), errors=errors)
    for result in results:
        summary.add(result, threshold)
    run = LintRun(policy_version=policy.version, rules=engine.rules, as_of=as_of, threshold=threshold,
                  results=results, summary=summary, files=files)
    render(fmt, run, stream)
    return summary


def exit_code(summary: LintSummary) -> int:
    if summary.errors:
        return 2
    return 1 if summary.failing else 0
