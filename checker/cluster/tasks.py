"""What runs on a Dask worker. Plain functions of picklable arguments: paths, ids,
plain value objects. The rule base and the durable-rules engine are built once per
worker process (module state), never shipped over the wire."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..conversation import Workload, aware
from ..model import LoadError, Transcript
from .plan import Entry

Position = tuple[int, int]          # (input file, item in that file)


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to judge like the driver would."""
    policies: str                  # the rule-base directory (shared storage on a real cluster)
    version: str                   # the driver's policy version: a worker with another refuses
    only: tuple[str, ...] | None
    as_of: date | None
    out_dir: str | None = None     # --out: one results file per partition
    out_format: str = "jsonl"      # jsonl | parquet
    month: str | None = None       # --month: the month of chats whose messages carry no date
    config: str | None = None      # the shop's kefu.toml laid over the rule base


_ENGINES: dict = {}
# The engine keeps per-run state (fired keys, session ids): one partition at a time per
# process, even on a worker started with several threads.
_ENGINE_LOCK = threading.Lock()


def engine_for(settings: Settings):
    """(policy, engine) of this worker process, built on first use."""
    key = (settings.policies, settings.config, settings.version, settings.only)
    if key not in _ENGINES:
        from ..config import NO_CONFIG, load_config
        from ..engine import Engine
        from ..overlay import effective_policy
        from ..policy import load_policy
        config = load_config(Path(settings.config)) if settings.config else NO_CONFIG
        policy = effective_policy(load_policy(settings.policies), config)
        if policy.version != settings.version:
            raise RuntimeError(f"工作进程读到的规则库版本 {policy.version} 与发起方的 {settings.version} 不同："
                               f"集群上每台机器须能读到同一份规则目录 {settings.policies}")
        _ENGINES[key] = (policy, Engine(policy, set(settings.only) if settings.only else None))
    return _ENGINES[key]


# ---- reading ------------------------------------------------------------------------------
def read_source(source: str) -> list:
    """Every Transcript and LoadError of one input file, a local path or an fsspec URL."""
    from ..loaders import load_file
    if "://" not in source:
        return list(load_file(Path(source)))
    import fsspec
    try:
        local = fsspec.open_local("simplecache::" + source)
    except Exception as exc:  # noqa: BLE001 - any storage failure is this file's error
        return [LoadError(source, "", f"无法读取远程文件：{exc}")]
    items = list(load_file(Path(local).with_name(Path(local).name)))
    return [_renamed(item, str(local), source) for item in items]


def _renamed(item, local: str, source: str):
    if isinstance(item, LoadError):
        return LoadError(item.file.replace(local, source), item.location, item.reason)
    item.origin = item.origin.replace(local, source)
    return item


def index_items(file_no: int, items: list) -> list[Entry]:
    from ..runner import order_error
    out = []
    for n, item in enumerate(items):
        if isinstance(item, LoadError):
            out.append(Entry(file_no, n, None))
            continue
        start = end = None
        if item.timed:
            start, end = (aware(item.messages[0].at).timestamp(), aware(item.messages[-1].at).timestamp())
            start, end = min(start, end), max(start, end)
        out.append(Entry(file_no, n, item.id, item.agent, start, end, len(item.messages), item.origin,
                         out_of_order=order_error(item) is not None))
    return out


def split_items(file_no: int, items: list, assign: dict[int, int], duplicates: dict[int, str]):
    """({partition: [(position, transcript)]}, [(position, LoadError)]) for one file."""
    from ..runner import duplicate_error, order_error
    parts: dict[int, list] = {}
    errors: list = []
    for n, item in enumerate(items):
        pos = (file_no, n)
        if isinstance(item, LoadError):
            errors.append((pos, item))
        elif n in duplicates:
            errors.append((pos, duplicate_error(item, duplicates[n])))
        elif (problem := order_error(item)) is not None:
            errors.append((pos, problem))
        else:
            parts.setdefault(assign[n], []).append((pos, item))
    return parts, errors


def pick(split, partition: int) -> list:
    return split[0].get(partition, [])


def errors_of(split) -> list:
    return split[1]


# ---- checking -----------------------------------------------------------------------------
def check_partition(settings: Settings, partition: int, *pieces: list) -> list:
    """[(position, TranscriptResult)] in input order; concurrency counted over the
    partition, which holds every chat that overlaps any of its chats."""
    with _ENGINE_LOCK:
        return _check_partition(settings, partition, pieces)


def _check_partition(settings: Settings, partition: int, pieces) -> list:
    from ..runner import check_one
    policy, engine = engine_for(settings)
    chats: list[tuple[Position, Transcript]] = sorted((p for piece in pieces for p in piece), key=lambda p: p[0])
    workload = None
    if engine.needs_workload:
        workload = Workload()
        for _, chat in chats:
            workload.add(chat)
        workload.freeze()
    from ..conversation import judged_on
    from ..dating import source_day
    results = [(pos, check_one(engine, policy, chat, settings.as_of, workload,
                               judged_on(chat) or source_day(chat.origin, settings.month))) for pos, chat in chats]
    if settings.out_dir is not None:
        from .outfiles import write_partition
        write_partition(settings.out_dir, settings.out_format, partition, [r for _, r in results])
    return results


def worker_pid() -> int:
    return os.getpid()
