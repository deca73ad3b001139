"""Wire loaders, engine and a reporter for one `kefu check` run, streaming.

When a response-deadline rule is active, the deadline depends on how many chats each
agent has open, over the whole run. A small input (under PARALLEL_BYTES) is read once and
held; a big one is read twice: a first, light pass records when each agent's chats open
and close, the second checks. Neither pass holds a big corpus in memory.

The check pass is cut into tasks (checker/pipeline.py), done in `jobs` worker processes
when the input is big enough to pay for them, else here; either way the results come
back in input order, and the duplicate ids, the summary, the sink and the reporter see
them here, one at a time, in that order: the output does not depend on `jobs`.
"""
from __future__ import annotations

import os
from datetime import date

from .conversation import Workload
from .model import LoadError
from .pipeline import Checker, Rendered, iter_tasks, run_parallel, task_size
from .progress import Progress
from .report import RunSummary, get_reporter
from .seen import SeenIds

PARALLEL_BYTES = 2 * 1024 * 1024      # smaller inputs are checked here: workers would cost more


def _workload(paths) -> Workload:
    from .loaders.intervals import add_intervals
    workload = Workload()
    add_intervals(paths, workload)
    workload.freeze()
    return workload


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _input_bytes(paths) -> int:
    from .loaders import iter_files
    total = 0
    for found in iter_files(paths):
        if not isinstance(found, LoadError):
            try:
                total += found.stat().st_size
            except OSError:
                pass
    return total


def _loaded(task: tuple) -> tuple:
    """A task with its records read: ("items", [Transcript | LoadError], size)."""
    from .loaders import load_file
    from .loaders.canonical import jsonl_record
    if task[0] == "error":
        return ("items", [task[1]], 0)
    if task[0] == "file":
        return ("items", list(load_file(task[1])), task[2])
    return ("items", [jsonl_record(task[1], number, line) for number, line in task[2]], task[3])


def run_check(policy, paths, fmt: str, stream, only=None, as_of: date | None = None, sink=None,
              jobs: int = 1, progress: bool = False) -> RunSummary:
    """`sink(result)`, when given, sees each result before the reporter (the ledger records
    it), in input order; with a sink, an error while checking aborts the run (all or
    nothing), without one it skips only that chat, reported as an input error. `jobs` > 1 checks in that many processes (big inputs only);
    `progress` shows a progress bar on standard error once the run takes a while."""
    from .engine import Engine
    engine = Engine(policy, only)
    workload = None
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    render_json = fmt == "json" and sink is None
    size = _input_bytes(paths)
    tasks = iter_tasks(paths)
    if size < PARALLEL_BYTES:        # small: read once, held in memory, concurrency from what was read
        tasks = [_loaded(task) for task in tasks]
        if engine.needs_workload:
            workload = Workload()
            for task in tasks:
                for item in task[1]:
                    if not isinstance(item, LoadError):
                        workload.add(item)
            workload.freeze()
    elif engine.needs_workload:
        workload = _workload(paths)
    if jobs > 1 and size >= PARALLEL_BYTES:
        done = run_parallel(tasks, jobs, (policy, only, workload, as_of, render_json, None, sink is not None))
    else:
        checker = Checker(policy, only, workload, as_of, render_json, engine, strict=sink is not None)
        done = ((task, checker.process(task)) for task in tasks)
    seen = SeenIds()
    with Progress(size if progress else 0) as bar:
        for task, outcomes in done:
            for tid, origin, payload in outcomes:
                if tid is not None:
                    first = seen.first(tid, origin)
                    if first is not None:
                        payload = LoadError(origin, "", f"会话 id {tid!r} 重复（首次出现在 {first}）："
                                                        f"同一次检查中 id 必须唯一，请改名后重试")
                if isinstance(payload, LoadError):
                    summary.errors.append(payload)
                    summary.skipped += 1
                elif isinstance(payload, Rendered):
                    summary.add_counts(payload.messages, payload.timing_skipped, payload.marks)
                    reporter.fragment(payload.fragment)
                else:
                    summary.add(payload)
                    if sink is not None:
                        sink(payload)
                    reporter.transcript(payload)
            bar.advance(task_size(task))
    seen.close()
    if summary.untimed and engine.timing_rules:
        summary.notices.append(
            f"{summary.untimed} 个会话没有时间戳，已跳过计时规则（{', '.join(engine.timing_rules)}），其他规则照常检查")
    reporter.finish(summary)
    return summary
