"""`context`: a phrase or pattern that is a violation only after certain customer words.

The context is the customer's previous round: the customer messages just before the
agent message (system messages skipped). Hedging is only hedging as an answer to a
question; a head-on answer is only sensitive when the customer asked about others' prices.
"""
from .base import COMMON_FIELDS, Detector, Field, field_map, required_facts

KIND = "context"
SCOPE = "message"       # judged on each human agent message
DESCRIPTION = "只在顾客上一轮说了某些话之后，客服消息中的短语才算违规"
FIELDS = field_map(
    (
        Field("phrases", list, [], doc="literal phrases", item_type=str),
        Field("patterns", list, [], doc="regexes", item_type=str),
        Field("context", dict, required=True,
              doc="what the customer's previous round must contain: {phrases: [...], patterns: [...]}"),
    ),
    COMMON_FIELDS,
)
CONTEXT_KEYS = ("phrases", "patterns")


def validate(options: dict) -> list[tuple[str, str]]:
    """Kind-specific checks: (field, problem) pairs."""
    problems = []
    if not options["phrases"] and not options["patterns"]:
        problems.append(("phrases", "context 规则至少需要 phrases 或 patterns 之一"))
    ctx = options["context"]
    for key in ctx:
        if key not in CONTEXT_KEYS:
            problems.append((f"context.{key}", f"未知字段；允许的字段：{', '.join(CONTEXT_KEYS)}"))
        elif not isinstance(ctx[key], list) or not all(isinstance(x, str) for x in ctx[key]):
            problems.append((f"context.{key}", "应为字符串列表"))
    if not any(ctx.get(k) for k in CONTEXT_KEYS):
        problems.append(("context", "context 至少需要 phrases 或 patterns 之一"))
    return problems


def build(options: dict, compile_regex, normalise_phrase) -> Detector:
    ctx = options["context"]
    return Detector(
        phrases=tuple(normalise_phrase(p, options["case_sensitive"]) for p in options["phrases"]),
        patterns=tuple(compile_regex(p) for p in options["patterns"]),
        exceptions=tuple(compile_regex(p) for p in options["exceptions"]),
        unless=tuple(compile_regex(p) for p in options["unless"]),
        case_sensitive=options["case_sensitive"],
        facts=required_facts(options),
        context_phrases=tuple(normalise_phrase(p, False) for p in ctx.get("phrases", [])),
        context_patterns=tuple(compile_regex(p) for p in ctx.get("patterns", [])),
        needs_context=True,
    )
