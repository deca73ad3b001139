"""The exam's policy data: the blueprint and the procedures (002 四 follow-up script, the
complaint processes of 002 and 003), each step's quote verbatim in its seed, and a pool
big enough for the blueprint's no-repeat window."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.normalize import normalise
from checker.policy import PolicyError, load_policy
from conftest import ROOT, SEEDS
from quiz.policydata import load_blueprint, load_procedures
from quiz.pool import build_pool

PINYIN = re.compile(r"\([a-z\u00e0-\u01dc]+\)")
# The 004 page is garbled in places: 分數 came through as "分?jǐn)?shù)". Known spots only.
GARBLED = {"分?jǐn)?shù)": "分数"}


def _squash(text: str) -> str:        # as tests/test_seed_quotes.py compares rule quotes
    for bad, good in GARBLED.items():
        text = text.replace(bad, good)
    text = PINYIN.sub("", normalise(text, fold_case=True))
    return re.sub(r"[\s\"'“”「」『』《》、,，.。:：;；()（）!?]", "", text)


def _seed(seed: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return _squash(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8"))


def test_procedure_quotes_are_in_their_seeds(policy):
    procedures = load_procedures(ROOT / "policies", {r.id for r in policy.rules})
    assert {p.id for p in procedures} >= {"complaint-process", "complaint-six-steps", "callback-script"}
    for proc in procedures:
        seed = _seed(proc.source.seed)
        for step in proc.steps:
            assert _squash(step.quote) in seed, (proc.id, step.quote)


def test_blueprint_quotes_are_in_their_seeds():
    bp = load_blueprint(ROOT / "policies")
    for cite in (bp.source, bp.pass_source, bp.full_mark_source):
        assert _squash(cite.quote) in _seed(cite.seed), cite


def test_blueprint_adds_up():
    bp = load_blueprint(ROOT / "policies")
    assert bp.pass_mark == 60 and bp.full_mark == 100 and bp.minutes > 0 and bp.no_repeat_months >= 1
    assert sum(bp.points[t] * n for g in bp.groups for t, n in g.questions.items()) == bp.full_mark


def test_pool_lasts_the_no_repeat_window(policy):
    bp = load_blueprint(ROOT / "policies")
    pool = build_pool(policy, "2026-11")
    for g in bp.groups:
        for qtype, count in g.questions.items():
            assert len(pool.cell(g.norms, qtype)) >= count * (bp.no_repeat_months + 1), (g.id, qtype)


def test_exam_files_are_not_rule_files_but_part_of_the_version(tmp_path, policy):
    assert not any((ROOT / "policies" / "exam") in Path(r.file).parents for r in policy.rules)
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    blueprint = copy / "exam" / "blueprint.yaml"
    blueprint.write_text(blueprint.read_text(encoding="utf-8").replace("minutes: 30", "minutes: 40"), encoding="utf-8")
    assert load_policy(copy).version != policy.version


def test_a_broken_blueprint_is_refused_with_its_location(tmp_path):
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    blueprint = copy / "exam" / "blueprint.yaml"
    text = blueprint.read_text(encoding="utf-8")
    blueprint.write_text(text.replace("pick_bad: {points: 5}", "pick_bad: {points: 6}")
                             .replace("norms: [greeting,", "norms: [greeting, no_such_norm,"), encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_blueprint(copy)
    message = str(err.value)
    assert "blueprint.yaml:" in message and "no_such_norm" in message


def test_an_unknown_rule_in_a_procedure_is_refused(tmp_path, policy):
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    path = copy / "exam" / "procedures.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("rules: [callback-script-incomplete]",
                                                             "rules: [no-such-rule]"), encoding="utf-8")
    with pytest.raises(PolicyError, match="no-such-rule"):
        load_procedures(copy, {r.id for r in policy.rules})
