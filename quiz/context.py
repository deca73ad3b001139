"""What the question builders share: the policy, the checker oracle, the exam data, the
date whose parameters apply, and helpers that turn rules into candidate-facing text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker.ledger.clock import previous_months as ledger_previous_months
from checker.norms import NORMS
from checker.policy import Example, Policy, Rule

from .model import Explanation, Utterance
from .oracle import Oracle
from .policydata import Blueprint, Procedure, load_blueprint, load_procedures

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_start(month: str) -> date:
    m = MONTH_RE.match(month)
    if not m:
        raise ValueError(f"月份应为 YYYY-MM 格式，如 2026-11：{month!r}")
    return date(int(m.group(1)), int(m.group(2)), 1)


def previous_months(month: str, count: int) -> list[str]:
    """The `count` months before `month` (validated here, counted by the ledger's clock)."""
    month_start(month)
    return ledger_previous_months(month, count)


@dataclass
class Reject:
    """A candidate question the builder dropped, and why (shown by `kefu quiz pool`)."""
    type: str
    source: str
    reason: str


@dataclass
class BuildContext:
    policy: Policy
    oracle: Oracle
    blueprint: Blueprint
    procedures: tuple[Procedure, ...]
    on: date                                   # parameters in force on this day
    rejects: list[Reject] = field(default_factory=list)

    @classmethod
    def create(cls, policy: Policy, month: str) -> "BuildContext":
        directory = Path(policy.directory)
        return cls(policy=policy, oracle=Oracle(policy), blueprint=load_blueprint(directory),
                   procedures=load_procedures(directory, {r.id for r in policy.rules}), on=month_start(month))

    @property
    def params(self):
        return self.policy.parameters.on(self.on) if self.policy.parameters is not None else None

    @property
    def version(self) -> str:
        params = self.params
        if params is not None and params.effective:
            return f"{self.policy.version}@{params.effective.isoformat()}"
        return self.policy.version

    @property
    def message_rules(self) -> list[Rule]:
        return [r for r in self.policy.rules if r.scope == "message"]

    @property
    def conversation_rules(self) -> list[Rule]:
        return [r for r in self.policy.rules if r.scope == "conversation"]

    def group_norms(self, norm: str) -> set[str]:
        group = self.blueprint.group_of(norm)
        return set(group.norms) if group else {norm}

    def reject(self, qtype: str, source: str, reason: str) -> None:
        self.rejects.append(Reject(qtype, source, reason))


def rule_name(rule: Rule) -> str:
    """The rule's title with its norm, as candidates read it: “不确定”（不确定字眼）."""
    title = rule.title if "“" in rule.title else f"“{rule.title}”"
    return title if rule.title == NORMS[rule.norm] else f"{title}（{NORMS[rule.norm]}）"


def explain(rule: Rule) -> Explanation:
    title = rule.title if rule.title == NORMS[rule.norm] else f"{rule.title}（{NORMS[rule.norm]}）"
    return Explanation(title=title, message=rule.message,
                       source=rule.source.cite(), suggestion=rule.suggestion)


def utterance_of(example: Example) -> Utterance:
    return Utterance(agent=example.agent, customer=example.customer)


def example_ref(rule: Rule, side: str, example: Example) -> str:
    """A stable name of a rule example that survives reordering: rule, side, content hash."""
    from .det import digest
    content = example.label() if example.conversation is not None else (example.customer or "", example.agent)
    return f"{rule.id}/{side}/{digest(content, length=6)}"


def show(u: Utterance) -> str:
    """A reply as the candidate reads it, with the customer's words when they matter."""
    return f"（顾客：{u.customer}）客服：{u.agent}" if u.customer else u.agent


_QUOTED = re.compile(r"“([^“”]+)”")
_PLACEHOLDER = re.compile(r"…|\.\.\.|××|xx|／|/|\(|（")


def suggested_reply(rule: Rule) -> str | None:
    """The reply the suggestion spells out (its last “…” quote), when it is a complete
    reply an agent could send as is (no …… or ×× placeholder, no either/or slash)."""
    quotes = _QUOTED.findall(rule.suggestion)
    if not quotes:
        return None
    reply = quotes[-1].strip()
    if not reply or _PLACEHOLDER.search(reply):
        return None
    return reply
