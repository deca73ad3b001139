"""The pool of --jobs workers (checker/pool.py): one read of each task for both passes,
the tasks a worker keeps checked there, and results in input order."""
from __future__ import annotations

import time

import checker.pipeline as pipeline
import checker.pool as pools
import checker.workers as workers
from checker.engine import Engine
from checker.runner import _accepted, accepted_intervals
from checker.loaders import iter_transcripts
from first_pass_corpus import overlapping_chats


def chats(tmp_path):
    return overlapping_chats(tmp_path / "chats.jsonl", 80, 75, late_every=4, disorder_every=13, broken_at=15,
                             reply=lambda i: "不行，这个退不了。" if i % 7 == 0 else "亲，在的呢")


def args(policy, engine):
    return (policy, None, None, None, True, engine, None, False, False)


def test_the_pool_keeps_what_its_budget_allows_and_checks_what_one_process_checks(policy, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    path = chats(tmp_path)
    tasks = list(pipeline.iter_tasks([path]))
    engine = Engine(policy)
    budget = 2 * sum(pipeline.task_size(t) for t in tasks[:4])        # some kept, the rest read again
    pool = pools.Pool(2, args(policy, engine), budget)
    try:
        records = _accepted(pool.read(iter(tasks)))
        kept = sorted(i for w in pool.workers for i in w.kept)
        assert 0 < len(kept) < len(tasks)
        assert records == accepted_intervals(iter_transcripts([path]))
        got = [(task, [(tid, origin, p.fragment if hasattr(p, "fragment") else str(p)) for tid, origin, p in out])
               for task, out in pool.check(None)]
    finally:
        pool.close()
    one = pipeline.Checker(policy, None, None, None, True, engine)
    want = [(task, [(tid, origin, p.fragment if hasattr(p, "fragment") else str(p)) for tid, origin, p in
                    one.process(task)]) for task in tasks]
    assert got == want


def test_the_pool_never_waits_when_no_worker_has_anything_to_do(policy, tmp_path, monkeypatch):
    """When the workers answer every task in flight before the pool waits (here: a pause
    before each wait), the output frees the whole window: the pool has to send more tasks
    before it waits again (it waited for ever)."""
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    real = pools.Pool._replies

    def replies(self):
        assert any(w.queue for w in self.workers), "waiting for workers that have nothing to do"
        time.sleep(0.2)
        yield from real(self)
    monkeypatch.setattr(pools.Pool, "_replies", replies)
    path = chats(tmp_path)
    pool = pools.Pool(2, args(policy, Engine(policy)))
    try:
        count = sum(1 for _ in pool.check(None, pipeline.iter_tasks([path])))
    finally:
        pool.close()
    assert count == len(list(pipeline.iter_tasks([path]))) > 2 * pools.WINDOW


def test_a_worker_that_dies_while_reading_is_replaced_and_the_run_goes_on(policy, tmp_path, monkeypatch):
    """The task it read is tried once more, then counts no concurrency; the check pass reads
    it again (here it reads), and the tasks the dead workers kept."""
    import os
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    path = chats(tmp_path)
    tasks = list(pipeline.iter_tasks([path]))
    parent, real = os.getpid(), workers.task_items

    def hostile(task):
        if task == tasks[3] and os.getpid() != parent:
            os._exit(3)
        return real(task)
    monkeypatch.setattr(workers, "task_items", hostile)
    pool = pools.Pool(2, args(policy, Engine(policy)), 10 ** 9)
    try:
        records = _accepted(pool.read(iter(tasks)))
        assert 3 not in {i for w in pool.workers for i in w.kept}
        assert len(pool.workers) == 2            # the dead workers replaced (what they kept is read again)
        results = list(pool.check(None))
    finally:
        pool.close()
    serial = accepted_intervals(iter_transcripts([path]))
    assert set(records[0]) < set(serial[0]) and records[1] < serial[1]
    assert [task for task, _ in results] == tasks
    assert not any(p.__class__.__name__ == "LoadError" and "工作进程" in str(p) for _, out in results for *_, p in out)


def test_a_task_sent_to_a_worker_already_dead_is_sent_again_not_a_traceback(policy, tmp_path, monkeypatch):
    """Two workers die close together: the pool, replacing the first, sends its task to the
    second before it has seen that one die (BrokenPipeError reached the user). The task waits
    on the dead worker's queue, and replacing that worker sends it again."""
    monkeypatch.setattr(pipeline, "CHUNK", 700)
    path = chats(tmp_path)
    tasks = list(pipeline.iter_tasks([path]))
    pool = pools.Pool(2, args(policy, Engine(policy)), 10 ** 9)
    try:
        for worker in pool.workers:        # both dead before the pool sends anything
            worker.process.kill()
            worker.process.join()
        records = _accepted(pool.read(iter(tasks)))
        results = list(pool.check(None))
    finally:
        pool.close()
    assert records == accepted_intervals(iter_transcripts([path]))
    assert [task for task, _ in results] == tasks
