"""The work of `kefu check` cut into tasks, done in this process or in worker processes.

The main process walks the inputs and cuts them into tasks: a .jsonl file becomes runs
of whole lines (about CHUNK bytes each, as byte ranges the worker reads itself: the file
is never held whole, and its lines are never sent to a worker), any other file is one
task. A task is loaded, put in order and checked by `process` (in a worker, or here for
--jobs 1), which returns one outcome per record in input order: (id, origin,
payload), payload a LoadError, a TranscriptResult, or a `Rendered` JSON fragment when
the run writes JSON and nothing else needs the result. The main process keeps the
duplicate ids, the summary and the output, so --jobs N writes what --jobs 1 writes.
The worker processes are checker/pool.py's (their side: checker/workers.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .model import LoadError, Transcript

CHUNK = 128 * 1024             # bytes of .jsonl lines per task (small: the last tasks of a run keep every worker busy)
GROUP = 64                     # chats checked together: their durable-rules events go as one session


@dataclass(slots=True)
class Rendered:
    """A checked transcript as its JSON text, with what the summary counts."""
    fragment: str
    messages: int
    timing_skipped: bool
    marks: list[tuple[str, str]]   # (level, norm) of each finding
    judged_on: str | None = None   # the day whose parameters judged it (its own, or its source's)
    errors: list = None            # messages skipped: over the regex time budget


# ---- tasks (main process) ------------------------------------------------------------------
def iter_tasks(paths: Iterable[str | Path]) -> Iterator[tuple]:
    """("error", LoadError) | ("file", path, size) | ("range", file, offset, length, first, last, encoding)."""
    from .loaders import iter_files
    for found in iter_files(paths):
        if isinstance(found, LoadError):
            yield ("error", found)
        elif found.suffix.lower() == ".jsonl":
            yield from _jsonl_tasks(found)
        else:
            yield ("file", str(found), _size(found))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _jsonl_tasks(path: Path) -> Iterator[tuple]:
    """Runs of whole lines of a .jsonl file, as byte ranges: ("range", file, offset, length,
    first and last line number, encoding). The worker reads its range itself, so the lines
    are not sent to it (nor sent again in the second pass); here only line breaks are counted."""
    from .loaders.encoding import LoaderProblem, sniff_encoding
    from .loaders.ranges import has_record
    file = str(path)
    records = False             # a non-blank line seen: else the file has no record at all
    try:
        encoding = sniff_encoding(path)
        with path.open("rb") as fh:
            offset, number = 0, 1
            while block := fh.read(CHUNK):
                if not block.endswith(b"\n"):
                    block += fh.readline()
                if not records:
                    records = has_record(block, encoding, number == 1)
                breaks = block.count(b"\n")
                last = number + breaks - (1 if block.endswith(b"\n") else 0)
                yield ("range", file, offset, len(block), number, last, encoding)
                offset += len(block)
                number += breaks
    except LoaderProblem as problem:
        yield ("error", LoadError(file, problem.location, problem.reason))
        return
    except OSError as exc:
        yield ("error", LoadError(file, "", f"无法读取文件：{exc.strerror or exc}"))
        return
    if not records:
        yield ("error", LoadError(file, "", "文件里没有任何会话记录"))


def task_items(task: tuple) -> Iterable:
    """The records of a task that is not an error: given items, a whole file or a range of
    JSONL lines."""
    from .loaders import load_file
    from .loaders.canonical import jsonl_record
    from .loaders.ranges import range_lines
    if task[0] == "items":
        return task[1]
    if task[0] == "file":
        return load_file(task[1])
    return (line if isinstance(line, LoadError) else jsonl_record(task[1], *line) for line in range_lines(task))


def task_size(task: tuple) -> int:
    if task[0] == "range":
        return task[3]
    return task[-1] if task[0] != "error" else 0


# ---- processing (worker or main process) -------------------------------------------------------
class Checker:
    """Everything a worker needs, built once per process."""

    def __init__(self, policy, only, workload, as_of: date | None, render_json: bool, engine=None,
                 month: str | None = None, dated: bool = False, strict: bool = False):
        from .engine import Engine
        self.strict = strict              # an error while checking aborts the run (the ledger records all or nothing)
        self.month = month                # --month: the month of chats whose messages carry no date
        self.dated = dated                # the ledger files every chat under a month: refuse one with no date
        self.policy = policy
        self.engine = engine or Engine(policy, only)
        self.workload = workload
        self.as_of = as_of
        self.render_json = render_json

    def process(self, task: tuple) -> list[tuple]:
        """The outcomes of one task, in input order: (id or None, origin, payload). The
        chats go to the engine in groups of GROUP (one durable-rules session per group)."""
        if task[0] == "error":
            return [(None, None, task[1])]
        if self.strict:                   # one by one: the first error stops the run where it happens
            return [self._strict(item) for item in task_items(task)]
        out, group = [], []
        for item in task_items(task):
            group.append(item)
            if len(group) == GROUP:
                out.extend(self._group(group))
                group = []
        return out + self._group(group) if group else out

    def _strict(self, item) -> tuple:
        if isinstance(item, LoadError):
            return (None, None, item)
        refused, day = self._check(item)
        if refused is not None:
            return refused
        return self._outcome(item, self.engine.check(item, params_on(self.policy, self.as_of, day), self.workload), day)

    def _group(self, items: list) -> list[tuple]:
        """The outcomes of some chats (not strict: an error while checking one is reported
        as an input error of that chat)."""
        outcomes: list = [None] * len(items)
        jobs = []                         # (position, chat, its day, its parameters) of the chats to check
        for n, item in enumerate(items):
            if isinstance(item, LoadError):
                outcomes[n] = (None, None, item)
                continue
            try:
                outcomes[n], day = self._check(item)
                if outcomes[n] is None:
                    jobs.append((n, item, day, params_on(self.policy, self.as_of, day)))
            except Exception as exc:  # noqa: BLE001 - one record never sinks the batch
                outcomes[n] = exc
        results = self.engine.check_many([(item, params, self.workload) for _, item, _, params in jobs])
        for (n, item, day, _), result in zip(jobs, results):
            try:
                outcomes[n] = result if isinstance(result, Exception) else self._outcome(item, result, day)
            except Exception as exc:  # noqa: BLE001
                outcomes[n] = exc
        for n, outcome in enumerate(outcomes):
            if isinstance(outcome, Exception):
                item = items[n]
                outcomes[n] = (item.id, item.origin, LoadError(
                    item.origin, "", f"检查会话 {item.id} 时出现内部错误（{type(outcome).__name__}: "
                                     f"{str(outcome)[:200]}）：这个会话未检查，请把它报告给维护者"))
        return outcomes

    def _check(self, item) -> tuple:
        """(the outcome of a chat refused before checking, or None; the day it is judged on)."""
        error = order_error(item)
        if error is not None:
            return (item.id, item.origin, error), None
        from .conversation import judged_on
        from .dating import source_day
        day = judged_on(item) or source_day(item.origin, self.month)
        if day is None and self.dated:
            return (item.id, item.origin, undated_error(item)), None
        return None, day

    def _outcome(self, item, result, day: date | None) -> tuple:
        dated(result, day)
        if not self.render_json:
            return (item.id, item.origin, result)
        from .report.json_report import render
        return (item.id, item.origin, Rendered(render(result), len(item.messages), result.timing_skipped,
                                               [(f.level, f.norm) for f in result.findings], result.judged_on,
                                               result.errors))


def params_on(policy, as_of: date | None, day: date | None):
    """The parameters in force on a chat's day (or as_of); None without parameters."""
    if policy.parameters is None:
        return None
    return policy.parameters.on(as_of or day or date.today())


