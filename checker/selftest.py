"""`kefu rules test`: every example of every rule, run like `opa test`."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from .conversation import Workload
from .engine import Engine, check_text
from .loaders.canonical import parse_record
from .policy import Example, Policy
from .text.safety import adversarial_problem


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    side: str            # bad | good
    index: int
    example: Example
    fired: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.rule in self.fired if self.side == "bad" else not self.fired

    @property
    def name(self) -> str:
        return f"{self.rule}[{self.side}-{self.index}]"


class FixedWorkload(Workload):
    """An example's stated concurrency: the agent has this many chats open throughout."""
    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def open_at(self, agent, moment) -> int:
        return self.count


_lint_engines: "weakref.WeakKeyDictionary[Engine, object]" = weakref.WeakKeyDictionary()


def template_findings(engine: Engine, example: Example):
    """Run a template rule's example as `kefu lint` would: its templates form one set,
    linted on the example's as_of (default: today), waived findings included."""
    from .lint.engine import LintEngine, today
    lint = _lint_engines.get(engine)
    if lint is None:
        lint = _lint_engines[engine] = LintEngine(engine.policy, message_engine=engine)
    results = lint.lint(example.template.build(), example.template.as_of or today())
    return [f.finding for r in results for f in r.findings]


def turn_findings(engine: Engine, example: Example):
    """A message example with the rest of its turn (next) or a later exchange (reply/after):
    the findings on the judged message, by the message rules."""
    from .model import Message, Transcript
    lines = ([("customer", example.customer)] if example.customer else []) + [("agent", example.agent)]
    judged = len(lines) - 1
    lines += list(example.turn)
    transcript = Transcript(id="example", agent="example",
                            messages=[Message(i, role, text) for i, (role, text) in enumerate(lines)])
    return [f for f in engine.check(transcript, conversation=False).findings if f.message == judged]


def example_findings(engine: Engine, example: Example):
    """Run one example as the rule base would see it in a real chat (a template rule's
    example: as `kefu lint` sees a template set)."""
    if example.template is not None:
        return template_findings(engine, example)
    if example.conversation is None and example.turn:
        return turn_findings(engine, example)
    if example.conversation is None:
        return check_text(engine, example.agent, example.customer)
    record = dict(example.conversation)
    concurrency = record.pop("concurrency", None)
    transcript, problems = parse_record(record)
    if transcript is None:
        raise ValueError(f"example is not a valid conversation: {problems}")
    workload = FixedWorkload(concurrency) if concurrency else None
    return engine.check(transcript, workload=workload).findings


def evaluate(policy: Policy, only: set[str] | None = None) -> list[ExampleResult]:
    engine = Engine(policy)
    results = []
    for rule in policy.rules:
        if only and rule.id not in only:
            continue
        for side, examples in (("bad", rule.bad), ("good", rule.good)):
            for i, example in enumerate(examples):
                fired = tuple(sorted({r for f in example_findings(engine, example) for r in f.matched_rules}))
                results.append(ExampleResult(rule.id, side, i, example, fired))
    return results


def run_examples(policy: Policy, only: set[str] | None, quiet: bool) -> int:
    console = Console(highlight=False, soft_wrap=True)
    results = evaluate(policy, only)
    failed = 0
    for r in results:
        if r.passed and quiet:
            continue
        line = Text()
        line.append("PASS" if r.passed else "FAIL", style="green" if r.passed else "bold red")
        line.append(f" {r.name} {r.example.label()}")
        if not r.passed:
            failed += 1
            if r.side == "bad":
                line.append(f"  —— 应触发 {r.rule}，实际触发：{', '.join(r.fired) or '无'}")
            else:
                line.append(f"  —— 不应触发任何规则，实际触发：{', '.join(r.fired)}")
        console.print(line)
    console.print(f"{len(results) - failed} passed, {failed} failed")
    unsafe = pattern_safety(policy, only)
    for rule_id, field_name, pattern, problem in unsafe:
        console.print(Text.assemble(("FAIL", "bold red"), f" 正则安全 {rule_id} {field_name} {pattern!r}：{problem}"))
    checked = sum(1 for _ in _rule_patterns(policy, only))
    console.print(f"正则安全：{checked} 个正则在长串对抗文本上{'全部' if not unsafe else '有 ' + str(len(unsafe)) + ' 个未'}在时限内完成")
    return failed + len(unsafe)


def _rule_patterns(policy: Policy, only: set[str] | None):
    for rule in policy.rules:
        if only and rule.id not in only:
            continue
        detector = rule.detector
        for field_name in ("patterns", "exceptions", "unless", "context_patterns"):
            for pattern in getattr(detector, field_name, ()) or ():
                if hasattr(pattern, "pattern"):
                    yield rule.id, field_name, pattern


def pattern_safety(policy: Policy, only: set[str] | None = None) -> list[tuple[str, str, str, str]]:
    """Every message-rule regex run over long repeats of its own alternatives (亲亲亲…),
    within a time budget: (rule, field, pattern, problem) for those that ran out of time."""
    out = []
    for rule_id, field_name, pattern in _rule_patterns(policy, only):
        problem = adversarial_problem(pattern.pattern, getattr(pattern, "flags", 0) & ~re.UNICODE)
        if problem:
            out.append((rule_id, field_name, pattern.pattern, problem))
    return out
