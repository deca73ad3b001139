"""Literal prefilters: which regexes could match a text at all, found in one scan.

Most chat messages match none of the rule base's regexes. For each regex we derive, from
its parsed form, a few sets of literal strings ("clauses") such that every match of the
regex contains a string of each set (`required_clauses`): `(?:你|您)(?:骗|讹|忽悠)` gives
{你, 您} and {骗, 讹, 忽悠}; `不(?:太)?(?:知道|清楚)` gives {不知道, 不清楚, 不太知道, 不太清楚}.
One Aho-Corasick scan of a text over all the literals then tells which regexes are worth
running (`PatternGate`). A regex none of whose parts yields literals (`.` or a class like
[^,.] everywhere, a back reference, a case-insensitive part) has no clause and always
runs. The test is a necessary condition only: a regex that runs decides as before, so
results never change, only the time spent on regexes that cannot match.
"""
from __future__ import annotations

import re._constants as C
import re._parser as sre_parse
from itertools import product
from operator import itemgetter

LIMIT = 64             # most strings a product of literal sets may have (products grow fast)
UNION_LIMIT = 1024     # most strings an alternation's literal set may have
MAX_CLASS = 16         # a character class of at most this many characters is a literal set
MAX_REPEAT_EXPAND = 4  # {m,n} with n at most this is expanded into exact strings
MAX_CLAUSES = 4        # clauses kept per regex (the most selective)
KEEP_COST = 1.5        # a clause after the first is scanned for only when this selective (`_cost`)

_NOTHING = frozenset({""})
_VALUE = itemgetter(1)      # of an automaton's (end, value) pairs


def _clause(strings: frozenset | None) -> frozenset | None:
    """`strings` as a clause: None when empty or when it holds the empty string (which
    every text contains); a string containing another of the set adds nothing and goes."""
    if not strings or "" in strings:
        return None
    if len(strings) > 1 and len(strings) <= 4 * LIMIT:
        strings = frozenset(x for x in strings if not any(y != x and y in x for y in strings))
    return strings


# Characters most chat messages contain: a clause of these barely filters anything.
COMMON = frozenset("的了是我你您不在有这个们就都也要会能到给帮吗呢吧啊哦亲好可以一上下时天说没什么看用下单货")


def _cost(clause: frozenset) -> float:
    """How often a clause is expected to occur in a message (lower: more selective):
    common characters often, other single characters sometimes, longer strings rarely."""
    return sum(1.0 if s in COMMON else 0.2 if len(s) == 1 else 0.02 if len(s) == 2 else 0.002 for s in clause)


def _score(clause: frozenset) -> float:
    return -_cost(clause)


def _implies(a: frozenset, b: frozenset) -> bool:
    """Every string of `a` contains one of `b` (then `b` adds nothing to `a`); False when
    the sets are too big to tell cheaply."""
    if len(a) * len(b) > 4 * LIMIT:
        return False
    return all(any(y in x for y in b) for x in a)


class _Info:
    """What a node of the parse tree can match: `exact`, every string it matches (None:
    too many, or unknown), and `clauses`, literal sets every match has a string of."""
    __slots__ = ("exact", "clauses")

    def __init__(self, exact: frozenset | None, clauses=()):
        self.exact = exact
        whole = _clause(exact)
        if whole is not None:      # the exact strings imply every other clause
            clauses = (whole,)
        kept: list[frozenset] = []
        for clause in sorted({c for c in clauses if c is not None}, key=_score, reverse=True):
            if not any(_implies(other, clause) for other in kept):
                kept.append(clause)
        self.clauses = tuple(kept[:MAX_CLAUSES])

    @property
    def best(self) -> frozenset | None:
        return self.clauses[0] if self.clauses else None


_UNKNOWN = _Info(None)
_EMPTY = _Info(_NOTHING)
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def _product(a: frozenset, b: frozenset) -> frozenset | None:
    if len(a) * len(b) > LIMIT:
        return None
    return frozenset(x + y for x, y in product(a, b))


