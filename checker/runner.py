"""Wire loaders, engine and a reporter for one `kefu check` run, streaming.

When a response-deadline rule is active the inputs are read twice: a first pass records
when each accepted chat opens and closes (the concurrency the deadline depends on; a
duplicate id or a rejected record never counts), the second checks. Neither pass holds
the corpus in memory. With a ledger recorder the concurrency is counted over every stored
chat of the agent as well (checker/ledger/timing.py), so findings do not depend on how the
chats were batched; without one, over the chats of this run, and the summary says so.
"""
from __future__ import annotations

from datetime import date
from typing import Iterator

from .conversation import Workload, chat_interval, judged_on, out_of_order
from .dating import source_day
from .engine import Engine
from .loaders import iter_transcripts
from .model import LoadError, Transcript
from .privacy import mask_text
from .report import RunSummary, get_reporter


def duplicate_error(item: Transcript, first_origin: str) -> LoadError:
    return LoadError(item.origin, "", f"会话 id {item.id!r} 重复（首次出现在 {first_origin}）："
                                      f"同一次检查中 id 必须唯一，请改名后重试")


def order_error(item: Transcript) -> LoadError | None:
    index = out_of_order(item)
    if index is None:
        return None
    return LoadError(item.origin, f"messages[{index}]",
                     f"会话 {item.id} 的第 {index} 条消息（从 0 计）时间早于前一条：消息必须按时间顺序排列，"
                     f"kefu 不会自动排序；请核对这条消息的 at 字段")


def accepted(paths) -> Iterator[Transcript | LoadError]:
    """The inputs as a run takes them: a repeated id or messages out of time order are
    LoadErrors. Both passes read through here, so they agree on what counts."""
    seen: dict[str, str] = {}
    for item in iter_transcripts(paths):
        if isinstance(item, Transcript):
            if item.id in seen:
                item = duplicate_error(item, seen[item.id])
            else:
                seen[item.id] = item.origin
                item = order_error(item) or item
        yield item


def run_intervals(paths) -> tuple[list[tuple[str, str, float, float]], set[str]]:
    """(id, agent, start, end) of every accepted timed chat, and the ids of all accepted chats."""
    out, ids = [], set()
    for item in accepted(paths):
        if isinstance(item, Transcript):
            ids.add(item.id)
            if (span := chat_interval(item)) is not None:
                out.append((item.id, item.agent, *span))
    return out, ids


def _workload(paths, recorder=None) -> Workload:
    intervals, ids = run_intervals(paths)
    if recorder is not None:
        return recorder.workload(intervals, ids)
    workload = Workload()
    for _, agent, start, end in intervals:
        workload.add_span(agent, start, end)
    workload.freeze()
    return workload


def _undated(item: Transcript) -> LoadError:
    return LoadError(item.origin, "", f"会话 {item.id} 没有任何日期（消息没有时间戳，也没有 started_at，文件名中也没有日期），"
                                      f"无法确定它属于哪个月，未记入台账：请加 --month YYYY-MM 指明月份，"
                                      f"或在文件名中写明日期（如 jddc_20261106.txt）")


def run_check(policy, paths, fmt: str, stream, only=None, as_of: date | None = None, sink=None,
              recorder=None, month: str | None = None) -> RunSummary:
    """`sink(result)`, when given, sees each result before the reporter. `recorder` (a
    ledger Recorder) records each result, counts concurrency over the ledger, and refuses
    chats with no date at all. `month` (YYYY-MM) dates chats whose messages carry none."""
    engine = Engine(policy, only)
    workload = _workload(paths, recorder) if engine.needs_workload else None
    sinks = [s for s in (recorder.add if recorder is not None else None, sink) if s is not None]
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    timed = 0
    early: dict[tuple, tuple] = {}    # early parameters -> (a ParameterSet, the days judged by earliest values)
    for item in accepted(paths):
        day = None
        if isinstance(item, Transcript):
            day = judged_on(item) or source_day(item.origin, month)
            if day is None and recorder is not None:
                item = _undated(item)
        if isinstance(item, LoadError):
            item = LoadError(item.file, item.location, mask_text(item.reason))   # reasons may quote the input
            summary.errors.append(item)
            summary.skipped += 1
            continue
        result = check_one(engine, policy, item, as_of, workload, day, early)
        timed += item.timed
        summary.add(result)
        for each in sinks:
            each(result)
        reporter.transcript(result)
    untimed_notice(summary, engine)
    early_notices(summary, early)
    if recorder is not None:
        recorder.settle(policy, summary)
    if engine.needs_workload and timed:
        summary.notices.append(_basis_notice(recorder))
    reporter.finish(summary)
    return summary


def check_one(engine: Engine, policy, item: Transcript, as_of: date | None, workload: Workload | None,
              day: date | None, early: dict | None = None):
    """Judge one accepted transcript with the parameters in force on its day (or as_of);
    `day` is its own date or the one its source names. `early` collects the days judged
    by the earliest values because they come before the first parameter's date."""
    params = None
    if policy.parameters is not None:
        params = policy.parameters.on(as_of or day or date.today())
        if early is not None and params.early:
            early.setdefault(params.early, (params, []))[1].append(params.on)
    result = engine.check(item, params, workload)
    if result.judged_on is None and day is not None:
        result.judged_on = day.isoformat()
    return result


def early_notices(summary: RunSummary, early: dict) -> None:
    for params, days in early.values():
        summary.notices.append(f"{len(days)} 个会话的{params.early_notice(days)}")


def untimed_notice(summary: RunSummary, engine: Engine) -> None:
    if summary.untimed and engine.timing_rules:
        summary.notices.append(
            f"{summary.untimed} 个会话没有时间戳，已跳过计时规则（{', '.join(engine.timing_rules)}），其他规则照常检查")


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
