"""The regex time budget counts matching, not compiling: a rule base loaded from the cache
compiles its patterns on first use, and in a fresh process (a --jobs or Dask worker) on a
busy machine that compiling must not push the first message over its budget (it did:
the message was skipped and its findings were lost, so Dask's output differed from a
local run's)."""
from __future__ import annotations

import time
import types

from checker.text import safety


def test_compiling_on_first_use_is_not_counted_against_the_budget(monkeypatch):
    real = safety.re

    def slow_compile(pattern, flags=0):
        time.sleep(0.4)                   # a busy machine compiling many patterns
        return real.compile(pattern, flags)

    monkeypatch.setattr(safety, "re", types.SimpleNamespace(compile=slow_compile))
    patterns = [safety.compile_safe("不行"), safety.compile_safe("不知道"), safety.compile_safe("随便")]
    token = safety.start_budget(0.5)
    try:
        found = [m.group() for p in patterns for m in safety.finditer(p, "不行，我不知道，随便")]
    finally:
        safety.end_budget(token)
    assert found == ["不行", "不知道", "随便"]
