"""Run the rule base over transcripts.

Two stages. A pre-pass turns a transcript into candidates: for each agent message, one
Aho-Corasick automaton over every rule's phrases plus the rules' regexes (gated by one
combined regex) give (rule, hits, guarded, in_context); for the conversation rules, each
kind's detector gives its candidates (a late round carries over_by = reply - due). The
candidates of a transcript that some rule can fire on go as events, in bounded batches,
to a durable-rules ruleset compiled from the YAML, one durable rule per YAML rule; the
rules that fire turn their candidates into Findings. Messages without candidates never
reach the engine. `check_many` posts the events of several chats as one session (the
rules judge each event alone), which is how the pipeline checks chats, in groups.

The message stage (automata, prefilter scan, the agent views) is in checker/message_stage.py.

durable-rules is driven by checker/inference.py, the only module that imports it (its
failure modes, and how they are kept out, are documented there).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import partial

from .conversation import Workload, judged_on, single_chat_workload, timing_metrics
from .kinds.base import Candidate, MessageView
from .kinds.conversation_base import ConversationView
from .model import Finding, Message, Transcript, TranscriptResult  # noqa: F401 - TranscriptResult: kept importable from here
from .findings import conversation_finding, message_finding
from .memo import Entry, TextMemo
from .message_stage import MessageStage
from .norm_merge import merge_findings
from .text.turn import customer_rounds
from .text.safety import MESSAGE_BUDGET, PatternTimeout, end_budget, start_budget
from .inference import Ruleset, can_fire as _can_fire
from .policy import Policy, Rule

_UNSET = object()


class Engine(MessageStage):
    def __init__(self, policy: Policy, only: set[str] | None = None):
        self.policy = policy
        selected = [r for r in policy.rules if only is None or r.id in only]
        self.rules = [r for r in selected if r.scope == "message"]
        self.conversation_rules = [r for r in selected if r.scope == "conversation"]
        self._rule_order = {r.id: i for i, r in enumerate(self.rules)}
        self.timing_rules = [r.id for r in self.conversation_rules if r.detector.needs_time]
        self.needs_workload = needs_workload(policy, only)
        self._pattern_rules = [i for i, r in enumerate(self.rules) if r.detector.patterns]
        # per pattern rule: which of its patterns lack literals (always run), by pattern index
        self._always: dict[int, tuple[int, ...]] = {}
        self._users: dict[bool, dict] = {}
        self._build_stage()
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

    # ---- running (the message stage: checker/message_stage.py) -----------------------
    def _dictionary(self):
        """The rule base's segmenter dictionary (looked up once per Engine, not per message)."""
        if self._segmenter_dictionary is _UNSET:
            self._segmenter_dictionary = self.policy.dictionary
        return self._segmenter_dictionary

    def _message_events(self, view: MessageView, entry: Entry | None = None) -> list[tuple[Rule, Candidate, dict | None]]:
        """The candidates of one agent message that a rule can fire on, within its regex
        time budget. A rule with fact options gets one event per hit, carrying the analysis
        layer's facts about it."""
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
        prepared = self._prepare(transcript, params, workload, conversation)
        return self._finish(prepared, self._run(prepared.sid, prepared.events), one_per_norm)

    def check_many(self, jobs: list[tuple], one_per_norm: bool = True) -> list:
        """`check(transcript, params, workload)` of each job, with the events of all of them
        posted to durable-rules as one session (in bounded batches): one session per batch
        of chats instead of one per chat. The rules judge each event alone, so an event
        fires as it does in its own chat's session. In each job's place: its result, or the
        exception checking it raised (the other jobs are still checked; if the shared
        session fails, each chat is run in a session of its own)."""
        prepared = []
        for transcript, params, workload in jobs:
            try:
                prepared.append(self._prepare(transcript, params, workload, True))
            except Exception as exc:  # noqa: BLE001 - returned in the job's place
                prepared.append(exc)
        sid = f"t{next(self._sids)}"
        events, offsets = [], []
        for p in prepared:
            start = len(events)
            offsets.append(start)
            if not isinstance(p, Exception):
                events.extend([{**event, "sid": sid, "key": event["key"] + start} for event in p.events])
        try:
            fired = self._run(sid, events)
        except Exception:  # noqa: BLE001 - each chat in its own session: an error stays with its chat
            fired = None
        out = []
        for n, p in enumerate(prepared):
            if isinstance(p, Exception):
                out.append(p)
                continue
            try:
                if fired is None:
                    keys = self._run(p.sid, p.events)
                else:
                    start, end = offsets[n], offsets[n] + len(p.events)
                    keys = [key - start for key in fired if start <= key < end]
                out.append(self._finish(p, keys, one_per_norm))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    def _prepare(self, transcript: Transcript, params, workload: Workload | None, conversation: bool) -> "_Prepared":
        day = judged_on(transcript)
        if params is None and self.policy.parameters is not None:
            params = self.policy.parameters.on(day or _today())
        builders, events, errors, view = self._events(transcript, params, workload, conversation)
        return _Prepared(transcript, day, params, builders, events, errors, view)

    def _finish(self, p: "_Prepared", fired: list[int], one_per_norm: bool) -> TranscriptResult:
        """The result of a prepared transcript, given the keys of the events a rule fired on."""
        transcript, view, params = p.transcript, p.view, p.params
        timing_skipped = view.timing_skipped if view is not None else False
        findings = merge_findings([p.builders[key]() for key in fired], self._rule_order, one_per_norm)
        findings.sort(key=lambda f: (f.message if f.message is not None else -1, f.span or (0, 0), f.rule))
        result = TranscriptResult(transcript, findings, self.policy.version,
                                  judged_on=p.day.isoformat() if p.day else None,
                                  timing_skipped=timing_skipped, errors=p.errors)
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
        messages = transcript.messages
        entries, asked = self._agent_entries(messages)
        rounds = None                  # the customer's open rounds, once a message needs its view
        for position, entry in entries:
            folded[messages[position].index] = entry.folded
            if entry.quiet:
                continue               # its text is known to give no candidate: no view needed
            if rounds is None:
                rounds = customer_rounds(messages, asked=asked)
            view = self._agent_view(messages, position, entry, rounds)
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
        timed = None                    # transcript.timed (a walk over the messages), once
        for rule in self.conversation_rules:
            detector = rule.detector
            if not detector.applies(view):
                continue
            if detector.needs_time and timed is None:
                timed = view.transcript.timed
            if detector.needs_time and not timed:
                view.timing_skipped = True
                continue
            for candidate in detector.evaluate(view):
                yield rule, candidate


@dataclass(slots=True)
class _Prepared:
    """A transcript's candidates that can fire, as events, before durable-rules decides."""
    transcript: Transcript
    day: object
    params: object
    builders: list
    events: list
    errors: list
    view: ConversationView | None

    @property
    def sid(self) -> str:
        return self.events[0]["sid"] if self.events else ""


def needs_workload(policy: Policy, only: set[str] | None = None) -> bool:
    """Whether a check with these rules needs the agents' concurrency (a round_deadline
    rule is selected): known before an Engine is built."""
    return any(r.kind == "round_deadline" and r.scope == "conversation" and (only is None or r.id in only)
               for r in policy.rules)


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
