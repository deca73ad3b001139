"""Wire loaders, engine and a reporter for one `kefu check` run, streaming.

When a response-deadline rule is active the inputs are read twice: a first, light pass
records when each agent's chats open and close (the concurrency the deadline depends
on), the second checks. Neither pass holds the corpus in memory.
"""
from __future__ import annotations

from datetime import date

from .conversation import Workload, judged_on, out_of_order
from .engine import Engine
from .loaders import iter_transcripts
from .loaders.intervals import iter_intervals
from .model import LoadError, Transcript
from .privacy import mask_text
from .report import RunSummary, get_reporter


def _workload(paths) -> Workload:
    workload = Workload()
    for agent, first, last in iter_intervals(paths):
        workload.add_interval(agent, first, last)
    workload.freeze()
    return workload


def _order_error(item: Transcript) -> LoadError | None:
    index = out_of_order(item)
    if index is None:
        return None
    return LoadError(item.origin, f"messages[{index}]",
                     f"会话 {item.id} 的第 {index} 条消息（从 0 计）时间早于前一条：消息必须按时间顺序排列，"
                     f"kefu 不会自动排序；请核对这条消息的 at 字段")


def run_check(policy, paths, fmt: str, stream, only=None, as_of: date | None = None, sink=None) -> RunSummary:
    """`sink(result)`, when given, sees each result before the reporter (the ledger records it)."""
    engine = Engine(policy, only)
    workload = _workload(paths) if engine.needs_workload else None
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    seen: dict[str, str] = {}
    early: dict[tuple, tuple] = {}    # early parameters -> (a ParameterSet, the days judged by earliest values)
    for item in iter_transcripts(paths):
        if isinstance(item, Transcript):
            if item.id in seen:
                item = LoadError(item.origin, "", f"会话 id {item.id!r} 重复（首次出现在 {seen[item.id]}）："
                                                  f"同一次检查中 id 必须唯一，请改名后重试")
            else:
                seen[item.id] = item.origin
                item = _order_error(item) or item
        if isinstance(item, LoadError):
            item = LoadError(item.file, item.location, mask_text(item.reason))   # reasons may quote the input
            summary.errors.append(item)
            summary.skipped += 1
            continue
        params = None
        if policy.parameters is not None:
            params = policy.parameters.on(as_of or judged_on(item) or date.today())
            if params.early:
                early.setdefault(params.early, (params, []))[1].append(params.on)
        result = engine.check(item, params, workload)
        summary.add(result)
        if sink is not None:
            sink(result)
        reporter.transcript(result)
    if summary.untimed and engine.timing_rules:
        summary.notices.append(
            f"{summary.untimed} 个会话没有时间戳，已跳过计时规则（{', '.join(engine.timing_rules)}），其他规则照常检查")
    for params, days in early.values():
        summary.notices.append(f"{len(days)} 个会话的{params.early_notice(days)}")
    reporter.finish(summary)
    return summary
