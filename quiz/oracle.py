"""The checker as the oracle of every example-based question: the generator keeps a
question only when the checker agrees with its answer, and the tests ask it again."""
from __future__ import annotations

from checker.engine import Engine, check_text
from checker.model import Finding
from checker.policy import Example, Policy
from checker.selftest import example_findings

from .model import Utterance


class Oracle:
    def __init__(self, policy: Policy, engine: Engine | None = None):
        self.policy = policy
        self.engine = engine or Engine(policy)
        self._memo: dict[tuple, list[Finding]] = {}

    def utterance(self, u: Utterance) -> list[Finding]:
        """Findings on one reply, judged as `kefu rules test` judges a message example."""
        key = ("u", u.customer, u.agent)
        if key not in self._memo:
            self._memo[key] = check_text(self.engine, u.agent, u.customer)
        return self._memo[key]

    def fires(self, u: Utterance) -> bool:
        return bool(self.utterance(u))

    def norms(self, u: Utterance) -> set[str]:
        return {f.norm for f in self.utterance(u)}

    def rules(self, u: Utterance) -> set[str]:
        return {r for f in self.utterance(u) for r in f.matched_rules}

    def conversation(self, record: dict) -> list[Finding]:
        """Findings on a whole chat (a canonical record, `concurrency` allowed), every rule."""
        return list(example_findings(self.engine, Example(conversation=dict(record))))

    def flagged_messages(self, record: dict) -> set[int | None]:
        return {f.message for f in self.conversation(record)}