def check_one(engine, policy, item: Transcript, as_of: date | None, workload, day: date | None):
    """Judge one accepted transcript with the parameters in force on its day (or as_of);
    `day` is its own date or the one its source names (then it is its judged_on too)."""
    return dated(engine.check(item, params_on(policy, as_of, day), workload), day)


def dated(result, day: date | None):
    """The result, judged on `day` unless the chat's own times dated it."""
    if result.judged_on is None and day is not None:
        result.judged_on = day.isoformat()
    return result


def undated_error(item: Transcript) -> LoadError:
    return LoadError(item.origin, "", f"会话 {item.id} 没有任何日期（消息没有时间戳，也没有 started_at，文件名中也没有日期），"
                                      f"无法确定它属于哪个月，未记入台账：请加 --month YYYY-MM 指明月份，"
                                      f"或在文件名中写明日期（如 jddc_20261106.txt）")


def duplicate_error(item: Transcript, first_origin: str) -> LoadError:
    return LoadError(item.origin, "", f"会话 id {item.id!r} 重复（首次出现在 {first_origin}）："
                                      f"同一次检查中 id 必须唯一，请改名后重试")


def order_error(item: Transcript) -> LoadError | None:
    from .conversation import out_of_order
    index = out_of_order(item)
    if index is None:
        return None
    return LoadError(item.origin, f"messages[{index}]",
                     f"会话 {item.id} 的第 {index} 条消息（从 0 计）时间早于前一条：消息必须按时间顺序排列，"
                     f"kefu 不会自动排序；请核对这条消息的 at 字段")
