"""A bounded memo of what an agent message's text alone decides, for the engine.

Customer-service agents send the same quick-reply templates again and again, so the
context-free part of checking an agent message is kept per text in a fixed-size LRU:
the normalised copies, and which rules' phrases and patterns hit it (with their hits and
`unless` guards). Everything that depends on where the message stands in its chat (the
customer's context of context rules, the analysis layer's facts about the turn, the
conversation rules) is still decided for each occurrence.

How often it helps depends on the data: on the real JDDC sample about 17 % of agent
messages repeat an earlier text, on the bench's synthetic corpus (drawn from small
phrase pools) almost all do; see the README's Speed section. KEFU_TEXT_MEMO=N sets the
number of texts kept (0: no memo).

`FINDS` does the same for the matchers of the conversation rules (the customer's acts,
an apology looked for in agent messages, the mid-conversation cues): what a matcher finds
in a normalised text depends on that text alone, so it is kept per text and matcher.
"""
from __future__ import annotations

import os
from collections import OrderedDict

from .normalize import normalise

SIZE = 4096            # texts kept
LONGEST = 1000         # characters: a longer text is not kept (rare, and costly to hold)


def memo_size() -> int:
    try:
        return max(0, int(os.environ.get("KEFU_TEXT_MEMO", SIZE)))
    except ValueError:
        return SIZE


class Entry:
    """One text: `plain` (no markup was stripped), the folded and case-kept normalised
    copies, whether it asks the customer back, and `found`, set on first use: per rule with a raw hit, in the engine's order,
    (rule, its candidate without the context condition, or None); the context condition
    of a context rule is read for each occurrence."""
    __slots__ = ("plain", "folded", "cased", "found", "asks_back", "contextual", "bounds", "quiet")

    def __init__(self, plain: bool, folded: str, cased: str, asks_back: bool):
        self.plain = plain
        self.folded = folded
        self.cased = cased
        self.found = None
        self.asks_back = asks_back       # the message asks the customer back (checker/text/turn.py)
        self.contextual = True           # with `found`: whether a candidate's context is still to read
        self.bounds = None               # its word boundaries, once a whole_word fact asked for them
        self.quiet = False               # with `found`: no rule has a candidate in the text (nothing to examine)


class _Recent:
    """A least-recently-used map of at most `size` texts (texts longer than LONGEST are
    never kept), with its hit and miss counts."""

    def __init__(self, size: int | None = None):
        self.size = memo_size() if size is None else size
        self._entries: OrderedDict = OrderedDict()
        self.hits = 0
        self.misses = 0

    def _keep(self, text: str, value) -> None:
        self._entries[text] = value
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class TextMemo(_Recent):
    """A least-recently-used map text -> Entry of at most `size` texts."""

    def get(self, text: str) -> Entry | None:
        entry = self._entries.get(text)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(text)
        return entry

    def put(self, text: str, entry: Entry) -> None:
        if self.size and len(text) <= LONGEST:
            self._keep(text, entry)


class FindMemo(_Recent):
    """A least-recently-used map normalised text -> {id(owner): (owner, result)} of at most
    `size` texts: the result of `compute(text)` for each owner (a matcher) asked about
    that text. The owner is held with its result, so its id cannot be reused by another
    object while the entry lives."""

    def lookup(self, owner, text: str, compute):
        """`compute(text)`, computed once per (owner, text) while the text stays in the memo."""
        entries = self._entries
        results = entries.get(text)
        if results is not None:          # the common case first: this owner already asked
            found = results.get(id(owner))
            if found is not None:
                entries.move_to_end(text)
                self.hits += 1
                return found[1]
        if not self.size or len(text) > LONGEST:
            return compute(text)
        if results is None:
            results = {}
            self._keep(text, results)
        else:                            # the text is kept, this owner has not asked yet
            entries.move_to_end(text)
        self.misses += 1
        value = compute(text)
        results[id(owner)] = (owner, value)
        return value


FINDS = FindMemo()        # one per process: matchers are shared by every Engine of their Policy
FOLDS = FindMemo()        # a customer message's text -> normalise(text), for the conversation rules
