"""`kefu quiz practice`: one question at a time with immediate feedback (the rule's
source quote and suggestion), weighted toward an agent's most broken norms; driven here
through a pseudo-terminal, as a person at a terminal would, and ended by end of input
and by Ctrl-C without a traceback."""
from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections import Counter

import pytest
from rich.console import Console

from conftest import ROOT
from quiz.practice import choose, run
from quiz.pool import build_pool

pty = pytest.importorskip("pty", reason="needs a POSIX pseudo-terminal")


@pytest.fixture(scope="module")
def pool(policy):
    return build_pool(policy, "2026-11")


class Terminal:
    """A child process on a pseudo-terminal: read until a text shows, type a line."""

    def __init__(self, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:   # the child: `kefu quiz practice …`, as from a shell in the project
            # An interactive shell starts a foreground job with Ctrl-C at its default; a suite run in
            # the background (`make test &` from a script) ignores SIGINT, and an ignored SIGINT is
            # inherited across exec, so Python would never raise KeyboardInterrupt in the child.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.chdir(ROOT)
            os.environ.pop("KEFU_DB", None)
            os.environ["COLUMNS"] = "100"
            os.execv(sys.executable, [sys.executable, "-m", "checker.cli", "quiz", "practice", *args])
        self.screen = b""
        self.seen = 0            # expect() looks only at output after its last match

    # The timeouts only stop a hung session from hanging the suite: they are generous because the
    # child builds the question pool on start-up and the suite runs beside other work (speed is
    # measured by `make bench`, never here).
    def expect(self, text: str, timeout: float = 300) -> str:
        end = time.time() + timeout
        while text.encode() not in self.screen[self.seen:]:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, end - time.time()))
            if not ready:
                raise AssertionError(f"timed out waiting for {text!r}:\n{self.screen.decode(errors='replace')}")
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                raise AssertionError(f"ended before {text!r}:\n{self.screen.decode(errors='replace')}")
            self.screen += chunk
        self.seen = self.screen.index(text.encode(), self.seen) + len(text.encode())
        return self.screen.decode(errors="replace")

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def wait(self, timeout: float = 300) -> int:
        end = time.time() + timeout
        while time.time() < end:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.2)
                if ready:
                    chunk = os.read(self.fd, 4096)
                    self.screen += chunk
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError("the practice session did not end:\n" + self.screen.decode(errors="replace"))


def test_answer_then_end_of_input(pool):
    term = Terminal("--count", "3", "--seed", "7", "--type", "pick_bad")
    term.expect("你的答案")
    term.send(b"A\r")
    screen = term.expect("出处：")
    assert "回答正确" in screen or "正确答案" in screen
    term.expect("第 2/3 题")
    term.expect("你的答案")
    term.send(b"\x04")                       # Ctrl-D: end of input
    assert term.wait() == 0
    screen = term.screen.decode(errors="replace")
    assert "练习结束：答对" in screen and "/ 1 题" in screen and "Traceback" not in screen


def test_ctrl_c_exits_cleanly():
    term = Terminal("--count", "5", "--seed", "3")
    term.expect("你的答案")
    term.send(b"\x03")                       # Ctrl-C
    assert term.wait() == 130
    screen = term.screen.decode(errors="replace")
    assert "已中断" in screen and "练习结束" in screen and "Traceback" not in screen


def test_feedback_quotes_the_rule_and_quit_word(pool):
    questions = [q for q in pool.questions if q.type == "true_false"][:2]
    answers = iter(["也许", "对" if questions[0].answer == "错" else "错", "q"])
    console = Console(record=True, width=100)
    summary = run(questions, console, lambda prompt: next(answers))
    out = console.export_text()
    assert "没看懂这个答案" in out
    assert "回答错误" in out and questions[0].explanation.source in out and questions[0].explanation.suggestion in out
    assert summary.asked == 1 and summary.right == 0 and not summary.interrupted
    assert "练习结束：答对 0 / 1 题" in out


def test_weighted_toward_the_agents_norms(pool):
    # summed over several seeds: one draw of 200 depends on the pool's make-up by luck
    plain, weighted = Counter(), Counter()
    for seed in ("w", "x", "y", "z", "v"):
        plain.update(q.norm for q in choose(pool.questions, 200, None, seed))
        weighted.update(q.norm for q in choose(pool.questions, 200, {"hedging": 12, "shouting": 3}, seed))
    assert weighted["hedging"] > 2 * plain["hedging"]
    assert weighted["hedging"] > weighted["shouting"]


def test_no_same_rule_twice_in_a_row(pool):
    chosen = choose(pool.questions, 50, None, "x")
    assert all(a.family != b.family for a, b in zip(chosen, chosen[1:]))
