"""Every rule's examples as test cases (after sqlfluff's YAML test cases):
`pytest -k harsh-flat-refusal` runs one rule's cases."""
from __future__ import annotations

import pytest

from checker.engine import Engine, check_text
from checker.selftest import example_findings
from checker.norms import NORMS
from checker.policy import load_policy
from conftest import ROOT

POLICY = load_policy(ROOT / "policies")
ENGINE = Engine(POLICY)
CASES = [
    pytest.param(rule.id, side, example, id=f"{rule.id}-{side}-{i}")
    for rule in POLICY.rules
    for side, examples in (("bad", rule.bad), ("good", rule.good))
    for i, example in enumerate(examples)
]


@pytest.mark.parametrize("rule_id, side, example", CASES)
def test_example(rule_id, side, example):
    fired = {r for f in example_findings(ENGINE, example) for r in f.matched_rules}
    if side == "bad":
        assert rule_id in fired, f"{example.label()} should trigger {rule_id}"
    else:
        assert not fired, f"{example.label()} should trigger nothing, triggered {fired}"


@pytest.mark.parametrize("norm", list(NORMS))
def test_every_norm_has_three_bad_and_three_good(norm):
    rules = [r for r in POLICY.rules if r.norm == norm]
    assert rules, f"no rule for norm {norm}"
    assert sum(len(r.bad) for r in rules) >= 3
    assert sum(len(r.good) for r in rules) >= 3


NEAR_MISSES = [
    "不行的话您也可以选择七天无理由退货",
    "不知道您方便什么时候收货呢",
    "没有不可以的哦",
    "一定帮您跟进",
    "我帮您申请，主管审批后给您改价",
    "满300减20",
    "正常情况下明天能到，具体以物流为准",
    "好的！",
    "亲~~",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_named_by_the_issue_are_clean(text):
    assert check_text(ENGINE, text, "请问这个怎么弄？") == []
    assert check_text(ENGINE, text) == []


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_among_the_good_examples(text):
    goods = {e.agent for r in POLICY.rules for e in r.good}
    assert any(text in g for g in goods), f"{text} is not documented as a good example"
