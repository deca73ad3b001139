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


def test_the_cache_keeps_only_the_most_recently_used_rule_bases(tmp_path, monkeypatch):
    """Every edited rule base writes its own cache files (a few MB each): the directory keeps
    the KEEP_RULE_BASES most recently used of each kind, and a file that was read counts as used."""
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    monkeypatch.setenv("KEFU_CACHE", str(root))
    keep = policy_cache.KEEP_RULE_BASES
    for n in range(keep + 4):
        for kind in ("policy", "built"):
            path = root / f"{kind}-{n:016x}.pickle"
            path.write_bytes(b"x")
            os.chmod(path, 0o600)
            os.utime(path, (1_000_000 + n, 1_000_000 + n))
    foreign = root / "notes.txt"
    foreign.write_text("kept")
    policy_cache.mark_used(root / "policy-0000000000000000.pickle")     # the oldest, read just now
    assert policy_cache.prune("policy") == 4
    left = sorted(p.name for p in root.glob("policy-*.pickle"))
    assert len(left) == keep and "policy-0000000000000000.pickle" in left
    assert "policy-0000000000000001.pickle" not in left
    assert len(list(root.glob("built-*.pickle"))) == keep + 4            # another kind: untouched
    assert foreign.exists()


def test_loading_a_rule_base_prunes_the_stale_cache_files(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    monkeypatch.setenv("KEFU_CACHE", str(root))
    for n in range(policy_cache.KEEP_RULE_BASES + 3):
        path = root / f"policy-{n:016x}.pickle"
        path.write_bytes(b"stale")
        os.chmod(path, 0o600)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    policy_module.load_policy(slim_policies(tmp_path / "p", "shouting.yaml"))   # writes its own cache
    left = list(root.glob("policy-*.pickle"))
    assert len(left) == policy_cache.KEEP_RULE_BASES
    assert policy_cache.cache_path(tmp_path / "p", policy_module.load_policy(tmp_path / "p").version) in left
