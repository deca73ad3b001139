"""Safe patterns at run time: every rule regex is a SafePattern, matched with a time budget.

The loader refuses the regex shapes that can backtrack without bound (checker/text/shape.py);
whatever passes is matched with the fast ``re`` engine on ordinary messages and with the
interruptible ``regex`` engine on long texts, within a per-message budget, so a shape the
static test misses costs one message an error (the run goes on), never the batch.
`kefu rules test` also runs every pattern over long repeats of its own alternatives
(``adversarial_problem``).
"""
from __future__ import annotations

import contextvars
import re
import re._constants as C
import re._parser as sre_parse
import time

from .shape import _REPEATS, _words, pattern_problem  # noqa: F401  (pattern_problem: for the loader)

MESSAGE_BUDGET = 0.5                   # seconds of regex matching one long message may use
# The budget is counted in this thread's CPU time: time the process waits for a CPU on a
# loaded machine is no matching, and must not turn an ordinary message into an error.
_clock = time.thread_time
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("kefu_regex_deadline", default=None)


class PatternTimeout(Exception):
    """A message took longer than its regex budget."""


LONG_TEXT = 2000      # characters: longer texts are matched by the interruptible engine


class SafePattern:
    """A compiled pattern matched with the fast ``re`` engine on ordinary messages, and with
    the ``regex`` engine under the message's time budget on long texts (where a shape the
    loader's test missed could take superlinear time). Duck-types a compiled pattern."""
    __slots__ = ("pattern", "flags", "_fast", "_safe", "_clauses")

    def __init__(self, pattern: str, flags: int = 0, clauses=None):
        self.pattern = pattern
        self.flags = flags
        self._fast = None     # compiled on first use: a cached rule base loads without compiling 500 regexes
        self._safe = None
        self._clauses = clauses

    @property
    def clauses(self) -> tuple:
        """The literal sets every match contains (checker/text/prefilter.py), derived on
        first use and kept in the cached rule base, as a pickle of their own: unpickled only
        when an automaton is built from them (checker/built_cache.py keeps those), because
        thousands of small frozensets are most of the time a cached rule base takes to load."""
        clauses = self._clauses
        if type(clauses) is bytes:
            from ..packed import unpack
            clauses = self._clauses = unpack(clauses)
        elif clauses is None:
            from .prefilter import required_clauses
            clauses = self._clauses = required_clauses(self.pattern, self.flags)
        return clauses

    def _re(self):
        if self._fast is None:
            began = _clock()
            self._fast = re.compile(self.pattern, self.flags)
            _not_matching(began)
        return self._fast

    def __getstate__(self):
        clauses = self._clauses
        if type(clauses) is not bytes:
            from ..packed import pack
            clauses = pack(self.clauses)
        return (self.pattern, self.flags, clauses)

    def __setstate__(self, state):
        self.__init__(*state)

    def _engine(self, text: str):
        if len(text) <= LONG_TEXT or _deadline.get() is None:
            return self._re(), None
        if self._safe is None:
            import regex              # here: most runs never see a text this long
            began = _clock()
            self._safe = regex.compile(self.pattern, self.flags | regex.V0)
            _not_matching(began)
        return self._safe, remaining()

    def finditer(self, text: str, *args):
        engine, left = self._engine(text)
        if left is None:
            return engine.finditer(text, *args)
        try:
            return iter(list(engine.finditer(text, *args, timeout=left)))
        except TimeoutError as exc:
            raise PatternTimeout() from exc

    def search(self, text: str, *args):
        engine, left = self._engine(text)
        if left is None:
            return engine.search(text, *args)
        try:
            return engine.search(text, *args, timeout=left)
        except TimeoutError as exc:
            raise PatternTimeout() from exc

    def match(self, text: str, *args):
        return self._re().match(text, *args)

    def fullmatch(self, text: str, *args):
        return self._re().fullmatch(text, *args)

    def sub(self, *args, **kwargs):
        return self._re().sub(*args, **kwargs)

    def findall(self, text: str, *args):
        return self._re().findall(text, *args)

    def split(self, *args, **kwargs):
        return self._re().split(*args, **kwargs)

    @property
    def groups(self) -> int:
        return self._re().groups

    def __eq__(self, other) -> bool:
        return isinstance(other, SafePattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r})"


