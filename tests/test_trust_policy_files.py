"""Every YAML file under policies/ is either loaded or refused, never skipped (issue 10)."""
from __future__ import annotations

import textwrap

import pytest

from checker.policy import PolicyError, load_policy
from conftest import slim_policies

RULE = textwrap.dedent("""\
    rules:
      - id: harsh-extra-rule
        norm: harsh_language
        title: 测试
        message: 测试说明
        kind: phrase
        phrases: [没门]
        level: error
        points: 2
        source: {seed: "000", section: 三, quote: 不行}
        suggestion: 换个说法
        examples:
          bad: [没门]
          good: [可以的]
    """)


@pytest.fixture()
def base(tmp_path):
    # one shipped rule file beside every non-rule file: what is read, recognised or refused
    # does not depend on how many rules there are (the whole shipped tree loads in every run
    # through conftest's `policy` fixture)
    return slim_policies(tmp_path / "p", "shouting.yaml")


@pytest.mark.parametrize("head", ["---\n", "\ufeff", "# a comment\n\n", "\ufeff# bom, comment\n---\n", "%YAML 1.2\n---\n"])
def test_rule_file_with_a_preamble_loads(base, head):
    (base / "rules" / "extra.yaml").write_text(head + RULE, encoding="utf-8")
    policy = load_policy(base)
    assert "harsh-extra-rule" in {r.id for r in policy.rules}


def test_yml_rule_file_loads(base):
    (base / "rules" / "extra.yml").write_text(RULE, encoding="utf-8")
    assert "harsh-extra-rule" in {r.id for r in load_policy(base).rules}


@pytest.mark.parametrize("body", ["rulez:\n  - id: x\n", "- id: harsh-extra-rule\n", "", "# only a comment\n",
                                  "colour: red\n"])
def test_unrecognised_yaml_is_an_error(base, body):
    (base / "rules" / "stray.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(base)
    (problem,) = info.value.problems
    assert problem.file.endswith("stray.yaml") and "无法识别" in problem.problem


def test_known_non_rule_files_are_recognised(base):
    policy = load_policy(base)      # parameters, scoring/*, exam/*: no error
    assert policy.rules


def test_unreadable_policy_file_is_a_policy_error(base, monkeypatch):
    import pathlib
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "shouting.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    with pytest.raises(PolicyError) as info:
        load_policy(base)
    (problem,) = info.value.problems
    assert problem.file.endswith("shouting.yaml") and "无法读取" in problem.problem


def test_flow_style_rule_file_loads_and_broken_yaml_names_its_line(base):
    import json
    from ruamel.yaml import YAML
    data = YAML(typ="safe").load(RULE)
    (base / "rules" / "flow.yaml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "harsh-extra-rule" in {r.id for r in load_policy(base).rules}
    (base / "rules" / "flow.yaml").write_text(RULE + "oops: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(base)
    (problem,) = info.value.problems
    assert problem.file.endswith("flow.yaml") and "YAML" in problem.problem and problem.line > 1
