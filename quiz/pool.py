"""The question pool: every question the rule base yields for one month's parameters.
A question's id names its source (rule example, parameter, procedure), so ids are
stable across runs and the same id always carries the same options and answer."""
from __future__ import annotations

from dataclasses import dataclass

from checker.policy import Policy

from . import pool_cache
from .context import BuildContext, Reject, month_start
from .model import Question
from .types import BUILDERS


@dataclass
class Pool:
    questions: list[Question]
    rejects: list[Reject]
    context: BuildContext

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def cell(self, group_norms: tuple[str, ...], qtype: str) -> list[Question]:
        return [q for q in self.questions if q.type == qtype and q.norm in group_norms]


_cache: dict[tuple, Pool] = {}


def build_pool(policy: Policy, month: str, cached: bool = True) -> Pool:
    """The pool for a month. Months under the same parameter values share one pool (the
    questions depend on the month only through the parameters in force)."""
    params = policy.parameters.on(month_start(month)) if policy.parameters is not None else None
    key = (policy.directory, policy.version,
           tuple(sorted((n, v.start) for n, v in params.values.items())) if params else month)
    if cached and key in _cache:
        return _cache[key]
    ctx = BuildContext.create(policy, month)
    stored = pool_cache.read(key) if cached else None
    if stored is not None:
        ctx.rejects = stored[1]
        pool = _cache[key] = Pool(stored[0], ctx.rejects, ctx)
        return pool
    questions: list[Question] = []
    seen: set[str] = set()
    for qtype, build in BUILDERS.items():
        for q in build(ctx):
            if q.id in seen:
                ctx.reject(qtype, q.source, f"题目 id 重复：{q.id}")
                continue
            seen.add(q.id)
            questions.append(q)
    pool = Pool(questions, ctx.rejects, ctx)
    _cache[key] = pool
    pool_cache.write(key, questions, ctx.rejects)
    return pool
