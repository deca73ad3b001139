"""One finding per message and rule, and, for scoring, one per message and norm.

A rule with fact options posts one event per hit, so it can fire several times on one
message: those findings become one, its `span` the first hit and `spans` all of them.
Several rules of a norm often match the same message too (这个不归我们管，你去找快递吧 is a
not-my-job, a go-find-others and a referral at once); a reviewer marks the message once.
With `per_norm` the finding kept is the costliest rule's (points, then level, then the
rule base's order); it names the other rules in `also_rules`. Conversation findings are
untouched.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Finding

LEVEL_RANK = {"error": 0, "warning": 1, "review": 2}


def merge_findings(findings: list[Finding], order: dict[str, int], per_norm: bool = True) -> list[Finding]:
    """`order`: rule id -> position of the message rules in the rule base (others are kept as they are)."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.rule in order and finding.message is not None:
            groups.setdefault((finding.message, finding.norm if per_norm else finding.rule), []).append(finding)
        else:
            kept.append(finding)
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        # stable: one rule's findings keep the engine's order (its first hit leads)
        group.sort(key=lambda f: (-f.points, LEVEL_RANK.get(f.level, 9), order[f.rule]))
        first = group[0]
        details = dict(first.details)
        same_rule = [f for f in group if f.rule == first.rule]
        if len(same_rule) > 1:
            details["spans"] = [list(span) for span in sorted({tuple(f.span) for f in same_rule})]
        others = sorted({f.rule for f in group} - {first.rule}, key=order.__getitem__)
        if others:
            details["also_rules"] = others
        kept.append(replace(first, details=details))
    return kept
