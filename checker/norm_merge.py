"""One message that breaks one norm costs the agent once.

Several rules of a norm often match the same message (这个不归我们管，你去找快递吧 is a
not-my-job, a go-find-others and a referral at once); a reviewer marks the message once.
The finding kept is the costliest rule's (points, then level, then the rule base's order);
it names the other rules in `also_rules`. Findings of other norms, and conversation
findings, are untouched.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Finding

LEVEL_RANK = {"error": 0, "warning": 1, "review": 2}


def one_per_norm(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """`order`: rule id -> position of the message rules in the rule base (others are kept as they are)."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.rule in order and finding.message is not None:
            groups.setdefault((finding.message, finding.norm), []).append(finding)
        else:
            kept.append(finding)
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        group.sort(key=lambda f: (-f.points, LEVEL_RANK.get(f.level, 9), order[f.rule], f.span or (0, 0)))
        first = group[0]
        others = sorted({f.rule for f in group[1:]} - {first.rule}, key=order.__getitem__)
        kept.append(replace(first, details={**first.details, "also_rules": others}) if others else first)
    return kept