def _class(items) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:                  # NEGATE, CATEGORY (\d, \s …), a wide range
            return _UNKNOWN
        if len(chars) > MAX_CLASS:
            return _UNKNOWN
    return _Info(frozenset(chars))


def _repeat(low: int, high: int, item: _Info) -> _Info:
    exact = None
    if item.exact is not None and high != C.MAXREPEAT and high <= MAX_REPEAT_EXPAND:
        strings: set[str] | None = set()
        power: frozenset | None = _NOTHING
        for count in range(high + 1):
            if count >= low:
                strings |= power
            if count < high:
                power = _product(power, item.exact)
                if power is None or len(strings) > LIMIT:
                    strings = None
                    break
        exact = frozenset(strings) if strings is not None and len(strings) <= LIMIT else None
    if low < 1:
        return _Info(exact)
    clauses = list(item.clauses)       # a match holds `low` matches of the item in a row
    if item.exact is not None:
        power = _NOTHING
        for _ in range(min(low, MAX_REPEAT_EXPAND)):
            power = _product(power, item.exact) if power is not None else None
        clauses.append(_clause(power))
    return _Info(exact, clauses)


def _sequence(items, flags: int) -> _Info:
    clauses: list = []
    run: frozenset = _NOTHING          # the product of the current run of exact items
    whole: frozenset | None = _NOTHING  # the product of all items, while it stays small
    for op, av in items:
        info = _node(op, av, flags)
        whole = _product(whole, info.exact) if whole is not None and info.exact is not None else None
        if info.exact is None:
            clauses.extend(info.clauses)
            clauses.append(_clause(run))
            run = _NOTHING
            continue
        joined = _product(run, info.exact)
        if joined is None:             # too many: close the run here, start again from this item
            clauses.append(_clause(run))
            clauses.extend(info.clauses)
            joined = info.exact
        run = joined
    clauses.append(_clause(run))
    return _Info(whole, clauses)


def _node(op, av, flags: int) -> _Info:
    if op is C.LITERAL:
        return _UNKNOWN if flags & C.SRE_FLAG_IGNORECASE else _Info(frozenset({chr(av)}))
    if op is C.IN:
        return _UNKNOWN if flags & C.SRE_FLAG_IGNORECASE else _class(av)
    if op is C.SUBPATTERN:
        _, add, _, sub = av
        return _sequence(sub, flags | add)
    if op is getattr(C, "ATOMIC_GROUP", object()):
        return _sequence(av, flags)
    if op is C.BRANCH:
        alternatives = [_sequence(alt, flags) for alt in av[1]]
        exact = None
        if all(a.exact is not None for a in alternatives):
            union = frozenset().union(*(a.exact for a in alternatives))
            exact = union if len(union) <= UNION_LIMIT else None
        clause = None                  # one clause: the best of each alternative
        if all(a.best is not None for a in alternatives):
            union = frozenset().union(*(a.best for a in alternatives))
            clause = union if len(union) <= UNION_LIMIT else None
        return _Info(exact, (clause,))
    if op in _REPEATS:
        low, high, sub = av
        return _repeat(low, high, _sequence(sub, flags))
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _EMPTY           # zero-width: no character of the match comes from it
    return _UNKNOWN             # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS …


