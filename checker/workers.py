"""The worker processes of `kefu check --jobs N`: the pool that runs the tasks of
checker/pipeline.py in input order (and survives a worker that dies), the light first pass
over every task for the concurrency, and the warm-up forked workers inherit."""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from .model import LoadError, Transcript
from .pipeline import Checker, iter_tasks, task_items

_checker: Checker | None = None


def _init_worker(args: tuple) -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the main process's to handle
    global _checker
    _checker = Checker(*args)


def _work(task: tuple) -> list[tuple]:
    assert _checker is not None
    return _checker.process(task)


def _init_light(args: tuple) -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def task_intervals(task: tuple) -> list[tuple]:
    """The first pass over one task (worker or main process): per accepted-shaped record,
    in input order, (id, agent, in time order, (start, end) or None); .jsonl lines are
    read lean (checker/loaders/lean.py)."""
    from .loaders.lean import full_interval, jsonl_intervals
    from .loaders.ranges import range_lines
    if task[0] == "error":
        return []
    if task[0] == "range":
        return list(jsonl_intervals(task[1], range_lines(task)))
    return [full_interval(item) for item in task_items(task) if isinstance(item, Transcript)]


def first_pass(tasks: Iterable[tuple], jobs: int) -> Run:
    """The first pass (`task_intervals` of every task) in `jobs` worker processes, not yet
    started: `start()` it early, read it with `parallel_intervals`."""
    # small results: queue many, the workers keep busy while this process does other work
    return Run(tasks, jobs, (False,), work=task_intervals, init=_init_light, window=64)


def parallel_intervals(tasks: Iterable[tuple] | Run, jobs: int, on_busy=None) -> Iterator[tuple]:
    """`task_intervals` of every task, done by `jobs` worker processes, in input order;
    `on_busy()` runs here once the workers have their first tasks. `tasks` may be a
    `first_pass` already started."""
    run = tasks if isinstance(tasks, Run) else first_pass(tasks, jobs)
    for _, records in run.results(on_busy):
        for record in records:
            if len(record) == 4:            # not a task that broke its worker
                yield record


def forks() -> bool:
    """Whether worker processes are forked (and so inherit this process's objects)."""
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods()


def warm(engine, paths) -> None:
    """Build and compile, here, what checking needs (the lazy regexes, automata and
    dictionaries), on the chats of the first .jsonl task: forked workers inherit it all
    instead of each building it again. Only an optimisation: an error is left to the
    worker that checks that chat."""
    for task in iter_tasks(paths):
        if task[0] == "range":
            try:
                engine.warm(item for item in task_items(task) if isinstance(item, Transcript))
            except Exception:  # noqa: BLE001 - the worker reports it, with its chat
                pass
        if task[0] != "error":
            return


def run_parallel(tasks: Iterable[tuple], jobs: int, checker_args: tuple, work=_work,
                 init=_init_worker, on_busy=None, window: int = 3) -> Iterator[tuple[tuple, list[tuple]]]:
    """(task, outcomes) in task order, the tasks done by `jobs` worker processes. At most
    `window` tasks per worker are in flight, so memory stays flat on any input size. A worker
    that dies (killed, out of memory, a crash in native code) breaks the pool: the tasks in
    flight are tried once more in a new pool, and a task that breaks it again is reported
    as an input error of its file, never as a traceback."""
    yield from Run(tasks, jobs, checker_args, work, init, window).results(on_busy)


class Run:
    """`run_parallel`, started ahead: `start()` forks the workers and hands them their
    first tasks at once, so they work while this process does something else (the first
    pass runs while the rule base loads); `results()` then yields as run_parallel does,
    `close()` drops a run whose results are not wanted."""

    def __init__(self, tasks: Iterable[tuple], jobs: int, checker_args: tuple, work=_work, init=_init_worker,
                 window: int = 3):
        self.tasks, self.jobs, self.args, self.work, self.init = iter(tasks), jobs, checker_args, work, init
        self.window = window
        self.pool = None
        self.pending: deque = deque()              # (task, future, tries)
        self.more = True                           # tasks left to submit

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        context = multiprocessing.get_context("fork" if forks() else "spawn")
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=self.init, initargs=(self.args,))

    def _submit(self, task: tuple, tries: int = 0) -> None:
        from concurrent.futures.process import BrokenProcessPool
        try:
            self.pending.append((task, self.pool.submit(self.work, task), tries))
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            self.pending.append((task, self.pool.submit(self.work, task), tries))

    def start(self) -> "Run":
        """Fork the workers and submit tasks until the window is full."""
        if self.pool is None:
            self.pool = self._new_pool()
        while self.more and len(self.pending) < self.window * self.jobs:
            task = next(self.tasks, None)
            if task is None:
                self.more = False
            else:
                self._submit(task)
        return self

    def _first(self) -> tuple[tuple, list[tuple]] | None:
        from concurrent.futures.process import BrokenProcessPool
        task, future, tries = self.pending.popleft()
        try:
            return task, future.result()
        except BrokenProcessPool:
            if tries == 0:                # perhaps another task's fault: once more, in a new pool
                retry = [(t, n) for t, _, n in self.pending]
                self.pending.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()
                self._submit(task, 1)
                for t, n in retry:
                    self._submit(t, n)
                return None
            return task, [(None, None, _task_error(task, "检查它的工作进程异常退出"))]
        except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
            if self.args[-1]:             # strict: the run stops (the ledger records all or nothing)
                raise
            return task, [(None, None, _task_error(task, f"{type(exc).__name__}: {str(exc)[:200]}"))]

    def results(self, on_busy=None) -> Iterator[tuple[tuple, list[tuple]]]:
        """(task, outcomes) in task order; `on_busy()` runs here once the workers have
        their first tasks."""
        try:
            self.start()
            if on_busy is not None:
                on_busy()
            while self.pending:
                done = self._first()
                self.start()                       # keep the window full
                if done is not None:
                    yield done
        finally:
            self.close()

    def close(self) -> None:
        """Cancel the tasks not started and wait for the workers (the ones started end
        soon). Waiting matters: a pool shut down without waiting just before the
        interpreter exits makes concurrent.futures' exit hook write to a closed pipe."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _task_error(task: tuple, why: str) -> LoadError:
    if task[0] == "range":
        where = f"第 {task[4]}–{task[5]} 行"
        return LoadError(task[1], where, f"这些行的会话未能检查（{why}）：请用 --jobs 1 重试，若仍失败请报告给维护者")
    return LoadError(str(task[1]), "", f"这个文件的会话未能检查（{why}）：请用 --jobs 1 重试，若仍失败请报告给维护者")
