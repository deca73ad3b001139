"""Compiled regexes kept between runs (checker/regex_cache.py): a pattern served from the
store is the pattern the compiler builds, and a store anyone else could write, or a
damaged one, is never used. Each case runs in a child process (the wrapper is global)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

PATTERNS = [
    ["(?P<word>不行|不可以)(?:的|啦)?", 0],
    ["[一-龥]{2,4}(?:吗|呢)[?？]?", 0],
    ["(为什么|为啥)[^,.!?]{0,10}(亲友卡|礼品卡)", 0],
    ["(a)(b)?\\2", 0],
    ["^hello\\s+world$", 10],         # re.IGNORECASE | re.MULTILINE
    ["(?i)ok(?=!)", 0],
]
TEXTS = ["这个不行的，真的不可以啦", "你好吗？是不是呢", "为什么亲友卡不能用", "ab", "aa", "HELLO   World", "ok! OK!"]

CHILD = r"""
import json, re, sys
from pathlib import Path
from checker import regex_cache
regex_cache.cache_file = lambda: Path(sys.argv[1])
installed = regex_cache.install() if sys.argv[2] == "on" else False
stored = len(regex_cache._state["stored"])

class Scalar(str):                 # the rule base's strings are str subclasses
    pass

patterns, texts = json.loads(sys.argv[3]), json.loads(sys.argv[4])
out = []
for text_, flags in patterns:
    for pattern in (text_, Scalar(text_)):
        compiled = re.compile(pattern, flags)
        re.purge()
        out.append([compiled.pattern, compiled.flags, compiled.groups, dict(compiled.groupindex),
                    [[m.span(), m.groups()] for t in texts for m in compiled.finditer(t)]])
regex_cache.save()
print(json.dumps({"installed": installed, "stored": stored, "new": len(regex_cache._state["new"]), "out": out}))
"""


def _child(store, mode):
    result = subprocess.run([sys.executable, "-c", CHILD, str(store), mode, json.dumps(PATTERNS), json.dumps(TEXTS)],
                            cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)


def test_a_stored_pattern_is_the_pattern_the_compiler_builds(tmp_path):
    store = tmp_path / "cache" / "regex.marshal"
    plain = _child(store, "off")
    first = _child(store, "on")
    assert first["installed"] and first["stored"] == 0 and store.is_file()
    second = _child(store, "on")
    assert second["stored"] == len(PATTERNS) and second["new"] == 0       # all served from the store
    assert plain["out"] == first["out"] == second["out"]
    assert oct(store.stat().st_mode & 0o777) == oct(0o600)


def test_a_store_others_could_write_is_not_read(tmp_path):
    store = tmp_path / "cache" / "regex.marshal"
    _child(store, "on")
    os.chmod(store, 0o666)
    assert _child(store, "on")["stored"] == 0
    os.chmod(store, 0o600)
    os.chmod(store.parent, 0o777)
    assert _child(store, "on")["stored"] == 0


def test_a_damaged_store_costs_only_speed(tmp_path):
    import marshal
    store = tmp_path / "cache" / "regex.marshal"
    plain = _child(store, "off")
    store.parent.mkdir(mode=0o700)
    store.write_bytes(b"\x00garbage")
    os.chmod(store, 0o600)
    assert _child(store, "on")["out"] == plain["out"]
    key = (PATTERNS[0][0], 0)
    for bad in ({key: "not an entry"}, {key: (0, b"\x01\x02\x03\x04", 0, {}, (None,))}, [1, 2]):
        store.write_bytes(marshal.dumps(bad))
        assert _child(store, "on")["out"] == plain["out"]


AGING = r"""
import json, re, sys
from pathlib import Path
from checker import regex_cache
regex_cache.cache_file = lambda: Path(sys.argv[1])
regex_cache.KEEP_SAVES = 2
regex_cache.install()
for pattern in json.loads(sys.argv[2]):
    re.compile(pattern)
    re.purge()
regex_cache.save()
"""


def _compile(store, patterns):
    subprocess.run([sys.executable, "-c", AGING, str(store), json.dumps(patterns)], cwd=ROOT, check=True,
                   timeout=120)


def _stored(store) -> set:
    from checker import regex_cache
    return set(regex_cache.stored_patterns(store))


def test_entries_no_run_uses_any_more_leave_the_store(tmp_path):
    """A rule base edited many times must not leave every pattern it ever had in the file
    that each start reads: an entry unused for KEEP_SAVES saves is dropped, a used one stays."""
    store = tmp_path / "cache" / "regex.marshal"
    _compile(store, ["old-only", "always"])
    for n in range(3):                        # three more saves, each with one new pattern
        _compile(store, [f"new{n}", "always"])
    assert "always" in _stored(store)
    assert "old-only" not in _stored(store)
    assert {"new1", "new2"} <= _stored(store)


def test_a_store_of_an_earlier_format_is_not_read(tmp_path):
    import marshal
    store = tmp_path / "cache" / "regex.marshal"
    _compile(store, ["used"])
    key = (PATTERNS[0][0], 0)
    store.write_bytes(marshal.dumps({"format": 2, "generation": 1, "entries": {key: (0, b"", 0, {}, ())},
                                     "stamps": {key: 1}}))
    assert _child(store, "on")["stored"] == 0


def test_a_start_decodes_only_the_entries_it_compiles(tmp_path):
    """A start reads the index, not every entry: an entry is decoded when its pattern is
    compiled, and a stored entry serves only its own pattern and flags."""
    store = tmp_path / "cache" / "regex.marshal"
    _compile(store, ["alpha", "beta", "gamma"])
    probe = (
        "import marshal, re, sys\nfrom pathlib import Path\nfrom checker import regex_cache\n"
        "regex_cache.cache_file = lambda: Path(sys.argv[1])\n"
        "decoded = []\nentry = regex_cache._entry\n"
        "regex_cache._entry = lambda blob, p, f: decoded.append(p) or entry(blob, p, f)\n"
        "regex_cache.install()\n"
        "assert re.compile('beta').match('beta')\n"
        "assert re.compile('beta', re.I).match('BETA')\n"
        "print(len(regex_cache._state['stored']), decoded, len(regex_cache._state['new']))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(store)], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split(maxsplit=1)[0] == "3"
    assert done.stdout.strip().endswith("['beta'] 1")          # the other flags: compiled, not served


SAVE_CHILD = r"""
import re, sys
from pathlib import Path
from checker import regex_cache
regex_cache.cache_file = lambda: Path(sys.argv[1])
regex_cache.install()
re.compile("kept_after_a_bad_entry")
import re._compiler
re._compiler.compile("flag_given_as_an_enum", re.IGNORECASE)     # as a SafePattern compiles: flags a RegexFlag
regex_cache._state["new"][("bad",)] = ("bad", (0, [], 0, {}, ()), ("bad", 0, 0, b"", 0, {"x": object()}, ()))
regex_cache.save()                   # an entry marshal refuses is dropped, never a failed run
print(sorted(regex_cache.stored_patterns(Path(sys.argv[1]))))
"""


def test_an_entry_marshal_refuses_is_dropped_and_the_run_goes_on(tmp_path):
    """A full `make test` run showed `ValueError('unmarshallable object')` from save() at the end
    of in-process CLI runs (exit 1 for clean chats): saving the store only costs speed, so an
    entry that cannot be stored is left out and nothing is raised."""
    store = tmp_path / "cache" / "regex.marshal"
    result = subprocess.run([sys.executable, "-c", SAVE_CHILD, str(store)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert store.is_file()
    assert "kept_after_a_bad_entry" in result.stdout and "flag_given_as_an_enum" in result.stdout
