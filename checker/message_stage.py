"""The message stage of the engine: what each agent message's text gives.

The pre-pass of checker/engine.py, kept apart: one Aho-Corasick automaton over every
rule's phrases plus the literal clauses of the rules' regexes (checker/text/prefilter.py)
say which rules to examine on a message; the text memo (checker/memo.py) keeps, per
text, the normalised copies and what the text alone decides.
"""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Iterator

from .kinds.base import Candidate, Hit, MessageView
from .memo import Entry
from .model import Message
from .normalize import normalise, plain_particle, strip_markup
from .text.self_name import canonical
from .policy import Rule
from .text import safety
from .text.acts import asks_back
from .text.prefilter import ClauseIndex, automaton as _automaton
from .text.turn import LazyTurn, customer_rounds

_VALUE = itemgetter(1)      # of an automaton's (end, value) pairs
# what case folding changes (checker/normalize.py): ASCII and full-width capitals
_CAPITALS = re.compile("[A-Z\uFF21-\uFF3A]")


class MessageStage:
    """Mixed into Engine: compiling the automata, scanning a message, its candidates, and
    the views of a transcript's agent messages."""
    policy: object
    rules: list
    memo: object
    _always: dict
    _users: dict
    _automata: dict
    _scans: tuple
    _always_rules: set
    _pattern_rules: list
    _needs_context: bool

    def _build_stage(self) -> None:
        """`_automata`, `_users` and `_always` of the message rules: stored by an earlier run
        (checker/built_cache.py: a pure function of the rules' phrases and patterns), or built."""
        from . import built_cache
        built_cache.use(self.policy)
        key = built_cache.stage_key(self.rules)
        stored = built_cache.get(key, tuple)
        if stored is not None and len(stored) == 3 and all(type(part) is dict for part in stored):
            self._automata, self._users, self._always = stored
            return
        self._automata = {fold: self._build_automata(fold) for fold in (True, False)}
        built_cache.put(key, (self._automata, self._users, self._always))

    def _build_automata(self, fold_case: bool):
        """Two automata per case mode: one over the rules' phrases (whose hits are found
        here: a word's value is (length, the rules owning it)), and one over the literal
        clauses of each rule pattern (checker/text/prefilter.py: a pattern one of whose
        clauses has no string in a message cannot match it, and is not run; a word's value
        is the ids of the clauses it is in)."""
        index = ClauseIndex()
        phrases: dict[str, list[int]] = {}
        users: dict[int, list[tuple[int, int, frozenset]]] = {}   # best clause id -> (rule, pattern, clauses needed)
        for i, rule in enumerate(self.rules):
            if rule.detector.case_sensitive == (not fold_case):
                for phrase in rule.detector.phrases:
                    phrases.setdefault(phrase, []).append(i)
                always = []
                for j, pattern in enumerate(rule.detector.patterns):
                    needed, best = index.add(pattern)
                    if best is None:
                        always.append(j)
                    else:
                        users.setdefault(best, []).append((i, j, needed))
                if rule.detector.patterns:
                    self._always[i] = tuple(always)
        self._users[fold_case] = users
        return (_automaton({word: (len(word), tuple(owners)) for word, owners in phrases.items()}),
                _automaton({word: tuple(ids) for word, ids in index.words.items()}))

    # ---- running -----------------------------------------------------------------
    def _scan(self, view: MessageView) -> list[tuple[int, list[Hit], tuple | None]]:
        """What the message's text alone decides: (rule index, phrase hits, the patterns
        that could match, None for all) of each rule to examine, in order."""
        raw: dict[int, list[Hit]] = {}
        possible: dict[int, set[int]] = {}       # pattern rule -> its patterns that could match
        for fold, phrases, clauses, users in self._scans:
            text = view.folded if fold else view.cased
            if phrases is not None:
                for end, (length, owners) in phrases.iter(text):
                    hit = Hit(end - length + 1, end + 1)
                    for owner in owners:
                        raw.setdefault(owner, []).append(hit)
            if clauses is None:
                continue
            words = set(map(_VALUE, clauses.iter(text)))     # the clause ids of each word found
            if not words:
                continue
            found = set().union(*words)
            for cid in found:
                for i, j, needed in users.get(cid, ()):
                    if needed <= found:
                        possible.setdefault(i, set()).add(j)
        if not (raw or possible or self._always_rules):
            return []               # the literal prefilter proves the message clean
        for i in sorted(possible.keys() | self._always_rules) if self._always_rules else sorted(possible):
            raw.setdefault(i, [])
            possible[i] = sorted(possible.get(i, set()).union(self._always[i]))
        return [(i, hits, possible.get(i, ())) for i, hits in raw.items()]

    def candidates(self, view: MessageView, entry: Entry | None = None) -> Iterator[tuple[Rule, Candidate]]:
        """The candidates of one agent message. With a memo entry of its text, what the
        text alone decides is computed once per text (checker/memo.py); the context
        condition of a context rule is read again for each occurrence."""
        if entry is None:
            for i, hits, which in self._scan(view):
                candidate = self.rules[i].detector.examine(view, hits, which)
                if candidate:
                    yield self.rules[i], candidate
            return
        if entry.found is None:
            entry.found = [(self.rules[i], self.rules[i].detector.examine_text(view, hits, which))
                           for i, hits, which in self._scan(view)]
            entry.contextual = any(c and r.detector.needs_context for r, c in entry.found)
            entry.quiet = not any(c for _, c in entry.found)
        for rule, candidate in entry.found:
            if candidate:
                if rule.detector.needs_context:
                    candidate = Candidate(list(candidate.hits), candidate.guarded, rule.detector.in_context(view))
                yield rule, candidate


    def _agent_entries(self, messages: list[Message]) -> tuple[list[tuple[int, Entry]], dict[int, bool]]:
        """(position, memo entry) of each agent message's text, and whether each asks the
        customer back (for customer_rounds), by position."""
        memo = self.memo
        entries = []
        asked = {}
        for position, msg in enumerate(messages):
            if msg.role == "agent":
                entry = memo.get(msg.text)
                if entry is None:
                    stripped = strip_markup(msg.text)
                    # 小暖刚打了电话: the agent's name read as 小妹; 是滴 read as 是的
                    folded = canonical(plain_particle(normalise(stripped, True)))
                    # the case-kept copy differs from the folded one only where there are capitals
                    cased = canonical(plain_particle(normalise(stripped, False))) if _CAPITALS.search(stripped) else folded
                    plain = stripped == msg.text
                    # customer_rounds reads the whole text, markup and all
                    entry = Entry(plain, folded, cased, asks_back(folded if plain else normalise(msg.text, True)))
                    memo.put(msg.text, entry)
                entries.append((position, entry))
                asked[position] = entry.asks_back
        return entries, asked

    def _agent_view(self, messages: list[Message], position: int, entry: Entry, rounds) -> MessageView:
        msg = messages[position]
        return MessageView(
            index=msg.index,
            text=msg.text,
            folded=entry.folded,
            cased=entry.cased,
            context_lines=rounds[position] if self._needs_context else [],
            turn=LazyTurn(messages, position, rounds),
        )

    def _agent_views(self, messages: list[Message]) -> Iterator[tuple[MessageView, Entry]]:
        entries, asked = self._agent_entries(messages)
        rounds = customer_rounds(messages, asked=asked)
        for position, entry in entries:
            yield self._agent_view(messages, position, entry, rounds), entry
