"""The worker processes of `kefu check --jobs N` (their side; the pool that runs them is
checker/pool.py): a worker's loop, the first pass's reading of one task, and the warm-up
forked workers inherit."""
from __future__ import annotations

from .model import Transcript
from .pipeline import Checker, iter_tasks, task_items, task_size


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


# ---- a worker ---------------------------------------------------------------------------
def _serve(conn, args: tuple, budget: int) -> None:
    """A worker's loop: ("read", i, task) -> ("read", i, records, kept); ("check", workload)
    checks the kept tasks in input order, then ("task", i, task) -> ("done", i, outcomes)
    or ("failed", i, exception or its text)."""
    import gc
    import signal

    from .loaders.lean import full_interval
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the main process's to handle
    kept: dict[int, tuple] = {}
    used = 0
    checker = None
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == "read":
            _, index, task = message
            size = task_size(task)
            try:
                if used + size <= budget:
                    loaded = ("items", list(task_items(task)), size)
                    kept[index] = loaded
                    used += size
                    records = [full_interval(item) for item in loaded[1] if isinstance(item, Transcript)]
                else:
                    records = task_intervals(task)
            except Exception:  # noqa: BLE001 - no records: the check pass reports what is wrong
                kept.pop(index, None)
                conn.send(("read", index, [], False))
                continue
            conn.send(("read", index, records, index in kept))
        elif message[0] == "check":
            checker = Checker(*args[:2], message[1], *args[3:])
            gc.freeze()                # what it keeps and the workload: no collection walks them again
            for index in sorted(kept):
                _done(conn, checker, index, kept.pop(index))
        elif message[0] == "task":
            _done(conn, checker, message[1], message[2])
        else:
            return


def _done(conn, checker: Checker, index: int, task: tuple) -> None:
    try:
        outcomes = checker.process(task)
    except Exception as exc:  # noqa: BLE001 - strict runs stop in the main process
        _failed(conn, index, exc)
        return
    try:
        conn.send(("done", index, outcomes))
    except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
        _failed(conn, index, exc)


def _failed(conn, index: int, exc: Exception) -> None:
    try:
        conn.send(("failed", index, exc))
    except Exception:  # noqa: BLE001 - an exception that cannot be sent: its text
        conn.send(("failed", index, f"{type(exc).__name__}: {str(exc)[:200]}"))