def _not_matching(began: float) -> None:
    """Compiling is not matching: the time since `began` does not count against the
    message's budget (a cached rule base compiles its patterns on first use)."""
    deadline = _deadline.get()
    if deadline is not None:
        _deadline.set(deadline + _clock() - began)


def compile_safe(pattern: str, flags: int = 0) -> SafePattern:
    return SafePattern(pattern, flags)


def start_budget(seconds: float = MESSAGE_BUDGET):
    return _deadline.set(_clock() + seconds)


def end_budget(token) -> None:
    _deadline.reset(token)


def remaining() -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return None
    left = deadline - _clock()
    if left <= 0:
        raise PatternTimeout()
    return left


def _check_budget(text: str) -> None:
    # Only long texts are budgeted: on a short one the linear patterns the loader admits
    # cannot run long, and skipping it because the machine was busy (or this message paid
    # for compiling the patterns) would make the findings depend on the load.
    if len(text) > LONG_TEXT:
        remaining()


def finditer(pattern, text: str):
    """``pattern.finditer`` within the current budget (checked before every call on a long text)."""
    _check_budget(text)
    return list(pattern.finditer(text))


def search(pattern, text: str):
    _check_budget(text)
    return pattern.search(text)


ADVERSARIAL_LENGTH = 3000          # characters: longer than LONG_TEXT, so the budgeted engine runs
ADVERSARIAL_BUDGET = 0.5           # seconds one input may take


def adversarial_inputs(pattern: str, limit: int = 6) -> list[str]:
    """Long texts made of the pattern's own words repeated (亲亲亲…, 不行不行…, all of them in
    turn), each a little short of a match at its end: the inputs that make ambiguous
    repetition backtrack."""
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001
        return []
    words: list[str] = []

    def walk(items):
        for op, av in items:
            if op is C.BRANCH:
                for alt in av[1]:
                    found = _words(list(alt))
                    if found:
                        words.extend(sorted(w for w in found if w)[:3])
                    walk(list(alt))
            elif op is C.SUBPATTERN:
                walk(list(av[-1]))
            elif op in _REPEATS and op is not None:
                found = _words(list(av[2]))
                if found:
                    words.extend(sorted(w for w in found if w)[:3])
                walk(list(av[2]))
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(list(av[1]))
            elif op is C.LITERAL:
                words.append(chr(av))
    walk(list(tree))
    unique = list(dict.fromkeys(w for w in words if w))
    if not unique:
        return []
    unique.sort(key=len)
    inputs = []
    for word in unique[:limit - 1]:
        inputs.append((word * (ADVERSARIAL_LENGTH // len(word) + 1))[:ADVERSARIAL_LENGTH] + "\x00")
    mixed = "".join(unique)
    inputs.append((mixed * (ADVERSARIAL_LENGTH // len(mixed) + 1))[:ADVERSARIAL_LENGTH] + "\x00")
    return inputs


def adversarial_problem(pattern: str, flags: int = 0) -> str | None:
    """Run ``pattern`` over its adversarial inputs with a budget; a problem in Chinese, or None."""
    import regex
    compiled = regex.compile(pattern, flags | regex.V0)
    for text in adversarial_inputs(pattern):
        try:
            for _ in compiled.finditer(text, timeout=ADVERSARIAL_BUDGET):
                pass
        except TimeoutError:
            sample = text[:12] + "…"
            return f"在 {len(text)} 字的对抗文本（{sample}）上超过 {ADVERSARIAL_BUDGET} 秒"
    return None
