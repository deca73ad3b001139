"""The per-message regex budget counts the time spent matching, not the time the process
waited for a CPU: on a loaded machine (make bench beside other jobs) a descheduled check
must not turn an ordinary message into a 'over the time budget' error."""
from __future__ import annotations

import time

from checker.model import Message, Transcript
from checker.text import safety


def test_time_not_running_does_not_count_against_the_budget():
    token = safety.start_budget(0.2)
    try:
        time.sleep(0.3)                       # what a descheduled process looks like to a wall clock
        assert safety.remaining() > 0
        assert safety.search(safety.compile_safe("不行"), "这个不行") is not None
    finally:
        safety.end_budget(token)


def test_a_check_paused_mid_message_still_judges_it(engine, monkeypatch):
    real = safety.finditer

    def paused(pattern, text):            # the process is descheduled between two regexes
        time.sleep(0.3)
        return real(pattern, text)
    monkeypatch.setattr(safety, "MESSAGE_BUDGET", 0.2)
    from checker import engine as engine_module
    monkeypatch.setattr(engine_module, "start_budget", lambda: safety.start_budget(0.2))
    monkeypatch.setattr(safety, "finditer", paused)
    t = Transcript("t", "a", [Message(0, "customer", "能退吗"), Message(1, "agent", "不行，这个退不了。")])
    result = engine.check(t)
    assert result.errors == []
    assert result.findings
