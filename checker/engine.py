"""Run the rule base over transcripts.

Two stages. A pre-pass turns a transcript into candidates: for each agent message, one
Aho-Corasick automaton over every rule's phrases plus the rules' regexes (gated by one
combined regex) give (rule, hits, guarded, in_context); for the conversation rules, each
kind's detector gives its candidates (a late round carries over_by = reply - due). The
candidates of a transcript that some rule can fire on go as events, in bounded batches,
to a durable-rules ruleset compiled from the YAML, one durable rule per YAML rule; the
rules that fire turn their candidates into Findings. Messages without candidates never
reach the engine.

durable-rules is driven by checker/inference.py, the only module that imports it (its
failure modes, and how they are kept out, are documented there).
"""
from __future__ import annotations

import itertools
import re
from operator import itemgetter
from functools import partial
from typing import Iterator

from .conversation import Workload, judged_on, single_chat_workload, timing_metrics
from .kinds.base import Candidate, Hit, MessageView
from .kinds.conversation_base import ConversationView
from .model import Finding, Message, Transcript, TranscriptResult  # noqa: F401 - TranscriptResult: kept importable from here
from .findings import conversation_finding, message_finding
from .memo import Entry, TextMemo
from .norm_merge import merge_findings
from .normalize import normalise, strip_markup
from .text.acts import asks_back
from .text.turn import LazyTurn, customer_rounds
from .text import safety
from .text.prefilter import ClauseIndex, automaton as _automaton
from .text.safety import MESSAGE_BUDGET, PatternTimeout, end_budget, start_budget
from .inference import Ruleset, can_fire as _can_fire
from .policy import Policy, Rule

# what case folding changes (checker/normalize.py): ASCII and full-width capitals
_VALUE = itemgetter(1)      # of an automaton's (end, value) pairs
_CAPITALS = re.compile("[A-Z\uFF21-\uFF3A]")
_UNSET = object()


