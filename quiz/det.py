"""Deterministic choice without `random`: order items by a SHA-256 of a salt and the
item's key. The same inputs give the same order on every machine and Python version."""
from __future__ import annotations

import hashlib
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def digest(*parts: object, length: int = 64) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8") + b"\x1f")
    return h.hexdigest()[:length]


def keyed_order(items: Iterable[T], salt: str, key: Callable[[T], str] = str) -> list[T]:
    """The items ordered by digest(salt, key(item)), then by key: the salt is hashed once and
    the hash state copied per item (the exam pool orders thousands of lists this way)."""
    salted = hashlib.sha256()
    salted.update(str(salt).encode("utf-8") + b"\x1f")

    def order(item: T) -> tuple[str, str]:
        k = key(item)
        h = salted.copy()
        h.update(str(k).encode("utf-8") + b"\x1f")
        return h.hexdigest(), k

    return sorted(items, key=order)


def shuffled_not_identity(items: list[T], salt: str, key: Callable[[T], str] = str) -> list[T]:
    """A keyed shuffle that never leaves the items in their given order (when len > 1)."""
    out = keyed_order(items, salt, key)
    if len(out) > 1 and out == list(items):
        out = out[1:] + out[:1]
    return out
