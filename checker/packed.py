"""A part of a cached object kept as a pickle of its own inside the object's pickle, and
unpickled only when it is first used (the rules' examples, a pattern's literal clauses):
loading the cached rule base then skips what a check never reads."""
from __future__ import annotations

import pickle


def pack(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes):
    return pickle.loads(data)
