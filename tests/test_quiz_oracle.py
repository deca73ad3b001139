"""The checker is the oracle of every example-based question: run it on every option of
every such question (the whole pool, and a paper's key as written to disk) and assert it
agrees with the answer key. A disagreement is a defect in the rules or the generator."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from checker.engine import Engine, check_text
from checker.policy import Example
from checker.selftest import example_findings
from conftest import ROOT
from quiz.context import month_start
from quiz.keyfile import read_key
from quiz.pool import build_pool

MONTH = "2026-11"


@pytest.fixture(scope="module")
def pool(policy):
    return build_pool(policy, MONTH)


@pytest.fixture(scope="module")
def fresh_engine(policy):
    return Engine(policy)     # not the generator's engine: an independent run of the checker


def fired(engine, utterance):
    return check_text(engine, utterance.agent, utterance.customer)


def assert_agrees(engine, policy, q):
    """One question: the checker's verdict on each option must match the key."""
    by_label = {o.label: o for o in q.options}
    if q.type == "pick_bad":
        for o in q.options:
            rules = {r for f in fired(engine, o.utterance) for r in f.matched_rules}
            if o.label == q.answer:
                assert set(q.rules) & rules, (q.id, o.text, "the keyed reply is not flagged")
            else:
                assert not rules, (q.id, o.text, f"a distractor is flagged: {rules}")
    elif q.type == "which_norm":
        norms = {f.norm for f in fired(engine, q.utterance)}
        assert by_label[q.answer].value in norms, (q.id, norms)
        for o in q.options:
            if o.label != q.answer:
                assert o.value not in norms, (q.id, o.value, norms)
    elif q.type == "best_rewrite":
        assert fired(engine, q.utterance), (q.id, "the reply to rewrite is not flagged")
        for o in q.options:
            assert o.utterance.customer == (q.utterance.customer or None)
            flagged = fired(engine, o.utterance)
            assert (not flagged) == (o.label == q.answer), (q.id, o.text, [f.rule for f in flagged])
    elif q.type == "true_false":
        rules = {r for f in fired(engine, q.utterance) for r in f.matched_rules}
        if q.answer == "错":
            assert set(q.rules) & rules, (q.id, q.utterance)
        else:
            assert q.answer == "对" and not rules, (q.id, rules)
    elif q.type == "spot_message":
        findings = example_findings(engine, Example(conversation=dict(q.conversation)))
        assert {f.message for f in findings} == {int(by_label[q.answer].value)}, (q.id, findings)
        assert set(q.rules) & {r for f in findings for r in f.matched_rules}
        for o in q.options:
            assert q.conversation["messages"][int(o.value)]["from"] == "agent"
            assert q.conversation["messages"][int(o.value)]["text"] == o.text
    elif q.type == "number":
        if q.id.startswith("num-points-"):
            assert q.answer == str(policy.rule(q.rules[0]).points)
        elif q.id.startswith("num-kpi-"):
            from checker.scoring.scheme_loader import load_scheme
            kpi = next(k for k in load_scheme(ROOT / "policies" / "scoring").kpis if f"num-kpi-{k.key}" == q.id)
            top = kpi.tiers[0]
            assert float(q.answer) == float(top.min if top.min is not None else top.max)
        else:
            name = q.id.removeprefix("num-param-")
            assert float(q.answer) == float(policy.parameters.on(month_start(MONTH))[name])
    elif q.type == "ordering":
        steps = [int(by_label[c].value) for c in q.answer]
        assert steps == sorted(steps) and len(q.answer) == len(q.options) == len(set(q.answer))
    else:
        raise AssertionError(f"unknown type {q.type}")


def test_every_pool_question_agrees_with_the_checker(pool, policy, fresh_engine):
    assert pool.questions
    for q in pool.questions:
        assert_agrees(fresh_engine, policy, q)


def test_a_written_key_agrees_with_the_checker(tmp_path, policy, fresh_engine):
    from checker.cli import app
    result = CliRunner().invoke(app, ["quiz", "make", "--month", MONTH, "--agent", "阿杰", "--seed", "oracle",
                                      "--out", str(tmp_path), "--policies", str(ROOT / "policies")])
    assert result.exit_code == 0, result.output
    key = read_key(tmp_path / "key.yaml")
    types = {i.question.type for i in key.items}
    assert {"pick_bad", "which_norm", "best_rewrite", "true_false", "spot_message"} <= types
    for item in key.items:
        assert_agrees(fresh_engine, policy, item.question)


def test_all_question_types_are_in_the_pool(pool):
    from quiz.policydata import TYPES
    assert {q.type for q in pool.questions} == set(TYPES)


def test_ids_are_unique(pool):
    ids = [q.id for q in pool.questions]
    assert len(ids) == len(set(ids))


def test_candidate_facing_text_is_chinese(pool):
    import re
    han = re.compile(r"[\u4e00-\u9fff]")
    for q in pool.questions:
        assert han.search(q.stem) and han.search(q.explanation.message), q.id


def test_answers_are_spread_over_the_letters(pool):
    from collections import Counter
    for qtype in ("pick_bad", "which_norm", "best_rewrite", "spot_message"):
        letters = Counter(q.answer for q in pool.questions if q.type == qtype)
        total = sum(letters.values())
        assert len(letters) >= 3 and max(letters.values()) <= total / 2, (qtype, letters)
