"""Draw one candidate's paper from the pool by the blueprint.

Deterministic: the order of candidates in every blueprint cell is a keyed hash of
(month, agent, seed), so the same inputs give the same paper and two agents draw
different ones from the same pools. Questions the agent had in the previous months the
blueprint names are skipped (they come back only if a cell would otherwise run short);
within a paper no two questions share a family (rule, procedure, parameter) while the
cell has enough others."""
from __future__ import annotations

from dataclasses import dataclass, field

from .det import digest, keyed_order
from .model import TYPE_ORDER, TYPE_TITLES, Question
from .policydata import Blueprint
from .pool import Pool


class PoolTooSmall(Exception):
    pass


@dataclass(frozen=True)
class Item:
    number: int
    points: int
    group: str
    question: Question


@dataclass
class Paper:
    id: str
    month: str
    agent: str
    seed: str
    policy: str
    blueprint: Blueprint
    items: list[Item]
    warnings: list[str] = field(default_factory=list)

    @property
    def max_score(self) -> int:
        return sum(i.points for i in self.items)


def paper_salt(month: str, agent: str, seed: str) -> str:
    return digest("kefu-quiz-paper", month, agent.strip(), seed)


def _pick(candidates: list[Question], count: int, salt: str, used_families: set[str]) -> list[Question]:
    ordered = keyed_order(candidates, salt, key=lambda q: q.id)
    chosen: list[Question] = []
    for q in ordered:                         # first pass: one question per family
        if len(chosen) < count and q.family not in used_families:
            chosen.append(q)
            used_families.add(q.family)
    for q in ordered:                         # then any, if the cell is short of families
        if len(chosen) < count and q not in chosen:
            chosen.append(q)
            used_families.add(q.family)
    return chosen


def draw(pool: Pool, blueprint: Blueprint, month: str, agent: str, seed: str = "",
         history: set[str] | None = None) -> Paper:
    history = history or set()
    salt = paper_salt(month, agent, seed)
    picked: list[tuple[str, Question]] = []
    warnings: list[str] = []
    used_families: set[str] = set()
    for group in blueprint.groups:
        for qtype in TYPE_ORDER:
            count = group.questions.get(qtype, 0)
            if not count:
                continue
            cell = pool.cell(group.norms, qtype)
            if len(cell) < count:
                raise PoolTooSmall(f"分组“{group.title}”的{TYPE_TITLES[qtype]}只有 {len(cell)} 道，蓝图要求 {count} 道")
            fresh = [q for q in cell if q.id not in history]
            chosen = _pick(fresh, count, f"{salt}/{group.id}/{qtype}", used_families)
            if len(chosen) < count:
                again = count - len(chosen)
                stale = [q for q in cell if q.id in history]
                chosen += _pick(stale, again, f"{salt}/{group.id}/{qtype}/again", used_families)
                warnings.append(f"分组“{group.title}”的{TYPE_TITLES[qtype]}新题不足，有 {again} 道是往月考过的题")
            picked += [(group.id, q) for q in chosen]
    ordered = []
    for qtype in TYPE_ORDER:
        of_type = [(g, q) for g, q in picked if q.type == qtype]
        ordered += keyed_order(of_type, f"{salt}/order/{qtype}", key=lambda gq: gq[1].id)
    items = [Item(n, blueprint.points[q.type], g, q) for n, (g, q) in enumerate(ordered, 1)]
    policy = pool.context.version
    paper_id = f"{month}-{digest(salt, policy, *[i.question.id for i in items], length=8)}"
    return Paper(paper_id, month, agent.strip(), seed, policy, blueprint, items, warnings)