def required_clauses(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Literal sets such that every match of `pattern` contains a string of each one;
    empty when none can be derived (the pattern must then always run)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - not ours to judge here: the pattern always runs
        return ()
    if parsed.state.flags & C.SRE_FLAG_IGNORECASE:
        return ()
    return _sequence(list(parsed), parsed.state.flags).clauses


class ClauseIndex:
    """Numbers the clauses of many patterns, so that one automaton serves them all:
    `add(patterns)` -> the clause ids each pattern needs; `words` -> literal -> clause ids."""

    def __init__(self):
        self.words: dict[str, list[int]] = {}
        self._ids: dict[frozenset, int] = {}

    def add(self, pattern) -> tuple[frozenset[int], int | None]:
        """(the ids of the clauses a compiled pattern needs, the id of its most selective
        one, or None without clauses): its best clause, and the next ones while they are
        selective enough to be worth scanning for. Check a pattern when its best clause is
        found. A SafePattern brings its clauses (kept in the cached rule base)."""
        needed = []
        clauses = getattr(pattern, "clauses", None)
        if clauses is None:
            clauses = required_clauses(pattern.pattern, pattern.flags)
        for clause in clauses[:1] + tuple(c for c in clauses[1:] if _cost(c) < KEEP_COST):
            cid = self._ids.get(clause)
            if cid is None:
                cid = self._ids[clause] = len(self._ids)
                for literal in clause:
                    self.words.setdefault(literal, []).append(cid)
            needed.append(cid)
        return frozenset(needed), (needed[0] if needed else None)


class PatternGate:
    """Which of a list of patterns (and whether any of some literal phrases) a text
    could match, by one automaton scan: `possible(text)` -> the pattern indexes."""

    def __init__(self, patterns, phrases=()):
        index = ClauseIndex()
        added = [index.add(p) for p in patterns]
        self.needs = [need for need, _ in added]
        self.always = tuple(i for i, need in enumerate(self.needs) if not need)
        self.users: dict[int, list[int]] = {}       # clause id -> the patterns it is the best clause of
        for i, (_, best) in enumerate(added):
            if best is not None:
                self.users.setdefault(best, []).append(i)
        words: dict[str, tuple[bool, tuple[int, ...]]] = {w: (False, tuple(ids)) for w, ids in index.words.items()}
        for phrase in phrases:
            if phrase:
                words[phrase] = (True, words.get(phrase, (False, ()))[1])
        self.words = words          # literal -> (a phrase, the clause ids it is in): GateGroup reads it
        self._automaton = automaton(words)

    def _scan(self, text: str) -> tuple[bool, set[int]]:
        """(a phrase occurs, the patterns all of whose clauses occur)."""
        if self._automaton is None:
            return False, set()
        values = set(map(_VALUE, self._automaton.iter(text)))
        if not values:
            return False, set()
        found = set().union(*(ids for _, ids in values))
        ready = {i for cid in found for i in self.users.get(cid, ()) if self.needs[i] <= found}
        return any(phrase for phrase, _ in values), ready

    def possible(self, text: str) -> list[int]:
        """Indexes of the patterns that could match `text`, in order."""
        _, ready = self._scan(text)
        if self.always:
            ready.update(self.always)
        return sorted(ready)

    def any(self, text: str) -> bool:
        """A phrase occurs or some pattern could match."""
        if self.always:
            return True
        phrase, ready = self._scan(text)
        return phrase or bool(ready)

    def any_of(self, found: set[int]) -> bool:
        """Whether some pattern could match a text in which the clauses `found` occur."""
        users, needs = self.users, self.needs
        return any(needs[i] <= found for cid in found for i in users.get(cid, ()))


class GateGroup:
    """Several gates scanned as one: `live(text)` is the set of k for which
    `gates[k].any(text)` holds, found by one automaton scan instead of one per gate
    (a customer act is a list of matchers, each with its gate, asked of every message)."""

    def __init__(self, gates):
        self.gates = tuple(gates)
        self.always = frozenset(k for k, gate in enumerate(self.gates) if gate.always)
        words: dict[str, list] = {}
        for k, gate in enumerate(self.gates):
            for word, (phrase, ids) in gate.words.items():
                words.setdefault(word, []).append((k, phrase, ids))
        self._automaton = automaton({word: tuple(entries) for word, entries in words.items()})

    def live(self, text: str) -> set[int]:
        out = set(self.always)
        if self._automaton is None:
            return out
        found: dict[int, set[int]] = {}
        for entries in set(map(_VALUE, self._automaton.iter(text))):
            for k, phrase, ids in entries:
                if phrase:
                    out.add(k)
                if ids:
                    found.setdefault(k, set()).update(ids)
        for k, ids in found.items():
            if k not in out and self.gates[k].any_of(ids):
                out.add(k)
        return out


def automaton(words: dict):
    """An Aho-Corasick automaton over `words` (word -> value), or None without words."""
    if not words:
        return None
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton
