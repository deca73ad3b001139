"""The loader's test of a regex's shape: refuse what can backtrack without bound.

A backtracking engine is slow only on ambiguity: a repetition whose body can match the
same text in more than one way. Refused:
  - a repetition inside an unbounded repetition (``(a+)+``), unless each round starts with
    a character none of the inner repetitions can match (``( [A-Z]{2,})+``);
  - an unbounded repetition whose body can match empty, or whose alternatives can spell
    the same text in two ways (``(?:亲|亲亲)*``: the Sardinas–Patterson test on the
    alternatives' words) or, when not a finite set of words, start with the same character;
  - two unbounded repetitions side by side that can match the same character (``\\s*\\s*``);
  - an unbounded repetition of "any character" (``.*``, ``[^,]+``): write a bound ({0,20});
  - a pattern that starts with an unbounded repetition followed by more (``亲*不行``): a
    search retries it from every start, quadratic on a long run, unless a look-behind keeps
    a match from starting inside the run.
"""
from __future__ import annotations

import re._constants as C
import re._parser as sre_parse

_MAX_WORDS = 400
_UNBOUNDED = C.MAXREPEAT
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` may run in more than linear time, in Chinese; None when it is safe."""
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - syntax errors are reported by the caller
        return None
    return _leading_repeat(list(tree)) or _check_seq(list(tree), inside_unbounded=False)


def _leading_repeat(items) -> str | None:
    """A search tries every start: an unbounded repetition first, followed by more pattern
    that can fail, rescans the same run from each start (``亲*不行`` on 亲亲亲…)."""
    guard = _start_guard(items[0]) if items else None
    items = [it for it in items if it[0] not in (C.ASSERT, C.ASSERT_NOT, C.AT)]
    while items and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][-1]) + items[1:]
    if items and items[0][0] is C.BRANCH:
        for alt in items[0][1][1]:
            problem = _leading_repeat(list(alt) + items[1:])
            if problem:
                return problem
        return None
    if len(items) > 1 and items[0][0] in _REPEATS and items[0][1][1] in (_UNBOUNDED,):
        chars = _all_chars(list(items[0][1][2]))
        if guard is not None and chars is not None and guard(chars):
            return None         # a look-behind keeps a match from starting inside the run
        return "以不限次数的重复开头、后面还有内容（如 亲*不行），在长文本上会变成平方时间：去掉开头的重复，或给它写上限"
    return None


def _start_guard(item):
    """For a leading negative look-behind of one character class: a test of whether it
    forbids every start that follows one of the given characters."""
    op, av = item
    if op is not C.ASSERT_NOT or av[0] != -1 or len(av[1]) != 1:
        return None
    (inner_op, inner_av), = list(av[1])
    if inner_op is C.LITERAL:
        return lambda chars: chars <= {chr(inner_av)}
    if inner_op is not C.IN:
        return None
    items = list(inner_av)
    if items and items[0][0] is C.NEGATE:
        allowed = _class_chars(items[1:], 30000)
        return None if allowed is None else (lambda chars: not chars & allowed)
    forbidden = _class_chars(items, 30000)
    return None if forbidden is None else (lambda chars: chars <= forbidden)


def _check_seq(items, inside_unbounded: bool) -> str | None:
    prev_unbounded_first = None
    for op, av in items:
        if op in _REPEATS and op is not None:
            lo, hi, body = av
            body = list(body)
            if inside_unbounded and hi > 1:
                return "嵌套的量词（如 (a+)+）会导致回溯爆炸：请去掉内层或外层的重复"
            unbounded = hi == _UNBOUNDED or hi > 50
            if unbounded and _delimited(body):
                problem = _check_seq(body, False)     # each round starts at a delimiter: unambiguous
                if problem:
                    return problem
                prev_unbounded_first = None
                continue
            if unbounded:
                problem = _check_unbounded_body(body)
                if problem:
                    return problem
                first = _first(body)
                if prev_unbounded_first is not None and (first is None or prev_unbounded_first is None
                                                         or first & prev_unbounded_first):
                    return "相邻的两个不限次数的重复可以匹配同一个字符（如 \\s*\\s*）：请合并成一个"
                prev_unbounded_first = first if first is not None else set()
                if first is None:
                    return "不限次数地重复“任意字符”（如 .* 或 [^,]+）会导致回溯：请写上限，如 .{0,20}"
            else:
                prev_unbounded_first = None
            problem = _check_seq(body, inside_unbounded or hi == _UNBOUNDED or hi > 50)
            if problem:
                return problem
        elif op is C.SUBPATTERN:
            problem = _check_seq(list(av[-1]), inside_unbounded)
            if problem:
                return problem
            prev_unbounded_first = None
        elif op is C.BRANCH:
            for alt in av[1]:
                problem = _check_seq(list(alt), inside_unbounded)
                if problem:
                    return problem
            prev_unbounded_first = None
        elif op in (C.ASSERT, C.ASSERT_NOT):
            problem = _check_seq(list(av[1]), False)
            if problem:
                return problem
        else:
            prev_unbounded_first = None
    return None


def _inner_repeat_chars(items) -> set | None:
    """Characters the repetitions inside ``items`` can match (None: any), or an empty set."""
    out: set = set()
    for op, av in items:
        if op in _REPEATS and op is not None and av[1] > 1:
            first = _all_chars(list(av[2]))
            if first is None:
                return None
            out |= first
        elif op is C.SUBPATTERN:
            sub = _inner_repeat_chars(list(av[-1]))
            if sub is None:
                return None
            out |= sub
        elif op is C.BRANCH:
            for alt in av[1]:
                sub = _inner_repeat_chars(list(alt))
                if sub is None:
                    return None
                out |= sub
    return out


def _all_chars(items) -> set | None:
    words = _words(items)
    if words is not None:
        return {c for w in words for c in w}
    if len(items) == 1 and items[0][0] is C.IN:
        return _class_chars(items[0][1], 30000)
    if len(items) == 1 and items[0][0] is C.LITERAL:
        return {chr(items[0][1])}
    return None


def _delimited(body) -> bool:
    """The body repeats inner repetitions but each round has a mandatory character that
    none of them can match (``( [A-Z]{2,}){2,}``): the rounds cannot be split two ways."""
    while len(body) == 1 and body[0][0] is C.SUBPATTERN:
        body = list(body[0][1][-1])
    inner = _inner_repeat_chars(body)
    if inner is None or not inner:
        return False
    for op, av in body:
        if op is C.LITERAL and chr(av) not in inner:
            return True
        if op is C.IN:
            chars = _class_chars(av, 30000)
            if chars is not None and not chars & inner:
                return True
    return False


def _check_unbounded_body(body) -> str | None:
    words = _words(body)
    if words is not None:
        if "" in words:
            return "不限次数重复的部分可以匹配空串：请去掉其中的 ? 或 *"
        if not _uniquely_decodable(words):
            return "不限次数重复的候选词之间有重叠（如 (?:亲|亲亲)*，同一段文字有多种拆法）：请删去可由其他词拼成的词"
        return None
    branches = _top_branches(body)
    if len(branches) > 1:
        seen: set = set()
        for branch in branches:
            first = _first(branch)
            if first is None or first & seen:
                return "不限次数重复的候选项可以从同一个字开始：请改写成互不重叠的候选项"
            seen |= first
    return None


def _top_branches(body):
    if len(body) == 1 and body[0][0] is C.SUBPATTERN:
        return _top_branches(list(body[0][1][-1]))
    if len(body) == 1 and body[0][0] is C.BRANCH:
        return [list(b) for b in body[0][1][1]]
    return [body]


def _words(items) -> set[str] | None:
    """The finite set of strings ``items`` can match, or None (infinite, a class, too many)."""
    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            step = {chr(av)}
        elif op is C.IN:
            step = _class_chars(av, 20)
            if step is None:
                return None
        elif op is C.SUBPATTERN:
            step = _words(list(av[-1]))
        elif op is C.BRANCH:
            step = set()
            for alt in av[1]:
                sub = _words(list(alt))
                if sub is None:
                    return None
                if sub & step:
                    return {"", *step}      # two alternatives spell the same word: ambiguous
                step |= sub
        elif op in _REPEATS and op is not None and av[1] <= 3:
            sub = _words(list(av[2]))
            if sub is None:
                return None
            step, power = set(), {""}
            for n in range(av[1] + 1):
                if n >= av[0]:
                    step |= power
                power = {a + b for a in power for b in sub}
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            step = {""}
        else:
            return None
        if step is None:
            return None
        out = {a + b for a in out for b in step}
        if len(out) > _MAX_WORDS:
            return None
    return out


def _first(items) -> set | None:
    """Characters a match of ``items`` can start with; None for "any"/a large class."""
    out: set = set()
    for op, av in items:
        if op is C.LITERAL:
            return out | {chr(av)}
        if op is C.IN:
            chars = _class_chars(av, 30000)
            return None if chars is None else out | chars
        if op is C.SUBPATTERN:
            sub = _first(list(av[-1]))
            return None if sub is None else out | sub
        if op is C.BRANCH:
            for alt in av[1]:
                sub = _first(list(alt))
                if sub is None:
                    return None
                out |= sub
            return out
        if op in _REPEATS and op is not None:
            sub = _first(list(av[2]))
            if sub is None:
                return None
            out |= sub
            if av[0] > 0:
                return out
            continue
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        return None
    return out


_CATEGORIES = {C.CATEGORY_DIGIT: "0123456789", C.CATEGORY_SPACE: " \t\n\r\f\v"}


def _class_chars(items, limit: int) -> set[str] | None:
    """The characters of a class ``[...]``; None for a negated, \\w-like or too large class."""
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < limit:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av in _CATEGORIES:
            chars.update(_CATEGORIES[av])
        else:
            return None
        if len(chars) > limit:
            return None
    return chars


def _uniquely_decodable(words: set[str]) -> bool:
    """Sardinas–Patterson: no string is a concatenation of the words in two ways."""
    code = set(words)

    def quotients(a: set[str], b: set[str]) -> set[str]:
        return {y[len(x):] for x in a for y in b if y.startswith(x) and len(y) > len(x)}

    current = quotients(code, code) - {""}
    seen: set[frozenset] = set()
    while current:
        if current & code:
            return False
        key = frozenset(current)
        if key in seen:
            return True
        seen.add(key)
        current = (quotients(code, current) | quotients(current, code)) - {""}
    return True


