"""Wire loaders, engine and a reporter for one `kefu check` run, streaming.

When a response-deadline rule is active, the deadline depends on how many chats each
agent has open. A small input (under PARALLEL_BYTES) is read once and held; a big one is
read twice: a first pass records when each accepted chat opens and closes (a duplicate id
or a rejected record never counts), the second checks; the first HELD bytes are read whole
by the first pass and kept for the second (read once), here with --jobs 1, in the worker
that read them with --jobs N (checker/pool.py). With a ledger recorder the
concurrency is counted over every stored chat of the agent as well
(checker/ledger/timing.py), so findings do not depend on how the chats were batched;
without one, over the chats of this run, and the summary says so.

The check pass is cut into tasks (checker/pipeline.py), done in `jobs` worker processes
when the input is big enough to pay for them, else here; either way the results come
back in input order, and the duplicate ids, the summary, the recorder, the sink and the
reporter see them here, one at a time, in that order: the output does not depend on `jobs`.
"""
from __future__ import annotations

import os
from datetime import date
from typing import Iterable, Iterator

from .conversation import Workload, chat_interval
from .model import LoadError, Transcript
from .pipeline import (Checker, Rendered, check_one, duplicate_error, iter_tasks, order_error,  # noqa: F401
                       task_items, task_size)
from .pool import Pool
from .workers import forks, task_intervals, warm
from .privacy import mask_text
from .progress import Progress
from .report import RunSummary, get_reporter
from .seen import SeenIds

PARALLEL_BYTES = 2 * 1024 * 1024      # smaller inputs are checked here: workers would cost more
HELD = 8 * 1024 * 1024                # --jobs 1: input bytes the first pass keeps loaded for the check
                                      # (read once; about 2.7 bytes of memory per byte of .jsonl)
Interval = tuple[str, str, float, float]  # id, agent, start, end


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


def read_ahead(tasks: Iterable[tuple], budget: int, out: list) -> Iterator[tuple]:
    """The first pass here: the records of every task, in input order, each task appended
    to `out` once read. The first tasks, up to `budget` bytes of input, are read whole and
    appended loaded, for the check (their records are read once); the rest are read lean
    and read again by the check. The records stream: only the loaded tasks are held."""
    from .loaders.lean import full_interval
    held = 0
    for task in tasks:
        size = task_size(task)
        if task[0] != "error" and held + size <= budget:
            held += size
            task = _loaded(task)
            out.append(task)
            yield from (full_interval(item) for item in task[1] if isinstance(item, Transcript))
        else:
            out.append(task)
            yield from task_intervals(task)


def _drained(tasks: list) -> Iterator[tuple]:
    """The tasks of a list in order, each let go once taken (a loaded task's chats are
    freed once checked)."""
    tasks.reverse()
    while tasks:
        yield tasks.pop()


def _loaded(task: tuple) -> tuple:
    """A task with its records read: ("items", [Transcript | LoadError], size)."""
    if task[0] == "error":
        return ("items", [task[1]], 0)
    return ("items", list(task_items(task)), task_size(task))


def accepted_intervals(items: Iterable) -> tuple[list[Interval], set[str]]:
    """(id, agent, start, end) of every accepted timed chat, and the ids of all accepted
    chats: the first of an id, in time order; what the check rejects never counts."""
    return _accepted((item.id, item.agent, order_error(item) is None, chat_interval(item))
                     for item in items if isinstance(item, Transcript))


def _accepted(records: Iterable[tuple]) -> tuple[list[Interval], set[str]]:
    """`accepted_intervals` of (id, agent, in time order, span or None) records."""
    out: list[Interval] = []
    ids: set[str] = set()
    seen: set[str] = set()
    for tid, agent, ordered, span in records:
        if tid in seen:
            continue
        seen.add(tid)
        if ordered:
            ids.add(tid)
            if span is not None:
                out.append((tid, agent, *span))
    return out, ids


