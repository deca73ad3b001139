"""这句回复违反了哪一条规范: a bad example; the options are its norm and three message
norms the checker does not find in it."""
from __future__ import annotations

from typing import Iterator

from checker.norms import MESSAGE_LEVEL, NORMS

from ..context import BuildContext, example_ref, explain, utterance_of
from ..det import digest, keyed_order
from ..model import Question
from .choice import letter_options

TYPE = "which_norm"
STEM = "下面这句客服回复违反了哪一条服务规范？"


def build(ctx: BuildContext) -> Iterator[Question]:
    for rule in ctx.message_rules:
        for example in rule.bad:
            u = utterance_of(example)
            ref = example_ref(rule, "bad", example)
            fired = ctx.oracle.norms(u)
            if rule.norm not in fired:
                ctx.reject(TYPE, ref, "检查器没有在这条 bad 示例上找到本规范")
                continue
            qid = f"which-norm-{rule.id}-{digest(ref, length=6)}"
            others = [n for n in keyed_order(MESSAGE_LEVEL, qid) if n not in fired][:3]
            options, answer = letter_options((NORMS[rule.norm], None, rule.norm),
                                             [(NORMS[n], None, n) for n in others], qid)
            yield Question(id=qid, type=TYPE, norm=rule.norm, family=rule.id, stem=STEM, answer=answer,
                           rules=(rule.id,), policy=ctx.version, explanation=explain(rule), options=options,
                           utterance=u, source=ref)
