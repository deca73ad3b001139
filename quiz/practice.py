"""`kefu quiz practice`: one question at a time in the terminal, with immediate feedback
(the rule's explanation, source quote and suggestion). Weighted toward the norms an agent
broke most when the ledger knows them. Ends on `q`, end of input (exit 0) or Ctrl-C
(exit 130), always with a summary and never with a traceback."""
from __future__ import annotations

import random
import signal
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from checker.norms import NORMS

from .answers import normalise
from .model import CHOICE_TYPES, TYPE_TITLES, Question
from .render import question_md

QUIT_WORDS = {"q", "quit", "exit", "退出", "结束"}
HINTS = {
    "true_false": "对/错",
    "number": "填数字",
    "ordering": "按先后顺序写字母，如 CADB",
}


@dataclass
class PracticeSummary:
    asked: int = 0
    right: int = 0
    wrong_norms: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False


@contextmanager
def sigint_to_main_thread():
    """Run a block with SIGINT blocked, so that threads it starts inherit the block.

    Building the pool runs the checker, whose durable-rules engine starts native threads.
    A Ctrl-C delivered to one of them would only set Python's flag while the main thread
    sits in input(), and the session would hang until Enter. With SIGINT blocked in those
    threads, the kernel delivers it to the main thread, which raises KeyboardInterrupt."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def terminal_prompt(console: Console, stream=None) -> Callable[[str], str]:
    """A prompt that waits for the line in short select() slices, so the main thread
    wakes up often: durable-rules keeps re-arming timer threads, and a Ctrl-C the kernel
    hands to one of them is then still raised here as KeyboardInterrupt at once, instead
    of after the next Enter. Returns the line without its newline; EOFError at the end."""
    import select
    import sys

    source = stream or sys.stdin

    def prompt(text: str) -> str:
        console.print(f"{text}: ", end="")
        try:
            fileno = source.fileno()
        except (AttributeError, OSError, ValueError):
            fileno = None
        while fileno is not None and not select.select([fileno], [], [], 0.1)[0]:
            pass
        line = source.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return prompt


def weights_for(questions: list[Question], counts: dict[str, int] | None) -> list[float]:
    """1 for every question, up to 5 for the norm the agent broke most."""
    if not counts:
        return [1.0] * len(questions)
    top = max(counts.values()) or 1
    return [1.0 + 4.0 * counts.get(q.norm, 0) / top for q in questions]


def choose(questions: list[Question], count: int, counts: dict[str, int] | None, seed: str | None) -> list[Question]:
    rng = random.Random(seed)
    remaining = list(questions)
    out: list[Question] = []
    while remaining and len(out) < count:
        # not the same rule twice in a row, while another is left
        candidates = [q for q in remaining if not out or q.family != out[-1].family] or remaining
        q = rng.choices(candidates, weights=weights_for(candidates, counts), k=1)[0]
        out.append(q)
        remaining.remove(q)
    return out


def valid(q: Question, meant: str | None) -> bool:
    if meant is None:
        return False
    labels = {o.label for o in q.options}
    if q.type in CHOICE_TYPES:
        return meant in labels
    if q.type == "ordering":
        return sorted(meant) == sorted(labels)
    return True


def ask(q: Question, prompt: Callable[[str], str], console: Console) -> str | None:
    """The candidate's normalised answer, or None to quit. EOFError/KeyboardInterrupt pass up."""
    labels = "/".join(o.label for o in q.options)
    hint = HINTS.get(q.type, f"选 {labels}")
    while True:
        raw = prompt(f"你的答案（{hint}；q 退出）")
        if raw is None:
            raise EOFError
        if raw.strip().lower() in QUIT_WORDS:
            return None
        meant = normalise(q.type, raw)
        if valid(q, meant):
            return meant
        console.print(Text(f"没看懂这个答案：{raw.strip() or '（空）'}。请按提示重新输入。", style="yellow"))


def feedback(q: Question, right: bool, console: Console) -> None:
    if right:
        console.print(Text("✓ 回答正确", style="bold green"))
    else:
        console.print(Text(f"✗ 回答错误。正确答案：{q.answer_text()}", style="bold red"))
    e = q.explanation
    console.print(Text(f"{e.title}：{e.message}"))
    console.print(Text(f"出处：{e.source}", style="cyan"))
    if e.suggestion:
        console.print(Text(f"建议：{e.suggestion}", style="green"))
    console.print()


def run(questions: list[Question], console: Console, prompt: Callable[[str], str]) -> PracticeSummary:
    summary = PracticeSummary()
    try:
        for n, q in enumerate(questions, 1):
            console.rule(f"第 {n}/{len(questions)} 题 · {TYPE_TITLES[q.type]}")
            console.print(Markdown("\n".join(question_md(n, None, q))))
            meant = ask(q, prompt, console)
            if meant is None:
                break
            summary.asked += 1
            right = meant == q.answer
            summary.right += right
            if not right:
                summary.wrong_norms[q.norm] = summary.wrong_norms.get(q.norm, 0) + 1
            feedback(q, right, console)
    except EOFError:
        console.print()
    except KeyboardInterrupt:
        summary.interrupted = True
        console.print("\n已中断。")
    print_summary(summary, console)
    return summary


def print_summary(summary: PracticeSummary, console: Console) -> None:
    console.print(Text(f"练习结束：答对 {summary.right} / {summary.asked} 题。", style="bold"))
    if summary.wrong_norms:
        worst = sorted(summary.wrong_norms.items(), key=lambda kv: (-kv[1], kv[0]))
        console.print("需要加强：" + "、".join(f"{NORMS.get(n, n)}（错 {c} 题）" for n, c in worst))
