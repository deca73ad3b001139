"""What the engine builds from the rule base, kept between runs (checker/built_cache.py):
served back it finds what a fresh build finds; an entry is served only for the words it
was built from; a file someone else could write is never unpickled; a damaged one costs
only speed."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from checker import built_cache, policy_cache
from checker.engine import Engine, check_text
from checker.policy import load_policy
from conftest import slim_policies

TEXTS = ["你说什么!!!", "好的哼哼哼", "亲~ 为您服务!!", "退不了﹗﹗"]


class Evil:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache directory and a fresh process state of the module."""
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(built_cache, "_state", {"path": None, "stored": {}, "new": {}, "pid": None})
    return tmp_path / "cache"


def _fresh(monkeypatch):
    """Forget what this process built or read (as a new process would)."""
    monkeypatch.setattr(built_cache, "_state", {"path": None, "stored": {}, "new": {}, "pid": None})


def _findings(engine) -> list:
    return [[(f.rule, f.span) for f in check_text(engine, text)] for text in TEXTS]


def test_stored_objects_find_what_a_fresh_build_finds(tmp_path, cache, monkeypatch):
    policy = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    built = Engine(policy)
    expected = _findings(built)
    built_cache.save()
    path = built_cache.cache_file(policy)
    assert path.is_file() and path.stat().st_mode & 0o077 == 0
    _fresh(monkeypatch)
    served = Engine(policy)
    assert built_cache._state["stored"] and not built_cache._state["new"]     # nothing was built again
    assert served._automata is not built._automata
    assert _findings(served) == expected


def test_the_file_follows_the_rule_base_and_code_keys(tmp_path, cache, monkeypatch):
    policy = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    first = built_cache.cache_file(policy)
    monkeypatch.setattr(policy_cache, "CODE_STAMP", "another-code")
    assert built_cache.cache_file(policy) != first
    monkeypatch.undo()
    rules = tmp_path / "p" / "rules" / "shouting.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("- '!{3,}'", "- '!{3,}|哼哼哼'", 1), encoding="utf-8")
    assert built_cache.cache_file(load_policy(tmp_path / "p")) != first


def test_an_entry_is_served_only_for_the_words_it_was_built_from(tmp_path, cache, monkeypatch):
    """Even a file holding another rule base's objects (a key that missed a change) serves
    nothing stale: each entry is keyed by what it is built from."""
    old = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    assert _findings(Engine(old))[1] == []                    # 好的哼哼哼: no rule of the old base
    built_cache.save()
    stale = built_cache.cache_file(old).read_bytes()
    rules = tmp_path / "p" / "rules" / "shouting.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("- '!{3,}'", "- '!{3,}|哼哼哼'", 1), encoding="utf-8")
    new = load_policy(tmp_path / "p")
    path = built_cache.cache_file(new)
    path.write_bytes(stale)
    os.chmod(path, 0o600)
    _fresh(monkeypatch)
    engine = Engine(new)
    assert built_cache._state["stored"]                       # the planted file was read
    assert [f.rule for f in check_text(engine, "好的哼哼哼")] == ["shout-exclamation-run"]


def _plant(cache_dir: Path, policy, data: bytes, mode: int = 0o600) -> Path:
    path = built_cache.cache_file(policy)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, mode)
    return path


def test_a_file_others_can_write_is_not_unpickled(tmp_path, cache, monkeypatch):
    policy = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    marker = tmp_path / "pwned"
    path = _plant(cache, policy, pickle.dumps({"x": Evil(marker)}), 0o666)
    Engine(policy)
    assert not marker.exists()
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o777)
    _fresh(monkeypatch)
    Engine(policy)
    assert not marker.exists()
    os.chmod(path.parent, 0o700)
    _fresh(monkeypatch)
    Engine(policy)                                   # the same file, now private: it is read
    assert marker.exists()


@pytest.mark.parametrize("data", [b"\x00garbage", pickle.dumps(["a", "list"]), pickle.dumps({1: 2}), None])
def test_a_damaged_or_misshapen_file_costs_only_speed(tmp_path, cache, monkeypatch, data):
    policy = load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))
    expected = _findings(Engine(policy))
    key = built_cache.stage_key(Engine(policy).rules)
    if data is None:                                 # the right key, a wrong kind of object
        data = pickle.dumps({key: ("not", "the", "tables")})
    _plant(cache, policy, data)
    _fresh(monkeypatch)
    engine = Engine(policy)
    assert _findings(engine) == expected
    assert key in built_cache._state["new"]          # built again


def test_a_gate_is_served_only_for_its_own_patterns_and_phrases(cache):
    import re
    refund = built_cache.pattern_gate([re.compile("退(?:款|货)")], ("投诉",))
    exchange = built_cache.pattern_gate([re.compile("换货")], ("投诉",))
    assert refund is not exchange
    assert refund.possible("我要换货") == [] and exchange.possible("我要换货") == [0]
    assert built_cache.pattern_gate([re.compile("退(?:款|货)")], ("投诉",)) is refund
    assert not built_cache.pattern_gate([re.compile("退(?:款|货)")], ("差评",)).any("我要投诉")
