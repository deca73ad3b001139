"""Compiled regular expressions kept between runs, so a start does not compile them again.

CPython compiles a pattern in pure Python (re._parser, re._compiler) into a list of
integers that its C engine runs (`_sre.compile`). A check of one small file compiles
about 220 of the rule base's patterns, which is about half of its start-up. `install()`
wraps `re._compiler.compile`: a pattern compiled once is kept as that list of integers
(with its flags and group names) in a file of the rule-base cache directory
(checker/policy_cache.py), and a later run hands the stored code straight to
`_sre.compile`, which validates it. The result is the same Pattern object the compiler
would build (same code, flags and groups), so no output changes.

The file keeps what recent runs used, not everything ever compiled: each save counts one
generation, an entry carries the generation that last used it, and an entry no run used in
the last KEEP_SAVES saves is dropped (a rule base edited many times would otherwise leave a
file of tens of megabytes that every start reads). A file of the first format (a plain dict
of entries, no generations) keeps, at its next save, only what that run used.

Safety: the file holds only plain data (marshal, never pickle) and is read only when it
is this user's and nobody else can write it or its directory, as the rule-base cache.
Keyed by the Python version and the C engine's magic number: another interpreter never
reads it. Anything unexpected (another Python, a damaged file, a wrong shape) simply
means patterns are compiled the ordinary way.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

FORMAT = 1                   # the key of the file name (a new one orphans the old file)
LIMIT = 8192                 # entries kept at most: the least recently used go first
KEEP_SAVES = 16              # saves an unused entry survives
_state: dict = {"installed": False, "stored": {}, "new": {}, "used": set(), "stamps": {}, "generation": 0,
                "legacy": False, "path": None}


def _key() -> str | None:
    try:
        import _sre
        magic = (_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)
    except (ImportError, AttributeError):
        return None
    stamp = f"{FORMAT}:{sys.implementation.name}:{sys.version}:{sys.maxunicode}:{magic}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def cache_file() -> Path | None:
    from .policy_cache import cache_root
    key = _key()
    return None if key is None else cache_root() / f"regex-{key}.marshal"


def _entry(value) -> tuple | None:
    """A stored entry as `_sre.compile`'s arguments after the pattern, or None if malformed."""
    if not (isinstance(value, tuple) and len(value) == 5):
        return None
    flags, code, groups, groupindex, indexgroup = value
    if not (type(flags) is int and type(code) is bytes and type(groups) is int
            and type(groupindex) is dict and type(indexgroup) is tuple):
        return None
    from array import array
    return flags, array("I", code).tolist(), groups, groupindex, indexgroup


def _read(path: Path) -> tuple[dict, dict, int, bool]:
    """(entries, the generation that last used each, the file's generation, whether it is of
    the first format); anything unreadable is an empty store."""
    import marshal
    from .policy_cache import read_private
    try:
        data = read_private(path)
        content = marshal.loads(data) if data is not None else {}
    except Exception:  # noqa: BLE001 - an unreadable cache only costs speed
        return {}, {}, 0, False
    if type(content) is not dict:
        return {}, {}, 0, False
    if content.get("format") == 2:
        entries, stamps, generation = content.get("entries"), content.get("stamps"), content.get("generation")
        if type(entries) is dict and type(stamps) is dict and type(generation) is int:
            return entries, {k: v for k, v in stamps.items() if type(v) is int}, generation, False
        return {}, {}, 0, False
    return content, {}, 0, True


def install() -> bool:
    """Serve `re.compile` from the stored code from now on, in this process (and in the
    workers it forks). Whether the wrapper is in place."""
    if _state["installed"]:
        return True
    try:
        import _sre
        import re._compiler as compiler
        from array import array
        if array("I").itemsize != _sre.CODESIZE:
            return False
        import re._parser as parser
        original, code_of, parse = compiler.compile, compiler._code, parser.parse
        debug = compiler.SRE_FLAG_DEBUG
    except (ImportError, AttributeError):
        return False
    path = cache_file()
    if path is None or sys.implementation.name != "cpython":
        return False
    stored, stamps, generation, legacy = _read(path)
    new: dict = {}
    used: set = set()

    def compile(p, flags=0):                      # the signature of re._compiler.compile
        if not isinstance(p, str) or flags & debug:
            return original(p, flags)
        key = (str.__str__(p), flags)    # a plain str: the rules' strings are str subclasses (YAML scalars)
        entry = stored.get(key) or new.get(key)
        if entry is not None:
            try:
                compiled = _sre.compile(p, *_entry(entry))
            except Exception:  # noqa: BLE001 - malformed, or code this engine refuses: compile it afresh
                stored.pop(key, None)
            else:
                used.add(key)
                return compiled
        parsed = parse(p, flags)
        code = code_of(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
        compiled = _sre.compile(p, *args)
        new[key] = (args[0], array("I", args[1]).tobytes(), *args[2:])
        return compiled

    compiler.compile = compile
    _state.update(installed=True, stored=stored, new=new, used=used, stamps=stamps, generation=generation,
                  legacy=legacy, path=path, pid=os.getpid())
    return True


def save() -> None:
    """Store what this process compiled that the file did not hold, as one more generation:
    what this run used is stamped with it, and what no run of the last KEEP_SAVES saves used
    is dropped (a file of the first format keeps only what this run used). The main process
    only: a forked worker's patterns are the main process's too, once it compiles them."""
    if not _state["installed"] or _state.get("pid") != os.getpid() or not (_state["new"] or _state["legacy"]):
        return
    import marshal
    path: Path = _state["path"]
    generation = _state["generation"] + 1
    stamps = dict(_state["stamps"])
    for key in (*_state["used"], *_state["new"]):
        stamps[key] = generation
    oldest = generation if _state["legacy"] else generation - KEEP_SAVES
    entries = {key: entry for key, entry in _state["stored"].items() if stamps.get(key, 0) >= oldest}
    entries.update(_state["new"])
    if len(entries) > LIMIT:                     # the least recently used go first
        for key in sorted(entries, key=lambda k: stamps.get(k, 0))[:len(entries) - LIMIT]:
            del entries[key]
    stamps = {key: stamps[key] for key in entries}
    from .policy_cache import write_private
    try:
        write_private(path, marshal.dumps({"format": 2, "generation": generation, "entries": entries,
                                           "stamps": stamps}))
    except Exception:  # noqa: BLE001 - a read-only home only costs speed
        return
    _state.update(stored=entries, new={}, used=set(), stamps=stamps, generation=generation, legacy=False)
