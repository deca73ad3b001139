"""最佳改写: a bad reply; the right option is the reply the rule's suggestion spells out,
the others are bad examples of other rules, each flagged by the checker in the same
customer context while the suggested reply is not. One question per rule: the suggestion
was written for one situation, so the bad example shown is the one closest to it (most
shared character pairs)."""
from __future__ import annotations

from typing import Iterator

from ..context import BuildContext, example_ref, explain, suggested_reply, utterance_of
from ..det import keyed_order
from ..model import Question, Utterance
from .choice import letter_options

TYPE = "best_rewrite"
DISTRACTORS = 3
STEM = "下面这句客服回复违反了服务规范。哪一种改写最恰当？"


def build(ctx: BuildContext) -> Iterator[Question]:
    bads = [(r, e) for r in ctx.message_rules for e in r.bad]
    for rule in ctx.message_rules:
        reply = suggested_reply(rule)
        if reply is None:
            ctx.reject(TYPE, rule.id, "suggestion 中没有可直接发送的完整回复（含……/××等占位）")
            continue
        for example in sorted(rule.bad, key=lambda e: -_overlap(e, reply))[:1]:
            ref = example_ref(rule, "bad", example)
            stem_u = utterance_of(example)
            right = Utterance(reply, example.customer)
            if ctx.oracle.fires(right):
                ctx.reject(TYPE, ref, f"建议的回复“{reply}”在该语境下被检查器判为违规："
                                      f"{', '.join(sorted(ctx.oracle.rules(right)))}")
                continue
            qid = f"best-rewrite-{rule.id}"
            others, seen = [], {reply}
            for other_rule, other in keyed_order(bads, qid, key=lambda p: p[1].agent):
                if other_rule.id == rule.id or other.agent in seen:
                    continue
                candidate = Utterance(other.agent, example.customer)
                if ctx.oracle.fires(candidate):
                    seen.add(other.agent)
                    others.append((other.agent, candidate, ""))
                if len(others) == DISTRACTORS:
                    break
            if len(others) < DISTRACTORS:
                ctx.reject(TYPE, ref, "违规的干扰项不足")
                continue
            options, answer = letter_options((reply, right, ""), others, qid)
            yield Question(id=qid, type=TYPE, norm=rule.norm, family=rule.id, stem=STEM, answer=answer,
                           rules=(rule.id,), policy=ctx.version, explanation=explain(rule), options=options,
                           utterance=stem_u, source=ref)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _overlap(example, reply: str) -> int:
    return len(_bigrams((example.customer or "") + example.agent) & _bigrams(reply))
