"""`kefu check PATHS --dask ADDRESS`: the same check, on a Dask cluster.

Four steps, every one a set of Dask tasks except the plan: read each input file on a
worker; index it (id, agent, first and last timestamp); plan on the driver (duplicates,
components of overlapping chats, balanced partitions: see plan.py); split each file by
partition and check each partition with the same code as a local run. The driver then
reports the results and errors in input order, so every output format is byte for byte
what `kefu check` prints on one machine.
"""
from __future__ import annotations

import glob
import math
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from ..model import LoadError
from ..report import RunSummary, get_reporter
from .plan import make_plan
from .tasks import Settings, check_partition, errors_of, index_items, pick, read_source, split_items

GLOB_CHARS = set("*?[")


class ClusterError(Exception):
    """The cluster cannot be reached or used; the message is for users."""


def expand_inputs(paths) -> list[str | LoadError]:
    """Input files in order (local paths, globs, fsspec URLs), and the errors of missing ones."""
    from ..loaders import iter_files
    out: list[str | LoadError] = []
    for given in paths:
        text = str(given)
        if "://" in text:
            out.extend(_remote_files(text))
        elif GLOB_CHARS & set(text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                out.append(LoadError(text, "", "没有文件与这个通配符匹配：请检查路径"))
            out.extend(str(f) if isinstance(f, Path) else f for f in iter_files(matches))
        else:
            out.extend(str(f) if isinstance(f, Path) else f for f in iter_files([given]))
    return out


def _remote_files(url: str) -> list[str | LoadError]:
    from ..loaders import SUFFIXES
    try:
        import fsspec
        fs, _, found = fsspec.get_fs_token_paths(url)
    except Exception as exc:  # noqa: BLE001 - a missing s3fs, bad credentials …
        return [LoadError(url, "", f"无法打开远程路径：{exc}（读 s3:// 需要安装 s3fs 等对应的 fsspec 插件）")]
    protocol = url.split("://", 1)[0]
    files = [f for f in sorted(found) if Path(f).suffix.lower() in SUFFIXES]
    if not files:
        return [LoadError(url, "", f"没有找到可读的会话文件（{'、'.join(SUFFIXES)}）")]
    return [f if "://" in f else f"{protocol}://{f}" for f in files]


@contextmanager
def connect(address: str):
    """`local` / `local:N` starts a LocalCluster of N worker processes; anything else is
    a scheduler address (tcp://host:8786)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--dask 需要 Dask：pip install 'kefu[dask]'") from exc
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise ClusterError(f"--dask {address}：local: 后应为工作进程数，如 local:4")
        workers = int(count) if count else None
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    try:
        client = Client(address, timeout="20s")
    except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, bad address …
        raise ClusterError(f"连接不到 Dask 调度器 {address}：{exc}") from exc
    try:
        yield client
    finally:
        client.close()


def run_on_dask(policy, paths, fmt: str, stream, *, address: str, only=None, as_of: date | None = None,
                sink=None, out_dir: str | None = None, out_format: str = "jsonl", client=None,
                recorder=None, month: str | None = None) -> RunSummary:
    from ..config import active
    if recorder is not None:
        raise ClusterError("--dask 不能与 --record 同用：集群算好的结果用 kefu ledger import 记入台账")
    config = active().path
    settings = Settings(str(Path(policy.directory).resolve()), policy.version,
                        tuple(sorted(only)) if only else None, as_of, out_dir, out_format, month,
                        str(config.resolve()) if config else None)
    inputs = expand_inputs(paths)
    if client is not None:
        outcome = _compute(client, settings, inputs)
    else:
        with connect(address) as opened:
            outcome = _compute(opened, settings, inputs)
    return _report(policy, only, fmt, stream, sink, inputs, *outcome, as_of=as_of)


def _compute(client, settings: Settings, inputs: list):
    sources = [(n, s) for n, s in enumerate(inputs) if isinstance(s, str)]
    reads = {n: client.submit(read_source, s, pure=False) for n, s in sources}
    indexes = client.gather([client.submit(index_items, n, reads[n], pure=False) for n, _ in sources])
    entries = [entry for index in indexes for entry in index]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    messages = sum(e.messages for e in entries)
    plan = make_plan(entries, max(1, min(len(entries), max(4 * workers, math.ceil(messages / 50_000)))))
    assign: dict[int, dict[int, int]] = {}
    for (f, item), partition in plan.assign.items():
        assign.setdefault(f, {})[item] = partition
    dups: dict[int, dict[int, str]] = {}
    for (f, item), origin in plan.duplicates.items():
        dups.setdefault(f, {})[item] = origin
    splits = {n: client.submit(split_items, n, reads[n], assign.get(n, {}), dups.get(n, {}), pure=False)
              for n, _ in sources}
    members: dict[int, set[int]] = {}
    for (f, _), partition in plan.assign.items():
        members.setdefault(partition, set()).add(f)
    checks = []
    for partition in sorted(members):
        pieces = [client.submit(pick, splits[f], partition, pure=False) for f in sorted(members[partition])]
        checks.append(client.submit(check_partition, settings, partition, *pieces, pure=False))
    errors = [e for part in client.gather([client.submit(errors_of, splits[n], pure=False) for n, _ in sources])
              for e in part]
    results = [r for part in client.gather(checks) for r in part]
    return errors, results


def _report(policy, only, fmt, stream, sink, inputs, errors, results, as_of=None) -> RunSummary:
    from ..engine import Engine
    from ..privacy import mask_text
    from ..runner import _basis_notice, finish_notices, message_errors
    ordered = [(pos, err) for pos, err in errors]
    ordered += [((n, -1), item) for n, item in enumerate(inputs) if isinstance(item, LoadError)]
    ordered += results
    ordered.sort(key=lambda pair: pair[0])
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    for _, item in ordered:
        if isinstance(item, LoadError):
            item = LoadError(item.file, item.location, mask_text(item.reason))   # as a local run does
            summary.errors.append(item)
            summary.skipped += 1
            continue
        summary.add(item)
        summary.errors.extend(message_errors(item.transcript.origin, item.transcript.id, item.errors))
        if sink is not None:
            sink(item)
        reporter.transcript(item)
    engine = Engine(policy, only)
    finish_notices(summary, engine, policy, as_of, [r.judged_on for _, r in results])
    if engine.needs_workload and any(r.transcript.timed for _, r in results):
        summary.notices.append(_basis_notice(None))
    reporter.finish(summary)
    return summary

