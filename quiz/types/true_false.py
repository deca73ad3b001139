"""判断题: one reply (a bad or a good example); is it within the norms?"""
from __future__ import annotations

from typing import Iterator

from ..context import BuildContext, example_ref, explain, utterance_of
from ..det import digest
from ..model import Question

TYPE = "true_false"
STEM = "判断：下面这句客服回复符合服务规范。"
TRUE, FALSE = "对", "错"


def build(ctx: BuildContext) -> Iterator[Question]:
    for rule in ctx.message_rules:
        for side, examples in (("bad", rule.bad), ("good", rule.good)):
            for example in examples:
                u = utterance_of(example)
                ref = example_ref(rule, side, example)
                fired = ctx.oracle.rules(u)
                agrees = rule.id in fired if side == "bad" else not fired
                if not agrees:
                    ctx.reject(TYPE, ref, f"检查器的结论与示例的 {side} 标注不符：{', '.join(sorted(fired)) or '无'}")
                    continue
                qid = f"tf-{rule.id}-{side}-{digest(ref, length=6)}"
                yield Question(id=qid, type=TYPE, norm=rule.norm, family=rule.id, stem=STEM,
                               answer=FALSE if side == "bad" else TRUE, rules=(rule.id,), policy=ctx.version,
                               explanation=explain(rule), utterance=u, source=ref)
