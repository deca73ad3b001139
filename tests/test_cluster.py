"""`kefu check --dask`: on a real LocalCluster the output is byte for byte `--jobs 1`'s,
also when a worker dies in the middle of the run."""
from __future__ import annotations

import io
import json
import os

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'kefu[dask]'")

from checker.cluster.outfiles import read_results  # noqa: E402
from checker.cluster.plan import Entry, components, make_plan  # noqa: E402
from checker.cluster.run import run_on_dask  # noqa: E402
from checker.policy import load_policy  # noqa: E402
from checker.runner import run_check  # noqa: E402

from cluster_corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as opened:
        yield opened
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture(scope="module")
def local_json(policy, corpus):
    return _local(policy, corpus)


def _local(policy, paths, fmt="json"):
    out = io.StringIO()
    summary = run_check(policy, paths, fmt, out)
    return out.getvalue(), summary


def _dask(policy, paths, client, fmt="json", **options):
    out = io.StringIO()
    summary = run_on_dask(policy, paths, fmt, out, address="unused", client=client, **options)
    return out.getvalue(), summary


def test_plan_keeps_overlapping_chats_together():
    entries = [Entry(0, 0, "a", "x", 0, 10, 4), Entry(0, 1, "b", "x", 10, 20, 4),   # touching: one component
               Entry(0, 2, "c", "x", 21, 30, 4), Entry(1, 0, "d", "y", 5, 6, 2),
               Entry(1, 1, "a", "x", 0, 5, 2),                                      # duplicate id
               Entry(1, 2, "e", "x", None, None, 3), Entry(1, 3, None)]             # untimed, load error
    groups = components(entries[:4])
    assert [[e.id for e in g] for g in groups] == [["a", "b"], ["c"], ["d"]]
    plan = make_plan(entries, 3)
    assert plan.assign[(0, 0)] == plan.assign[(0, 1)]
    assert plan.duplicates == {(1, 1): ""}
    assert (1, 3) not in plan.assign and (1, 2) in plan.assign


def test_dask_output_is_identical_to_a_local_run(client, corpus, policy, local_json):
    local, summary = local_json
    remote, remote_summary = _dask(policy, corpus, client)
    assert summary.transcripts > 1800 and summary.skipped == 2
    assert json.loads(local)["summary"]["by_norm"].get("response_time", 0) > 50   # concurrency matters here
    assert remote == local
    assert remote_summary.errors == summary.errors


def test_text_format_and_out_files(client, corpus, policy, tmp_path):
    part = corpus[:1]                     # the text report is slow to draw: one file of the corpus
    local, _ = _local(policy, part, "text")
    remote, summary = _dask(policy, part, client, "text", out_dir=str(tmp_path / "out"))
    assert remote == local
    files = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert files
    records = [r for f in files for r in read_results(f)]
    assert len(records) == summary.transcripts
    assert all(len(r["content_hash"]) == 64 for r in records)


class _KillOnce(distributed.WorkerPlugin):
    """Kills the worker process the first time any worker starts checking a partition."""
    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and str(key).startswith("check_partition"):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.close(fd)
            os._exit(1)


def test_a_worker_killed_mid_run_changes_nothing(corpus, policy, tmp_path, local_json):
    local, _ = local_json
    marker = tmp_path / "killed"
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    with distributed.Client(cluster) as fresh:
        fresh.register_plugin(_KillOnce(str(marker)))
        remote, _ = _dask(policy, corpus, fresh)
    cluster.close()
    assert marker.exists(), "no worker was killed: the test proved nothing"
    assert remote == local


def _kefu(*args, cwd=None):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "checker.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_ledger_import_records_what_check_record_records(tmp_path):
    import sqlite3
    from pathlib import Path
    samples = Path(__file__).resolve().parent.parent / "transcripts"
    results = tmp_path / "results.json"
    done = _kefu("check", samples, "--format", "json", "-o", results, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    imported = _kefu("ledger", "import", results, "--chats", samples, "--db", tmp_path / "imp.db")
    assert imported.returncode == 0, imported.stderr
    recorded = _kefu("check", samples, "--record", "--db", tmp_path / "rec.db", "--fail-on", "never")
    assert recorded.returncode == 0, recorded.stderr

    def rows(db):
        with sqlite3.connect(db) as conn:
            return sorted(conn.execute("SELECT id, transcript_id, rule, message, points FROM findings"))
    assert rows(tmp_path / "imp.db") == rows(tmp_path / "rec.db") != []
    again = _kefu("ledger", "import", results, "--chats", samples, "--db", tmp_path / "imp.db")
    assert "新 0，更新 0" in again.stderr                     # idempotent, like --record


def test_ledger_import_refuses_a_result_whose_chat_changed(tmp_path):
    chat = tmp_path / "c.jsonl"
    chat.write_text('{"id": "T1", "agent": "小美", "messages": [{"from": "customer", "text": "在吗"},'
                    ' {"from": "agent", "text": "不行"}]}\n', encoding="utf-8")
    results = tmp_path / "r.json"
    _kefu("check", chat, "--format", "json", "-o", results, "--fail-on", "never")
    from checker.cluster.outfiles import imported_results, result_record
    from checker.engine import Engine
    from checker.loaders import iter_transcripts
    from checker.model import LoadError
    policy = load_policy()
    [transcript] = list(iter_transcripts([chat]))
    part = tmp_path / "part-00000.jsonl"
    part.write_text(json.dumps(result_record(Engine(policy).check(transcript)), ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert not any(isinstance(i, LoadError) for i in imported_results([part], [chat]))
    chat.write_text(chat.read_text(encoding="utf-8").replace("不行", "不行，抱歉"), encoding="utf-8")
    [problem] = list(imported_results([part], [chat]))
    assert isinstance(problem, LoadError) and "内容已改变" in problem.reason
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "T1", "agent": "阿杰", "messages": [{"from": "customer", "text": "在吗"}]}\n',
                     encoding="utf-8")
    done = _kefu("ledger", "import", results, "--chats", other, "--db", tmp_path / "l2.db")
    assert done.returncode == 2 and "不一致" in done.stderr and "Traceback" not in done.stderr


def test_usage_errors_exit_2_without_a_traceback(tmp_path):
    samples = tmp_path / "x.jsonl"
    samples.write_text('{"id": "T1", "agent": "a", "messages": [{"from": "agent", "text": "好的"}]}\n')
    for args, words in ((["--out", tmp_path / "o"], "--out 只能与 --dask 同用"),
                        (["--dask", "local:x"], "local: 后应为工作进程数"),
                        (["--dask", "local:2", "--out-format", "csv", "--out", tmp_path / "o"], "jsonl 或 parquet")):
        done = _kefu("check", samples, *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