class Engine:
    def __init__(self, policy: Policy, only: set[str] | None = None):
        self.policy = policy
        selected = [r for r in policy.rules if only is None or r.id in only]
        self.rules = [r for r in selected if r.scope == "message"]
        self.conversation_rules = [r for r in selected if r.scope == "conversation"]
        self._rule_order = {r.id: i for i, r in enumerate(self.rules)}
        self.timing_rules = [r.id for r in self.conversation_rules if r.detector.needs_time]
        self.needs_workload = any(r.kind == "round_deadline" for r in self.conversation_rules)
        self._pattern_rules = [i for i, r in enumerate(self.rules) if r.detector.patterns]
        # per pattern rule: which of its patterns lack literals (always run), by pattern index
        self._always: dict[int, tuple[int, ...]] = {}
        self._users: dict[bool, dict] = {}
        self._automata = {fold: self._build_automata(fold) for fold in (True, False)}
        self._always_rules = {i for i, always in self._always.items() if always}
        # (fold case, phrase automaton, clause automaton, clause users) of each case mode with rules
        self._scans = tuple((fold, *self._automata[fold], self._users[fold]) for fold in (True, False)
                            if self._automata[fold] != (None, None))
        self._needs_context = any(r.detector.needs_context for r in self.rules)
        self._sids = itertools.count()
        self.memo = TextMemo()          # what an agent message's text alone decides, per text
        # built on first use: a parent of --jobs workers never creates durable-rules state,
        # so none is inherited across fork (checker/inference.py)
        self._ruleset: Ruleset | None = None
        self._segmenter_dictionary = _UNSET

    # ---- compilation -------------------------------------------------------------
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
        # A very long message runs every pattern (on the interruptible engine, within the
        # message's time budget), as it always did.
        long_text = len(view.folded) > safety.LONG_TEXT
        if not (raw or possible or long_text or self._always_rules):
            return []               # the literal prefilter proves the message clean
        if long_text:
            for i in self._pattern_rules:
                raw.setdefault(i, [])
        else:
            for i in sorted(possible.keys() | self._always_rules) if self._always_rules else sorted(possible):
                raw.setdefault(i, [])
                possible[i] = sorted(possible.get(i, set()).union(self._always[i]))
        return [(i, hits, None if long_text else possible.get(i, ())) for i, hits in raw.items()]

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
        for rule, candidate in entry.found:
            if candidate:
                if rule.detector.needs_context:
                    candidate = Candidate(list(candidate.hits), candidate.guarded, rule.detector.in_context(view))
                yield rule, candidate

    def _dictionary(self):
        """The rule base's segmenter dictionary (looked up once per Engine, not per message)."""
        if self._segmenter_dictionary is _UNSET:
            self._segmenter_dictionary = self.policy.dictionary
        return self._segmenter_dictionary

    def _message_events(self, view: MessageView, entry: Entry | None = None) -> list[tuple[Rule, Candidate, dict | None]]:
        """The candidates of one agent message, within its regex time budget. A rule with
        fact options gets one event per hit, carrying the analysis layer's facts about it."""
        if entry is not None and entry.found is not None and not entry.contextual:
            found = list(self.candidates(view, entry))     # all known: no pattern runs, no budget needed
        else:
            token = start_budget()
            try:
                found = list(self.candidates(view, entry))
            finally:
                end_budget(token)
        out = []
        for rule, candidate in found:
            if candidate.guarded or not candidate.in_context:
                continue            # no durable rule can fire on it (inference.can_fire): no facts needed
            wanted = rule.detector.facts
            if not wanted:
                out.append((rule, candidate, None))
                continue
            analysis = view.analysis(self._dictionary())   # built once, for the first rule that asks
            if entry is not None and analysis.bounds is None:
                analysis.bounds = entry.bounds              # the text's word boundaries, if known
            for hit in candidate.hits:
                single = Candidate([hit], candidate.guarded, candidate.in_context)
                out.append((rule, single, analysis.facts(hit.start, hit.end, frozenset(wanted))))
            if entry is not None:
                entry.bounds = analysis.bounds
        return out

    def check(self, transcript: Transcript, params=None, workload: Workload | None = None,
              conversation: bool = True, one_per_norm: bool = True) -> TranscriptResult:
        """Check one transcript. ``conversation=False`` runs only the message-level rules
        (used for single-message examples and templates, which have no conversation).
        ``one_per_norm=False`` keeps every rule's finding (the lint marks every offending word).

        Every candidate that can fire becomes one event; a transcript's events go to
        durable-rules in bounded batches, and each rule that fires records the event's key."""
        day = judged_on(transcript)
        if params is None and self.policy.parameters is not None:
            params = self.policy.parameters.on(day or _today())
        builders, events, errors, view = self._events(transcript, params, workload, conversation)
        sid = events[0]["sid"] if events else ""
        timing_skipped = view.timing_skipped if view is not None else False
        findings = merge_findings([builders[key]() for key in self._run(sid, events)], self._rule_order, one_per_norm)
        findings.sort(key=lambda f: (f.message if f.message is not None else -1, f.span or (0, 0), f.rule))
        result = TranscriptResult(transcript, findings, self.policy.version, judged_on=day.isoformat() if day else None,
                                  timing_skipped=timing_skipped, errors=errors)
        if view is not None:
            result.metrics = timing_metrics(transcript, findings, params, timing_skipped, view.rounds,
                                            any(r.kind == "round_answered" for r in self.conversation_rules))
            if params is not None and params.effective:
                result.policy_version = f"{self.policy.version}@{params.effective.isoformat()}"
        return result

    def _events(self, transcript: Transcript, params, workload: Workload | None, conversation: bool):
        """The candidates of a transcript that can fire, as durable-rules events (all with
        one fresh session id), the functions that build their findings (by event key), the
        messages over their regex budget, and the conversation view (None without
        conversation rules)."""
        sid = f"t{next(self._sids)}"
        builders: list = []            # key -> a function that builds the Finding
        events: list[dict] = []
        folded: dict[int, str] = {}    # agent messages already normalised, for the conversation rules
        errors: list[dict] = []
        for view, entry in self._agent_views(transcript.messages):
            folded[view.index] = view.folded
            try:
                found = self._message_events(view, entry)
            except PatternTimeout:
                errors.append({"message": view.index,
                               "error": f"第 {view.index} 条消息的规则匹配超过了时间预算（{MESSAGE_BUDGET} 秒），已跳过这条消息，请人工复核"})
                continue
            for rule, candidate, facts in found:
                key = len(events)
                event = {"sid": sid, "key": key, "rule": rule.id,
                         "guarded": candidate.guarded, "in_context": candidate.in_context}
                if not _can_fire(rule, event):
                    continue
                builders.append(partial(message_finding, transcript, view.index, rule, candidate))
                if facts is not None:
                    event.update(facts)
                events.append(event)
        view = None
        if self.conversation_rules and conversation:
            view = ConversationView(transcript, params, workload or single_chat_workload(transcript),
                                    known_folded=folded)
            for rule, candidate in self._conversation_candidates(view):
                event = {"sid": sid, "key": len(events), "rule": rule.id, "guarded": False,
                         "in_context": True, **candidate.facts}
                if _can_fire(rule, event):
                    builders.append(partial(conversation_finding, transcript, rule, candidate))
                    events.append(event)
        return builders, events, errors, view

    def warm(self, transcripts) -> None:
        """Find the candidates of some transcripts and drop them: compiles the lazy regexes,
        builds the automata and dictionaries those messages need. Called in the parent of
        --jobs workers before they fork, so they inherit all of it; durable-rules is not
        touched (no native state to inherit)."""
        for transcript in transcripts:
            if isinstance(transcript, Transcript):
                params = None
                if self.policy.parameters is not None:
                    params = self.policy.parameters.on(judged_on(transcript) or _today())
                self._events(transcript, params, None, True)

    @property
    def ruleset_name(self) -> str:
        return self._inference().name

    def _inference(self) -> Ruleset:
        if self._ruleset is None:
            self._ruleset = Ruleset(self.policy.version, self.rules + self.conversation_rules)
        return self._ruleset

    def _run(self, sid: str, events: list[dict]) -> list[int]:
        """Post the events; return the keys of those a YAML rule fired on."""
        return self._inference().run(sid, events) if events else []

    def _conversation_candidates(self, view: ConversationView):
        view.timing_skipped = False
        for rule in self.conversation_rules:
            detector = rule.detector
            if not detector.applies(view):
                continue
            if detector.needs_time and not view.transcript.timed:
                view.timing_skipped = True
                continue
            for candidate in detector.evaluate(view):
                yield rule, candidate

    def _agent_views(self, messages: list[Message]) -> Iterator[tuple[MessageView, Entry]]:
        memo = self.memo
        entries = {}                # position -> the memo entry of each agent message's text
        asked = {}                  # position -> whether it asks the customer back, for customer_rounds
        for position, msg in enumerate(messages):
            if msg.role == "agent":
                entry = memo.get(msg.text)
                if entry is None:
                    stripped = strip_markup(msg.text)
                    folded = normalise(stripped, True)
                    # the case-kept copy differs from the folded one only where there are capitals
                    cased = normalise(stripped, False) if _CAPITALS.search(stripped) else folded
                    plain = stripped == msg.text
                    # customer_rounds reads the whole text, markup and all
                    entry = Entry(plain, folded, cased, asks_back(folded if plain else normalise(msg.text, True)))
                    memo.put(msg.text, entry)
                entries[position] = entry
                asked[position] = entry.asks_back
        rounds = customer_rounds(messages, asked=asked)
        for position, entry in entries.items():
            msg = messages[position]
            yield MessageView(
                index=msg.index,
                text=msg.text,
                folded=entry.folded,
                cased=entry.cased,
                context_lines=rounds[position] if self._needs_context else [],
                turn=LazyTurn(messages, position, rounds),
            ), entry

def _today():
    from datetime import date
    return date.today()


def check_text(engine: Engine, agent_text: str, customer_text: str | None = None) -> list[Finding]:
    """Check one agent message (optionally after a customer message): used by rule tests."""
    messages = []
    if customer_text:
        messages.append(Message(0, "customer", customer_text))
    messages.append(Message(len(messages), "agent", agent_text))
    transcript = Transcript(id="example", agent="example", messages=messages)
    return engine.check(transcript, conversation=False).findings
