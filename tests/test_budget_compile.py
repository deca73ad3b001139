"""Compiling a rule's pattern on first use is not matching: it must not eat the message's
regex time budget (on a loaded machine the first message of a run was skipped with a
time-budget error while only the rule base's patterns were being compiled)."""
from __future__ import annotations

import re
import time
import types

from checker.text import safety


def test_compiling_a_pattern_on_first_use_is_not_counted_in_the_budget(monkeypatch):
    def slow_compile(*args, **kwargs):
        time.sleep(0.3)
        return re.compile(*args, **kwargs)

    monkeypatch.setattr(safety, "re", types.SimpleNamespace(compile=slow_compile))
    pattern = safety.SafePattern("不行")
    token = safety.start_budget(0.2)
    try:
        assert safety.search(pattern, "这个不行") is not None
        assert safety.remaining() > 0          # the 0.3 s of compiling did not use up the 0.2 s
    finally:
        safety.end_budget(token)
