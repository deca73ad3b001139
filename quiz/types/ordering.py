"""流程排序题: the steps of a procedure of policies/exam/procedures.yaml, shuffled; the
whole procedure, and for long ones every four-step selection (kept in order)."""
from __future__ import annotations

from itertools import combinations
from typing import Iterator

from ..context import BuildContext
from ..det import shuffled_not_identity
from ..model import LETTERS, Explanation, Option, Question
from ..policydata import Procedure

TYPE = "ordering"
MIN_STEPS = 3
SUBSET = 4


def build(ctx: BuildContext) -> Iterator[Question]:
    for proc in ctx.procedures:
        if not proc.complete:
            ctx.reject(TYPE, proc.id, f"流程不完整（{proc.note or '手册只列出部分步骤'}）")
            continue
        if len(proc.steps) < MIN_STEPS:
            ctx.reject(TYPE, proc.id, f"步骤少于 {MIN_STEPS} 步")
            continue
        n = len(proc.steps)
        selections = [tuple(range(n))]
        if n > SUBSET:
            selections += list(combinations(range(n), SUBSET))
        for sel in selections:
            yield _question(ctx, proc, sel, full=len(sel) == n)


def _question(ctx: BuildContext, proc: Procedure, sel: tuple[int, ...], full: bool) -> Question:
    qid = f"order-{proc.id}" if full else f"order-{proc.id}-{''.join(str(i + 1) for i in sel)}"
    shown = shuffled_not_identity(list(sel), qid, key=str)
    options = tuple(Option(LETTERS[k], proc.steps[i].name, value=str(i + 1)) for k, i in enumerate(shown))
    label_of = {int(o.value) - 1: o.label for o in options}
    answer = "".join(label_of[i] for i in sel)
    scope = "" if full else "（只列出其中几步）"
    quotes = "」「".join(proc.steps[i].quote for i in sel)
    return Question(
        id=qid, type=TYPE, norm=proc.norm, family=f"procedure:{proc.id}",
        stem=f"把“{proc.title}”的下列步骤按先后顺序排列{scope}，按顺序写出字母。", answer=answer,
        rules=proc.rules, policy=ctx.version, options=options, source=f"procedures.yaml:{proc.id}",
        explanation=Explanation(title=proc.title,
                                message=" → ".join(proc.steps[i].name for i in sel),
                                source=f"{proc.source.text()}：「{quotes}」"))
