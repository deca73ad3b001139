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
file of tens of megabytes that every start reads).

A start reads only the file's index (a small table: a checksum of each pattern, its flags,
where its entry lies, its generation), not its entries: a check uses about 1,100 of the
3,000-odd patterns a file usually holds, and decoding all of them cost about 10 ms of every
start. An entry is decoded when its pattern is compiled, and serves it only if it holds that
very pattern and flags (a checksum that collides is just a miss).

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

FORMAT = 2                   # the key of the file name (a new one orphans the old file)
LIMIT = 8192                 # entries kept at most: the least recently used go first
KEEP_SAVES = 16              # saves an unused entry survives
MAGIC = b"kefu-regex-2\n"
_HEAD = len(MAGIC) + 8       # the magic, then the index's length (8 bytes, little-endian)
_state: dict = {"installed": False, "stored": {}, "data": b"", "new": {}, "used": set(), "generation": 0,
                "path": None}


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


def _index_key(pattern: str, flags: int) -> tuple:
    """A pattern's key in the index: the checksum and length of its UTF-8 text, and its flags."""
    import zlib
    raw = pattern.encode("utf-8", "surrogatepass")
    return (zlib.crc32(raw), len(raw), flags)


def _entry(blob, pattern: str, flags: int) -> tuple | None:
    """A stored entry as `_sre.compile`'s arguments after the pattern, or None if it is
    malformed or is not this pattern's."""
    import marshal
    try:
        value = marshal.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None
    if not (isinstance(value, tuple) and len(value) == 7 and value[0] == pattern and value[1] == flags):
        return None
    _, _, stored_flags, code, groups, groupindex, indexgroup = value
    if not (type(stored_flags) is int and type(code) is bytes and type(groups) is int
            and type(groupindex) is dict and type(indexgroup) is tuple):
        return None
    from array import array
    return stored_flags, array("I", code).tolist(), groups, groupindex, indexgroup


def _read(path: Path) -> tuple[dict, bytes, int]:
    """(the index: key -> (offset, length, generation that last used it), the file's bytes,
    its generation); anything unreadable or of another format is an empty store."""
    import marshal
    from .policy_cache import read_private
    try:
        data = read_private(path)
        if data is None or not data.startswith(MAGIC):
            return {}, b"", 0
        size = int.from_bytes(data[len(MAGIC):_HEAD], "little")
        content = marshal.loads(data[_HEAD:_HEAD + size])
    except Exception:  # noqa: BLE001 - an unreadable cache only costs speed
        return {}, b"", 0
    if type(content) is not dict:
        return {}, b"", 0
    index, generation = content.get("index"), content.get("generation")
    if type(index) is not dict or type(generation) is not int:
        return {}, b"", 0
    start = _HEAD + size
    good = {key: (start + where[0], where[1], where[2]) for key, where in index.items()
            if type(where) is tuple and len(where) == 3 and all(type(n) is int for n in where)
            and start + where[0] + where[1] <= len(data)}
    return good, data, generation


def stored_patterns(path: Path) -> list[str]:
    """The patterns a store holds (for tests and inspection)."""
    import marshal
    index, data, _ = _read(path)
    return [marshal.loads(data[offset:offset + length])[0] for offset, length, _ in index.values()]


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
    stored, data, generation = _read(path)
    new: dict = {}
    used: set = set()

    def compile(p, flags=0):                      # the signature of re._compiler.compile
        if not isinstance(p, str) or flags & debug:
            return original(p, flags)
        flags = int(flags)               # a RegexFlag given straight to the compiler is stored as the int it is
        text = str.__str__(p)            # a plain str: the rules' strings are str subclasses (YAML scalars)
        key = _index_key(text, flags)
        found = new.get(key)
        if found is not None and found[0] == text:
            return _sre.compile(p, *found[1])
        where = stored.get(key)
        if where is not None:
            entry = _entry(data[where[0]:where[0] + where[1]], text, flags)
            if entry is not None:
                try:
                    compiled = _sre.compile(p, *entry)
                except Exception:  # noqa: BLE001 - code this engine refuses: compile it afresh
                    pass
                else:
                    used.add(key)
                    return compiled
            del stored[key]
        parsed = parse(p, flags)
        code = code_of(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
        compiled = _sre.compile(p, *args)
        if key not in new:               # (a checksum shared by two patterns: the first is kept)
            new[key] = (text, args, (text, flags, args[0], array("I", args[1]).tobytes(), *args[2:]))
        return compiled

    compiler.compile = compile
    _state.update(installed=True, stored=stored, data=data, new=new, used=used, generation=generation,
                  path=path, pid=os.getpid())
    return True


def save() -> None:
    """Store what this process compiled that the file did not hold, as one more generation:
    what this run used is stamped with it, and what no run of the last KEEP_SAVES saves used
    is dropped. The main process only: a forked worker's patterns are the main process's
    too, once it compiles them."""
    if not _state["installed"] or _state.get("pid") != os.getpid() or not _state["new"]:
        return
    import marshal
    path: Path = _state["path"]
    generation = _state["generation"] + 1
    stored, data = _state["stored"], _state["data"]
    blobs: dict = {}                                  # key -> (its entry's bytes, generation)
    for key, (offset, length, stamp) in stored.items():
        stamp = generation if key in _state["used"] else stamp
        if stamp >= generation - KEEP_SAVES:
            blobs[key] = (data[offset:offset + length], stamp)
    for key, (_, _, entry) in _state["new"].items():
        try:
            blobs[key] = (marshal.dumps(entry), generation)
        except ValueError:            # an entry marshal refuses is left out: the store only saves time
            continue
    if len(blobs) > LIMIT:                            # the least recently used go first
        for key in sorted(blobs, key=lambda k: blobs[k][1])[:len(blobs) - LIMIT]:
            del blobs[key]
    index, parts, offset = {}, [], 0
    for key, (blob, stamp) in blobs.items():
        index[key] = (offset, len(blob), stamp)
        parts.append(blob)
        offset += len(blob)
    head = marshal.dumps({"generation": generation, "index": index})
    out = b"".join([MAGIC, len(head).to_bytes(8, "little"), head, *parts])
    from .policy_cache import write_private
    try:
        write_private(path, out)
    except Exception:  # noqa: BLE001 - a read-only home only costs speed
        return
    start = _HEAD + len(head)
    _state.update(stored={key: (start + o, n, g) for key, (o, n, g) in index.items()}, data=out, new={},
                  used=set(), generation=generation)
