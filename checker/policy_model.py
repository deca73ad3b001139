"""The rule model: a Rule, the Policy that holds the rules, and the problems a rule base can
have (PolicyProblem / PolicyError, naming file:line:column, rule and field). Imported by the
loader, the parameters and the scoring scheme alike, so none of them imports another's loader."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .examples import Example

SEEDS = ("000", "001", "002", "003", "004")
DICTIONARY = "dictionary.txt"          # the segmenter's custom dictionary (checker/text/segment.py)


def default_policy_dir() -> Path:
    env = os.environ.get("KEFU_POLICIES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "policies"
    if here.is_dir():
        return here
    import sys
    return Path(sys.prefix) / "share" / "kefu" / "policies"


@dataclass(frozen=True)
class Source:
    seed: str
    section: str
    quote: str

    def cite(self) -> str:
        return f"{self.seed} {self.section}：「{self.quote}」"




@dataclass
class Rule:
    id: str
    norm: str
    title: str
    message: str
    kind: str
    level: str
    points: int
    source: Source
    suggestion: str
    bad: list[Example]
    good: list[Example]
    options: dict[str, Any]
    detector: Any                     # a kinds.base.Detector, or a conversation detector
    file: str = ""
    line: int = 0
    scope: str = "message"           # the kind's scope: message | template | conversation

    # A pickled rule (the cached rule base) keeps its examples as a pickle of their own,
    # unpickled on first use: checking never reads them, and they are a third of the time
    # the cached rule base takes to load.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "bad" in state or "good" in state:
            from .packed import pack
            state[_EXAMPLES] = pack((state.pop("bad"), state.pop("good")))
        return state

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        if name in ("bad", "good") and _EXAMPLES in state:
            from .packed import unpack
            state["bad"], state["good"] = unpack(state[_EXAMPLES])
            del state[_EXAMPLES]
            return state[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_EXAMPLES = "_examples"

@dataclass(frozen=True)
class PolicyProblem:
    file: str
    line: int
    column: int
    rule: str
    field: str
    problem: str

    def __str__(self) -> str:
        rule = f"规则 {self.rule}" if self.rule else "文件"
        fld = f" 字段 {self.field}" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {rule}{fld}: {self.problem}"


class PolicyError(Exception):
    def __init__(self, problems: list[PolicyProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Policy:
    rules: list[Rule]
    version: str                     # content hash of the rule and parameter files
    directory: str
    parameters: Any = None           # parameters.Parameters

    @property
    def dictionary(self) -> Path | None:
        """The segmenter's custom dictionary of this rule base, if it has one."""
        path = Path(self.directory) / DICTIONARY
        return path if path.is_file() else None

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
