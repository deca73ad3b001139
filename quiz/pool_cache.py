"""The question pool kept between runs, so `kefu quiz practice` (and generate, pool) does not
build it again: building runs the checker on every rule example, about 14 s of CPU.

Plain JSON (never pickle), beside the rule-base cache (checker/policy_cache.py), keyed by
the rule base's directory and version, the parameters the pool depends on, and the source
of checker/ and quiz/ (a code change never reads a stale pool). The pool fixes exam answers,
so the file is read only when it is this user's and nobody else can write it or its
directory, as the rule-base cache; anything unexpected (a damaged file, a wrong shape, a
file of another key) means building the pool as before."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from checker.policy_cache import cache_root, prune, read_private, write_private

from .context import Reject
from .model import Question

FORMAT = 1
KEEP = 4                     # pools kept: one per rule-base version and parameter period in use
_ROOTS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "checker")


def _code_stamp() -> str:
    digest = hashlib.sha256()
    for root in _ROOTS:
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


_stamp: list[str] = []


def pool_path(key: tuple) -> Path:
    if not _stamp:
        _stamp.append(_code_stamp())
    name = hashlib.sha256(f"{FORMAT}:{_stamp[0]}:{key!r}".encode()).hexdigest()[:16]
    return cache_root() / f"pool-{name}.json"


def read(key: tuple) -> tuple[list[Question], list[Reject]] | None:
    try:
        raw = read_private(pool_path(key))
        if raw is None:
            return None
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT or data.get("key") != repr(key):
            return None
        return ([Question.from_dict(q) for q in data["questions"]],
                [Reject(str(r["type"]), str(r["source"]), str(r["reason"])) for r in data["rejects"]])
    except Exception:  # noqa: BLE001 - any unreadable pool is simply built again
        return None


def write(key: tuple, questions: list[Question], rejects: list[Reject]) -> None:
    path = pool_path(key)
    data = {"format": FORMAT, "key": repr(key), "questions": [q.to_dict() for q in questions],
            "rejects": [{"type": r.type, "source": r.source, "reason": r.reason} for r in rejects]}
    try:
        write_private(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        prune("pool", KEEP, ".json")
    except Exception:  # noqa: BLE001 - a read-only home only costs time
        pass

