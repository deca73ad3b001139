"""Wire loaders, engine and a reporter for one `kefu check` run, streaming."""
from __future__ import annotations

from .engine import Engine
from .loaders import iter_transcripts
from .model import LoadError
from .report import RunSummary, get_reporter


def run_check(policy, paths, fmt: str, stream, only=None) -> RunSummary:
    engine = Engine(policy, only)
    reporter = get_reporter(fmt, stream)
    summary = RunSummary(policy_version=policy.version)
    reporter.start(policy)
    seen: dict[str, str] = {}
    for item in iter_transcripts(paths):
        if isinstance(item, LoadError):
            summary.errors.append(item)
            summary.skipped += 1
            continue
        if item.id in seen:
            summary.errors.append(LoadError(item.origin, "", f"会话 id {item.id!r} 重复（首次出现在 {seen[item.id]}）：同一次检查中 id 必须唯一，请改名后重试"))
            summary.skipped += 1
            continue
        seen[item.id] = item.origin
        result = engine.check(item)
        summary.add(result)
        reporter.transcript(result)
    reporter.finish(summary)
    return summary
