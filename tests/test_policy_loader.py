"""The loader rejects bad rule files with file:line:column, rule id, field and what is allowed."""
from __future__ import annotations

import textwrap

import pytest

from checker.policy import PolicyError, load_policy

GOOD_RULE = """
  - id: harsh-test-rule
    norm: harsh_language
    title: 测试
    message: 测试说明
    kind: phrase
    phrases: [不行]
    level: error
    points: 2
    source: {seed: "000", section: 三, quote: 不行}
    suggestion: 换个说法
    examples:
      bad: [不行]
      good: [可以的]
"""


def write(tmp_path, body: str, name="r.yaml"):
    (tmp_path / name).write_text("rules:" + textwrap.dedent(body), encoding="utf-8")
    return tmp_path


def problems(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path)
    return info.value.problems


def test_valid_file_loads(tmp_path):
    policy = load_policy(write(tmp_path, GOOD_RULE))
    assert [r.id for r in policy.rules] == ["harsh-test-rule"]
    assert len(policy.version) == 12


def test_unknown_key_names_position_rule_field_and_allowed(tmp_path):
    p = problems(write(tmp_path, GOOD_RULE + "    colour: red\n"))
    assert len(p) == 1
    assert (p[0].rule, p[0].field, p[0].line) == ("harsh-test-rule", "colour", 15)
    assert p[0].column == 3 and "允许的字段" in p[0].problem and "phrases" in p[0].problem
    assert str(p[0]).startswith(str(tmp_path / "r.yaml") + ":15:3:")


def test_unknown_kind(tmp_path):
    p = problems(write(tmp_path, GOOD_RULE.replace("kind: phrase", "kind: magic")))
    assert any(x.field == "kind" and "phrase" in x.problem and "context" in x.problem for x in p)


def test_unknown_norm(tmp_path):
    p = problems(write(tmp_path, GOOD_RULE.replace("norm: harsh_language", "norm: rudeness")))
    assert [(x.field, x.line) for x in p] == [("norm", 3)]
    assert "shirking" in p[0].problem


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, GOOD_RULE, "a.yaml")
    write(tmp_path, GOOD_RULE, "b.yaml")
    p = problems(tmp_path)
    assert len(p) == 1 and "重复" in p[0].problem and "a.yaml" in p[0].problem


def test_wrong_types_and_missing_fields(tmp_path):
    body = GOOD_RULE.replace("points: 2", "points: many").replace("    suggestion: 换个说法\n", "")
    p = problems(write(tmp_path, body))
    fields = {x.field for x in p}
    assert {"points", "suggestion"} <= fields


def test_bad_regex_and_fullwidth_in_pattern(tmp_path):
    body = GOOD_RULE.replace("kind: phrase\n    phrases: [不行]", "kind: pattern\n    patterns: ['(不行', '不行！']")
    p = problems(write(tmp_path, body))
    assert [x.field for x in p] == ["patterns[0]", "patterns[1]"]
    assert "正则" in p[0].problem and "全角" in p[1].problem


def test_yaml_syntax_error_has_position(tmp_path):
    (tmp_path / "r.yaml").write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    p = problems(tmp_path)
    assert p[0].line >= 2 and "YAML" in p[0].problem


def test_context_rule_needs_customer_in_bad_examples(tmp_path):
    body = GOOD_RULE.replace("kind: phrase", "kind: context\n    context: {phrases: [吗]}")
    p = problems(write(tmp_path, body))
    assert any(x.field == "examples" and "customer" in x.problem for x in p)
