"""The validated rule base cached as a pickle, keyed by the hash of its files and of the code
that reads them. Unpickling runs code, so only a file this user owns and nobody else can
write, in a directory nobody else can write, is ever read. The same directory keeps the
compiled regexes of `kefu check` (checker/regex_cache.py: plain data, read the same way)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .policy_model import Policy

# Parsing YAML with positions (ruamel round-trip) costs about two seconds per run; a
# validated policy is cached by the hash of its files, so only a changed rule base pays.
CACHE_FORMAT = 1
KEEP_RULE_BASES = 8          # rule bases whose cache files are kept (each a few MB): the most recently used


def cache_root() -> Path:
    """The directory of kefu's caches: $KEFU_CACHE, else $XDG_CACHE_HOME/kefu or ~/.cache/kefu."""
    return Path(os.environ.get("KEFU_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kefu")


def cache_key(directory: Path, version: str) -> str:
    """The key of a rule base's cache files: its hash, its directory and the code stamp."""
    return hashlib.sha256(f"{CACHE_FORMAT}:{CODE_STAMP}:{directory.resolve()}:{version}".encode()).hexdigest()[:16]


def cache_path(directory: Path, version: str) -> Path:
    return cache_root() / f"policy-{cache_key(directory, version)}.pickle"


def code_stamp() -> str:
    """The loader's and the kinds' source files: a code change never reads a stale cache."""
    here = Path(__file__).resolve().parent
    sources = sorted([*here.glob("*.py"), *(here / "kinds").glob("*.py"), *(here / "lint").rglob("*.py"),
                      *(here / "text").glob("*.py")])
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]


# Taken once, at import (checker.policy imports the loader, and with it the kinds and the
# lexicon, first): the key names the code this process runs, even if a file is edited later.
CODE_STAMP = code_stamp()


def private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: only then may a pickle be trusted
    (unpickling runs code, so a cache another user could write is a way in)."""
    uid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return st.st_uid == uid and not st.st_mode & 0o022


def read_private(path: Path) -> bytes | None:
    """The bytes of a cache file, or None unless it is a regular file this user owns that
    nobody else can write, in a directory nobody else can write (OSError if unreadable)."""
    import stat
    if not private(os.stat(path.parent)):
        return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not private(st):
            return None
        return fh.read()


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file readable and writable by this user only, atomically (OSError if not)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)      # no half-written file is left behind
        raise


def mark_used(path: Path) -> None:
    """Note that a cache file was read (its time of last change, which `prune` keeps by)."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(prefix: str, keep: int = KEEP_RULE_BASES, suffix: str = ".pickle") -> int:
    """Delete this user's `prefix`-*`suffix` files in the cache directory but the `keep` most
    recently used: every edited rule base writes new ones, and the directory would grow
    without end. Only costs speed if a pruned rule base comes back. How many were deleted."""
    root = cache_root()
    try:
        if not private(os.stat(root)):
            return 0
        found = []
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.name.startswith(prefix + "-") and entry.name.endswith(suffix):
                    st = entry.stat(follow_symlinks=False)
                    if entry.is_file(follow_symlinks=False) and private(st):
                        found.append((st.st_mtime_ns, entry.path))
    except OSError:
        return 0
    found.sort(reverse=True)
    deleted = 0
    for _, path in found[keep:]:
        try:
            os.unlink(path)
            deleted += 1
        except OSError:
            pass
    return deleted


def cache_read(directory: Path, version: str) -> "Policy | None":
    import pickle
    path = cache_path(directory, version)
    try:
        data = read_private(path)
        if data is None:
            return None
        policy = pickle.loads(data)
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        return None
    if not (isinstance(policy, Policy) and policy.version == version):
        return None
    mark_used(path)
    return policy


def cache_write(policy: "Policy") -> None:
    try:
        write_private(cache_path(Path(policy.directory), policy.version), dumps(policy))
    except Exception:  # noqa: BLE001 - a read-only home only costs speed
        return
    prune("policy")


def dumps(policy: "Policy") -> bytes:
    """The pickle of a rule base, the YAML parser's string subclasses (anchored scalars of
    aliased patterns and options) written as plain strings: loading a cached rule base
    then never imports the parser (the same text, so nothing matches differently)."""
    import io
    import pickle

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if isinstance(obj, str) and type(obj).__module__.startswith("ruamel."):
                return str, (str.__str__(obj),)
            return NotImplemented

    buffer = io.BytesIO()
    Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(policy)
    return buffer.getvalue()
