"""What the engine builds from the rule base, kept between runs: the message stage's
automata (checker/message_stage.py) and the conversation matchers' gates
(checker/text/prefilter.py). Building them is a large part of a check's start (about 40 ms
of CPU on the full rule base); an Aho-Corasick automaton unpickles about three times faster
than it builds. Every process of a `--jobs N` run and every small check pays that start.

Each entry is a pure function of its content (the patterns, flags and phrases it is built
from, and the code that builds it, which the file name covers), and is keyed by a digest of
that content: an entry is never served for anything but the words it was built from, even
to a rule base the file was not written for.

The file sits beside the rule-base cache (checker/policy_cache.py), named after the same
key (the rule base's hash, its directory, the code stamp) and the Aho-Corasick library's
build, and is read under the same rules: only a regular file this user owns that nobody
else can write, in a directory nobody else can write. Unpickling runs code, so any other
file is never read; an unreadable, damaged or wrongly shaped file means only that the
objects are built the ordinary way. `save()` writes what this process built (the main
process of a check, at its end).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

FORMAT = 1
_state: dict = {"path": None, "stored": {}, "new": {}, "pid": None}


def _library() -> str:
    """The Aho-Corasick library's build (its pickles are its own format)."""
    import sys

    import ahocorasick
    try:
        st = os.stat(ahocorasick.__file__)
        return f"{sys.version}:{ahocorasick.__file__}:{st.st_size}:{st.st_mtime_ns}"
    except (OSError, AttributeError, TypeError):
        return f"{sys.version}:unknown"


def cache_file(policy) -> Path:
    from .policy_cache import cache_key, cache_root
    library = hashlib.sha256(f"{FORMAT}:{_library()}".encode()).hexdigest()[:8]
    return cache_root() / f"built-{cache_key(Path(policy.directory or '.'), policy.version)}-{library}.pickle"


def use(policy) -> None:
    """Read the stored objects of this rule base (once per rule base and process)."""
    try:
        path = cache_file(policy)
    except Exception:  # noqa: BLE001 - no cache: everything is built
        return
    if path == _state["path"]:
        return
    _state.update(path=path, stored=_read(path), new={}, pid=os.getpid())


def _read(path: Path) -> dict:
    import pickle

    from .policy_cache import read_private
    try:
        data = read_private(path)
        entries = pickle.loads(data) if data is not None else {}
    except Exception:  # noqa: BLE001 - an unreadable cache only costs speed
        return {}
    if type(entries) is not dict or not all(type(k) is str for k in entries):
        return {}
    from .policy_cache import mark_used
    mark_used(path)
    return entries


def get(key: str, kind: type):
    """The stored or already built object of this key, if it is of the expected type."""
    found = _state["new"].get(key)
    if found is None:
        found = _state["stored"].get(key)
    return found if isinstance(found, kind) else None


def put(key: str, value) -> None:
    _state["new"][key] = value


def save() -> None:
    """Store what this process built that the file did not hold (the process that read it
    only: a forked worker's objects are not written)."""
    path = _state["path"]
    if path is None or not _state["new"] or _state["pid"] != os.getpid():
        return
    import pickle

    from .policy_cache import prune, write_private
    entries = {**_state["stored"], **_state["new"]}
    try:
        write_private(path, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a read-only home only costs speed
        return
    prune("built")
    _state["stored"] = entries
    _state["new"] = {}


# ---- keys: a digest of exactly what an object is built from ------------------------------
def _plain(strings) -> tuple:
    return tuple(str.__str__(s) for s in strings)


def _patterns(patterns) -> tuple:
    return tuple((str.__str__(p.pattern), int(p.flags)) for p in patterns)


def digest(kind: str, content) -> str:
    return f"{kind}:" + hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()


def gate_key(patterns, phrases) -> str:
    return digest("gate", (_patterns(patterns), _plain(phrases)))


def pattern_gate(patterns, phrases):
    """`PatternGate(patterns, phrases)`, stored or built."""
    from .text.prefilter import PatternGate
    key = gate_key(patterns, phrases)
    gate = get(key, PatternGate)
    if gate is None:
        gate = PatternGate(patterns, phrases)
        put(key, gate)
    return gate


def gate_group(matchers):
    """`GateGroup(m.gate for m in matchers)`, stored or built."""
    from .text.prefilter import GateGroup
    key = digest("group", tuple(gate_key(m.patterns, m.phrases) for m in matchers))
    group = get(key, GateGroup)
    if group is None:
        group = GateGroup(m.gate for m in matchers)
        put(key, group)
    return group


def stage_key(rules) -> str:
    """The message stage's tables are built from each message rule's case mode, phrases and
    patterns, in order (the tables name rules by their position)."""
    return digest("stage", tuple((bool(r.detector.case_sensitive), _plain(r.detector.phrases),
                                  _patterns(r.detector.patterns)) for r in rules))