def _all_items(paths) -> Iterator:
    from .loaders import iter_transcripts
    yield from iter_transcripts(paths)


def _workload(intervals: list[Interval], ids: set[str], recorder=None) -> Workload:
    if recorder is not None:
        return recorder.workload(intervals, ids)
    workload = Workload()
    for _, agent, start, end in intervals:
        workload.add_span(agent, start, end)
    workload.freeze()
    return workload


GC_GEN0 = 20_000       # young-generation threshold while a run checks (default 700), measured on the bench


def run_check(policy, paths, fmt: str, stream, only=None, as_of: date | None = None, sink=None,
              jobs: int = 1, progress: bool = False, recorder=None, month: str | None = None) -> RunSummary:
    """See `_run_check`. The run's long-lived objects (the rule base, the engine, the
    workload) are moved out of the collector's reach while it runs (`gc.freeze`): a full
    collection no longer walks them again and again, and forked workers no longer copy the
    pages the walk would write to. They are handed back when the run ends."""
    import gc
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_GEN0, *thresholds[1:])    # fewer young collections: most allocations are per chat
    try:
        return _run_check(policy, paths, fmt, stream, only, as_of, sink, jobs, progress, recorder, month)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run_check(policy, paths, fmt: str, stream, only=None, as_of: date | None = None, sink=None,
               jobs: int = 1, progress: bool = False, recorder=None, month: str | None = None) -> RunSummary:
    """`sink(result)`, when given, sees each result before the reporter, in input order.
    `recorder` (a ledger Recorder) records each result, counts concurrency over the ledger
    and refuses chats with no date at all; with a recorder or a sink an error while checking
    aborts the run (all or nothing), without, it skips only that chat, reported as an input
    error. `month` (YYYY-MM) dates chats whose messages carry none. `jobs` > 1 checks in
    that many processes (big inputs only); `progress` shows a progress bar on standard
    error once the run takes a while."""
    from .engine import Engine, needs_workload
    sinks = [s for s in (recorder.add if recorder is not None else None, sink) if s is not None]
    strict = bool(sinks)
    workload = None
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    render_json = fmt == "json" and not sinks
    size = _input_bytes(paths)
    tasks = iter_tasks(paths)
    small = size < PARALLEL_BYTES
    parallel = jobs > 1 and not small
    # forked workers inherit this engine, built and warmed here, instead of each building
    # and compiling its own
    inherit = parallel and forks()
    concurrent = needs_workload(policy, only)

    import gc
    pool = None
    if small:                      # read once, held in memory, concurrency from what was read
        tasks = [_loaded(task) for task in tasks]
        if concurrent:
            workload = _workload(*accepted_intervals(i for task in tasks for i in task[1]), recorder)
    elif concurrent and not parallel:      # the first pass here: read once as far as HELD allows
        tasks = []
        workload = _workload(*_accepted(read_ahead(iter_tasks(paths), HELD, tasks)), recorder)
        tasks = _drained(tasks)
    engine = Engine(policy, only)
    if inherit:
        warm(engine, paths)
    gc.freeze()                    # the engine as warmed (and the workload): kept all run
    try:
        if parallel:               # both passes in one pool of workers (they inherit the engine)
            pool = Pool(jobs, (policy, only, None, as_of, render_json, engine if inherit else None, month,
                               recorder is not None, strict), HELD if concurrent else 0)
            if concurrent:         # the first pass: each worker keeps what it read whole, for the check
                workload = _workload(*_accepted(pool.read(iter_tasks(paths))), recorder)
                gc.freeze()
            done = pool.check(workload, () if concurrent else iter_tasks(paths))
        else:
            checker = Checker(policy, only, workload, as_of, render_json, engine, month, recorder is not None,
                              strict)
            done = ((task, checker.process(task)) for task in tasks)
        timed, days = _report(done, summary, reporter, sinks, size if progress else 0)
    finally:
        if pool is not None:
            pool.close()
    finish_notices(summary, engine, policy, as_of, days)
    if recorder is not None:
        recorder.settle(policy, summary)
    if engine.needs_workload and timed:
        summary.notices.append(_basis_notice(recorder))
    reporter.finish(summary)
    return summary


