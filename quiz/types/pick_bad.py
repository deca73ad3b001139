"""哪一句回复违反了规范: a rule's bad example among three good examples (of the same
norm group where there are enough). The checker must flag the bad one and none other."""
from __future__ import annotations

from typing import Iterator

from ..context import BuildContext, example_ref, explain, utterance_of
from ..det import digest, keyed_order
from ..model import Question
from .choice import letter_options, reply_item

TYPE = "pick_bad"
DISTRACTORS = 3
STEM = "下面哪一句客服回复违反了服务规范？"


def build(ctx: BuildContext) -> Iterator[Question]:
    goods = [(r, utterance_of(e)) for r in ctx.message_rules for e in r.good]
    goods = [(r, u) for r, u in goods if not ctx.oracle.fires(u)]
    for rule in ctx.message_rules:
        near = [u for r, u in goods if r.norm in ctx.group_norms(rule.norm)]
        far = [u for r, u in goods if r.norm not in ctx.group_norms(rule.norm)]
        for example in rule.bad:
            bad = utterance_of(example)
            ref = example_ref(rule, "bad", example)
            if rule.id not in ctx.oracle.rules(bad):
                ctx.reject(TYPE, ref, "检查器没有在这条 bad 示例上触发本规则")
                continue
            qid = f"pick-bad-{rule.id}-{digest(ref, length=6)}"
            pool = keyed_order(near, qid, key=lambda u: u.agent) + keyed_order(far, qid, key=lambda u: u.agent)
            seen = {bad.agent}
            others = []
            for u in pool:
                if u.agent not in seen and len(others) < DISTRACTORS:
                    seen.add(u.agent)
                    others.append(reply_item(u))
            if len(others) < DISTRACTORS:
                ctx.reject(TYPE, ref, "合规的干扰项不足")
                continue
            options, answer = letter_options(reply_item(bad), others, qid)
            yield Question(id=qid, type=TYPE, norm=rule.norm, family=rule.id, stem=STEM, answer=answer,
                           rules=(rule.id,), policy=ctx.version, explanation=explain(rule), options=options,
                           source=ref)
