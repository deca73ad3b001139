"""A cached rule base loads only what checking needs: the examples and the patterns' literal
clauses stay pickled until first used, and the YAML parser is never imported. What is read
back equals what was written."""
from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys

from checker.policy import load_policy
from checker.text.safety import SafePattern
from conftest import ROOT, slim_policies


def test_a_pattern_keeps_its_clauses_pickled_until_they_are_asked_for():
    pattern = SafePattern("(?:你|您)(?:骗|讹|忽悠)")
    clauses = pattern.clauses
    again = pickle.loads(pickle.dumps(pattern))
    assert type(again._clauses) is bytes
    assert again.clauses == clauses and again.pattern == pattern.pattern and again.flags == pattern.flags
    assert pickle.loads(pickle.dumps(again)).clauses == clauses      # pickled again before use
    assert again.search("你骗人").span() == pattern.search("你骗人").span()


def test_a_pickled_rule_reads_its_examples_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    policy = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    rule = policy.rules[0]
    assert rule.bad and rule.good
    again = pickle.loads(pickle.dumps(rule))
    assert "bad" not in vars(again)
    assert again == rule                                  # every field, the examples read on the way
    assert again.bad == rule.bad and again.good == rule.good
    copy = pickle.loads(pickle.dumps(rule))
    assert dataclasses.replace(copy, points=9).good == rule.good
    assert pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(rule)))).bad == rule.bad


CHILD = r"""
import json, sys
from checker.policy import load_policy
policy = load_policy(sys.argv[1])
loaded = sorted(m for m in sys.modules if m.startswith("ruamel"))
texts = [r.message for r in policy.rules]
examples = [len(r.bad) + len(r.good) for r in policy.rules]
print(json.dumps({"ruamel": loaded, "texts": texts, "examples": examples}))
"""


def _child(policies, cache):
    result = subprocess.run([sys.executable, "-c", CHILD, str(policies)], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=300, env={**os.environ, "KEFU_CACHE": str(cache)})
    return json.loads(result.stdout)


def test_a_cached_rule_base_loads_without_the_yaml_parser(tmp_path):
    # conversation.yaml has aliased patterns (YAML anchors): the parser's string subclasses
    policies = slim_policies(tmp_path / "p", "shouting.yaml", "conversation.yaml")
    fresh = _child(policies, tmp_path / "cache")
    assert fresh["ruamel"]                                # parsed: the cache is written
    cached = _child(policies, tmp_path / "cache")
    assert cached["ruamel"] == []
    assert cached["texts"] == fresh["texts"] and cached["examples"] == fresh["examples"]