def _report(done, summary: RunSummary, reporter, sinks: list, size: int) -> tuple[int, list]:
    """The results, in input order, to the summary, the sinks and the reporter: (the number
    of timed chats, the day each chat was judged on)."""
    seen = SeenIds()
    timed = 0
    days: list[str | None] = []
    with Progress(size) as bar:
        for task, outcomes in done:
            for tid, origin, payload in outcomes:
                if tid is not None:
                    first = seen.first(tid, origin)
                    if first is not None:
                        payload = LoadError(origin, "", duplicate_error_text(tid, first))
                if isinstance(payload, LoadError):
                    summary.errors.append(LoadError(payload.file, payload.location, mask_text(payload.reason)))
                    summary.skipped += 1
                    continue
                if isinstance(payload, Rendered):
                    summary.add_counts(payload.messages, payload.timing_skipped, payload.marks)
                    timed += not payload.timing_skipped
                    reporter.fragment(payload.fragment)
                else:
                    summary.add(payload)
                    timed += payload.transcript.timed
                    for each in sinks:
                        each(payload)
                    reporter.transcript(payload)
                days.append(payload.judged_on)
                summary.errors.extend(message_errors(origin, tid, payload.errors))
            bar.advance(task_size(task))
    seen.close()
    return timed, days


def message_errors(origin: str, tid: str, errors) -> list[LoadError]:
    """A checked chat's messages that overran the regex time budget: reported with the
    chat's place, the run goes on (the rest of the chat was judged)."""
    return [LoadError(origin or tid, f"messages[{e['message']}]", f"会话 {tid}：{e['error']}") for e in errors or []]


def duplicate_error_text(tid: str, first: str) -> str:
    return f"会话 id {tid!r} 重复（首次出现在 {first}）：同一次检查中 id 必须唯一，请改名后重试"


def finish_notices(summary: RunSummary, engine, policy, as_of: date | None, days: list[str | None]) -> None:
    """What the summary says of the run as a whole: chats without timestamps, and chats
    dated before the first parameter's date (judged by the earliest values)."""
    if summary.untimed and engine.timing_rules:
        summary.notices.append(
            f"{summary.untimed} 个会话没有时间戳，已跳过计时规则（{', '.join(engine.timing_rules)}），其他规则照常检查")
    if policy.parameters is None:
        return
    early: dict[tuple, tuple] = {}    # early parameters -> (a ParameterSet, the days judged by earliest values)
    known: dict = {}                  # day -> its parameters: a run has few distinct days and many chats
    for day in days:
        params = known.get(day)
        if params is None:
            params = known[day] = policy.parameters.on(as_of or (date.fromisoformat(day) if day else None)
                                                       or date.today())
        if params.early:
            early.setdefault(params.early, (params, []))[1].append(params.on)
    for params, judged in early.values():
        summary.notices.append(f"{len(judged)} 个会话的{params.early_notice(judged)}")


def _basis_notice(recorder) -> str:
    if recorder is None:
        return ("同时接待数（决定 20 秒/60 秒响应时限）只统计了本次检查中的会话：请把一个班次的会话一起检查；"
                "记入台账（--record）时按台账中该客服的全部会话统计")
    s = recorder.stats
    text = "同时接待数（决定 20 秒/60 秒响应时限）按台账中该客服的全部会话统计，与分几次记录无关"
    if s.recomputed:
        text += f"；与本次会话时间重叠的 {s.recomputed} 个已记录会话已重算响应时限"
    if s.stale:
        text += f"；{s.stale} 个重叠的已记录会话是按其他版本的规则库判定的，未重算（可用 kefu rescore 重新判定）"
    return text
