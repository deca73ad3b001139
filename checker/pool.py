"""The pool of `kefu check --jobs N` (main process side; the workers' side is
checker/workers.py).

`Pool` forks its workers once the engine is built (they inherit it). In the first pass it
hands each task to the least busy worker, which reads it and sends back what concurrency
needs of its records; a worker keeps the tasks it read whole, up to its share of the
budget, so the check pass does not read them again. Once the workload is known each worker
checks the tasks it keeps, in input order; the other tasks go to the least busy worker as
the results come back, at most `WINDOW` per worker ahead of the output (memory stays
flat). The results come back here in input order. A worker that dies (killed, out of
memory, a crash in native code) is replaced: the tasks it had are tried once more in
another worker, and a task that kills one again is reported as an input error of its
file, never as a traceback."""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from .model import LoadError
from .workers import _serve, forks

WINDOW = 3                   # tasks per worker sent ahead of the output


class _Worker:
    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.queue: deque = deque()            # indices sent, in the order it works on them
        self.kept: set[int] = set()            # tasks it read whole and keeps for the check
        self.stopped = False                   # told to stop: it has nothing more to do


class Pool:
    """`jobs` worker processes; `checker_args` are the Checker's (its workload set by
    `check`), `budget` the bytes of input the workers keep loaded between the passes, all
    together."""

    def __init__(self, jobs: int, checker_args: tuple, budget: int = 0):
        self.args, self.budget = checker_args, budget // jobs
        self.strict = checker_args[-1]
        self.tasks: dict[int, tuple] = {}      # index -> task, until its result is out
        self.tries: dict[int, int] = {}        # index -> times a worker died on it
        self.count = 0                         # tasks taken so far
        self.workload = None
        self.checking = False
        self.workers = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> _Worker:
        import multiprocessing
        context = multiprocessing.get_context("fork" if forks() else "spawn")
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self.args, self.budget), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        if self.checking:
            mine.send(("check", self.workload))
        return worker

    def _send(self, index: int, kind: str) -> None:
        worker = min((w for w in self.workers if not w.stopped), key=lambda w: len(w.queue))
        worker.queue.append(index)
        try:
            worker.conn.send((kind, index, self.tasks[index]))
        except OSError:          # it died unseen: its sentinel is ready, and replacing it sends its queue again
            pass

    def _idle(self) -> bool:
        """Whether a worker is about to run out of tasks: the next goes to it, not to one
        still busy with the tasks it keeps (the last tasks end together)."""
        return any(len(w.queue) < 2 for w in self.workers if not w.stopped)

    def _replies(self) -> Iterator[tuple]:
        """(worker, message) of the workers' next messages (a worker that died on a task twice
        gives (None, ("dead", index))); a dead worker is replaced and its tasks sent again."""
        from multiprocessing.connection import wait
        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers])
        for worker in list(self.workers):
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            try:
                while worker.conn.poll():
                    message = worker.conn.recv()
                    worker.queue.remove(message[1])
                    yield worker, message
                if worker.process.sentinel not in ready:
                    continue
            except (EOFError, OSError):
                pass
            if worker.stopped:                 # it exited, as it was told to
                self.workers.remove(worker)
                worker.conn.close()
                worker.process.join()
            else:
                yield from self._replace(worker)

    def _replace(self, worker: _Worker) -> Iterator[tuple]:
        worker.conn.close()
        worker.process.join()
        self.workers.remove(worker)
        self.workers.append(self._spawn())
        lost = list(worker.queue)              # in the order it works on them (the tasks it kept
        worker.kept.clear()                    # after a first pass are read again by another)
        for n, index in enumerate(lost):
            if n == 0:                         # the one it was working on
                self.tries[index] = self.tries.get(index, 0) + 1
                if self.tries[index] > 1:
                    yield None, ("dead", index)
                    continue
            self._send(index, "task" if self.checking else "read")

    def read(self, tasks: Iterable[tuple]) -> Iterator[tuple]:
        """The first pass: `task_intervals` of every task, in input order (a task is read by
        one worker, which keeps it loaded if its budget allows)."""
        feed = (self._add(task) for task in tasks)
        more, out, waiting = True, 0, {}
        while True:
            while more and sum(len(w.queue) for w in self.workers) < WINDOW * len(self.workers):
                index = next(feed, None)
                if index is None:
                    more = False
                    break
                if self.tasks[index][0] == "error":
                    waiting[index] = []
                else:
                    self._send(index, "read")
            while out in waiting:
                yield from waiting.pop(out)
                out += 1
            if not more and out == self.count:
                self.tries.clear()
                return
            for worker, message in self._replies():
                if message[0] == "read":
                    _, index, records, kept = message
                    if kept:
                        worker.kept.add(index)
                    waiting[index] = records
                else:                          # no records: the check pass reports what is wrong
                    waiting[message[1]] = []

    def check(self, workload, tasks: Iterable[tuple] = ()) -> Iterator[tuple[tuple, list[tuple]]]:
        """(task, outcomes) in input order: the tasks of the first pass (`read`), else
        `tasks`; the workers check the tasks they keep, the others go to the least busy."""
        self.workload, self.checking = workload, True
        for worker in self.workers:
            worker.conn.send(("check", workload))
            worker.queue.extend(sorted(worker.kept))
        kept = {i for w in self.workers for i in w.kept}
        if self.count:                         # after a first pass: its tasks
            feed = iter([i for i in range(self.count) if i not in kept])
        else:
            feed = (self._add(task) for task in tasks)
        out, done, flying = 0, {}, set()       # flying: tasks sent (not kept ones) and not yet out
        more = True
        while True:
            while out in done:
                flying.discard(out)
                yield self.tasks.pop(out), done.pop(out)
                out += 1
            while more and len(flying) < WINDOW * len(self.workers) and self._idle():   # after the output
                index = next(feed, None)
                if index is None:
                    more = False
                    break
                task = self.tasks[index]
                if task[0] == "error":
                    done[index] = [(None, None, task[1])]
                else:
                    flying.add(index)
                    self._send(index, "task")
            if out in done:
                continue
            if not more and not self.tasks:
                return
            if not more:               # a worker with nothing left exits now, while the others finish
                for worker in self.workers:
                    if not worker.queue and not worker.stopped:
                        worker.stopped = True
                        worker.conn.send(("stop",))
            for worker, message in self._replies():
                index = message[1]
                if worker is not None:
                    worker.kept.discard(index)
                if message[0] == "done":
                    done[index] = message[2]
                elif message[0] == "failed" and self.strict:     # the run stops (the ledger records all or nothing)
                    raise message[2] if isinstance(message[2], Exception) else RuntimeError(message[2])
                else:
                    why = "检查它的工作进程异常退出" if message[0] == "dead" else _why(message[2])
                    done[index] = [(None, None, _task_error(self.tasks[index], why))]

    def _add(self, task: tuple) -> int:
        self.tasks[self.count] = task
        self.count += 1
        return self.count - 1

    def close(self) -> None:
        """Stop the workers (at once: a run whose results are no longer wanted)."""
        for worker in self.workers:
            try:
                if not worker.stopped:
                    worker.conn.send(("stop",))
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=0.5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
            worker.conn.close()
        self.workers = []


def _why(error) -> str:
    if isinstance(error, Exception):
        return f"{type(error).__name__}: {str(error)[:200]}"
    return error


def _task_error(task: tuple, why: str) -> LoadError:
    if task[0] == "range":
        where = f"第 {task[4]}–{task[5]} 行"
        return LoadError(task[1], where, f"这些行的会话未能检查（{why}）：请用 --jobs 1 重试，若仍失败请报告给维护者")
    return LoadError(str(task[1]), "", f"这个文件的会话未能检查（{why}）：请用 --jobs 1 重试，若仍失败请报告给维护者")
