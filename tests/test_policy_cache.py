"""The compiled rule base is cached as a pickle; a cache file someone else could have
written is never unpickled (unpickling runs code)."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from checker import policy as policy_module
from checker import policy_cache
from conftest import ROOT, slim_policies


class Evil:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def poisoned_cache(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A rule base (a slim copy of policies/: the cache's trust checks do not depend on its
    size) whose cache file now unpickles into code that would touch the returned marker."""
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    policy_module.load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))   # writes the real cache
    (cache,) = (tmp_path / "cache").glob("policy-*.pickle")
    marker = tmp_path / "pwned"
    cache.write_bytes(pickle.dumps(Evil(marker)))
    return cache, marker


def test_a_cache_file_others_can_write_is_not_unpickled(tmp_path, monkeypatch):
    cache, marker = poisoned_cache(tmp_path, monkeypatch)
    os.chmod(cache, 0o666)
    assert policy_module.load_policy(tmp_path / "p").rules
    assert not marker.exists()


def test_a_cache_in_a_directory_others_can_write_is_not_unpickled(tmp_path, monkeypatch):
    cache, marker = poisoned_cache(tmp_path, monkeypatch)
    os.chmod(cache, 0o600)
    os.chmod(cache.parent, 0o777)
    assert policy_module.load_policy(tmp_path / "p").rules
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_cache_file_owned_by_someone_else_is_not_unpickled(tmp_path, monkeypatch):
    cache, marker = poisoned_cache(tmp_path, monkeypatch)
    os.chmod(cache, 0o600)
    os.chown(cache, 65534, 65534)
    assert policy_module.load_policy(tmp_path / "p").rules
    assert not marker.exists()


def test_the_cache_is_written_private_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    base = slim_policies(tmp_path / "p", "shouting.yaml")
    first = policy_module.load_policy(base)
    (cache,) = (tmp_path / "cache").glob("policy-*.pickle")
    assert cache.stat().st_mode & 0o077 == 0 and cache.parent.stat().st_mode & 0o077 == 0
    assert policy_cache.cache_read(base, first.version) is not None


def test_the_code_stamp_is_the_code_in_memory_not_the_code_on_disk_now(monkeypatch):
    """A process that loaded the lexicon before an edit must not write its rules under the
    edited code's key: the stamp is taken once, when the loader's code is imported."""
    def no_reading(self):
        raise AssertionError(f"source read after import: {self}")
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    first = policy_cache.cache_path(ROOT / "policies", "v1")
    assert first == policy_cache.cache_path(ROOT / "policies", "v1")


def test_a_cached_rule_base_finds_its_dictionary_from_any_working_directory(tmp_path, monkeypatch):
    # the cache is keyed by the resolved folder; a rule base first loaded as a relative path and
    # read back from another working directory must still find its segmenter dictionary
    # (without it whole_word silently stops working: 不能 inside 能不能 became a refusal)
    monkeypatch.setenv("KEFU_CACHE", str(tmp_path / "cache"))
    slim_policies(tmp_path / "p", "shouting.yaml")      # the rule base's size is not the point
    monkeypatch.chdir(tmp_path)
    assert policy_module.load_policy(Path("p")).dictionary is not None
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    policy = policy_module.load_policy(tmp_path / "p")
    assert policy.dictionary is not None and policy.dictionary.is_file()
