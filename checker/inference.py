"""The inference step of the engine: durable-rules decides which candidates become findings.

One durable rule per YAML rule, compiled into a ruleset per Engine; a transcript's
candidates that some rule can fire on (`can_fire`) are posted as events, and the keys of
the events a YAML rule fired on come back (`Ruleset.run`).

durable-rules 2.0.28 is imported by this module only (checker/engine.py finds the
candidates and builds the findings). Its failure modes, and how they are kept out:
- Its Host starts two daemon threads (threading.Timer, re-armed every 0.2 s) that call
  the native `start_action` / `assert_timers` on every ruleset. The native engine is not
  thread-safe: while the main thread flushes the actions of a long batch (thousands of
  events), the dispatch thread starts actions of the same session, and the main
  thread's `complete_and_start_action` or `delete_state` then works on freed state:
  "error code 307", then SIGSEGV (1 run in 3 at 7,000 rounds, every run from 8,000).
  kefu needs no timers and no background dispatch, so rulesets live on a private host
  whose threads are never started (`_Host`): one thread drives the native engine.
- An event no rule consumes stays in the session: a catch-all rule of lowest priority
  consumes every event the YAML rules leave, and only candidates that can fire are
  posted at all (`_can_fire`), so the catch-all sees few events.
- State lives per session id until deleted: every transcript gets a fresh sid, deleted
  afterwards, also when an action raised.
- Events go in bounded batches (`BATCH`): the JSON text and the native result of one
  call stay small, whatever the size of the transcript.
- Actions with two parameters are taken as asynchronous: actions take one.
- Each rule takes the events it fires on together (`cap(BATCH)`: one action call with a
  list of events per rule and batch, not one per event): an action is a Python call
  and a JSON round trip of the session state, the larger part of the time spent here.
"""
from __future__ import annotations

import itertools

from durable import engine as durable_engine
from durable import lang as durable_lang
from durable.lang import cap, m, pri, ruleset, when_all

BATCH = 1000               # events per native call
_counter = itertools.count()


class _Host(durable_engine.Host):
    """durable-rules' Host without its dispatch and timer threads (see the module doc)."""

    def _run(self):
        pass


_host: _Host | None = None


def _register(name: str) -> _Host:
    """Move the ruleset just defined with the durable DSL onto the private host."""
    global _host
    if _host is None:
        _host = _Host()
    definition = durable_lang._rulesets.pop(name)
    _host.register_rulesets({name: definition.define()[1]})
    return _host


class Ruleset:
    """The durable-rules ruleset of a list of YAML rules, on the private host."""

    def __init__(self, version: str, rules: list):
        self.name = f"kefu_{version}_{next(_counter)}"
        self._fired: list[int] = []           # keys of the events a YAML rule fired on
        self._compile(rules)
        self._host = _register(self.name)

    def _compile(self, rules: list) -> None:
        """One durable rule per YAML rule: fire when the candidate is this rule's, is not
        guarded by an `unless`, and (for context kinds) the customer context holds; for a
        response deadline, when the reply came after the round's due time.

        durable-rules 2.0.28 crashes the interpreter (segmentation fault in delete_state)
        once a session holds four or more events that no rule consumed, and on a pair of
        correlation rules (round-opened / reply-seen). So every event is consumed: a
        catch-all rule of lower priority takes the candidates no YAML rule fires on; and a
        round is posted as one event carrying over_by = replied_at - due."""
        fired = self._fired
        with ruleset(self.name):
            for rule in rules:
                condition = (m.rule == rule.id) & (m.guarded == False)  # noqa: E712 (durable DSL)
                if getattr(rule.detector, "needs_context", False):
                    condition = condition & (m.in_context == True)  # noqa: E712
                # rule options on facts about the hit (negated, conditional, head, …): the
                # analysis layer posts the facts, the rule's condition decides
                for fact, value in getattr(rule.detector, "facts", {}).items():
                    condition = condition & (getattr(m, fact) == value)
                if rule.kind == "round_deadline":
                    condition = condition & (m.over_by > 0)

                when_all(cap(BATCH), pri(1), condition)(_recorder(fired, rule.id))
            when_all(cap(BATCH), pri(9), +m.rule)(_no_finding)

    def run(self, sid: str, events: list[dict]) -> list[int]:
        """Post the events of one session; return the keys of those a YAML rule fired on."""
        if not events:
            return []
        self._fired.clear()
        try:
            for start in range(0, len(events), BATCH):
                try:
                    self._host.post_batch(self.name, events[start:start + BATCH])
                except durable_engine.MessageNotHandledException:
                    pass   # cannot happen with the catch-all rule; kept as a guard
        finally:
            try:
                self._host.delete_state(self.name, sid)
            except Exception:  # noqa: BLE001 - no state was left behind
                pass
        fired = sorted(self._fired)
        self._fired.clear()
        return fired


def can_fire(rule, event: dict) -> bool:
    """False for a candidate no durable rule can fire on: it fails a condition every rule
    of its kind has (an `unless` guard matched; the customer context is missing; a round
    answered in time: 47,000 of 69,500 events on a realistic corpus). Such an event would
    only reach the catch-all rule, so it is not posted. A necessary condition only:
    durable-rules still decides every event that is posted."""
    if event["guarded"] or (rule.detector.needs_context and not event["in_context"]):
        return False
    return not (rule.kind == "round_deadline" and event.get("over_by", 1) <= 0)


def _no_finding(c) -> None:
    """Consumes a candidate that no rule fired on (guarded, out of context, in time)."""


def _recorder(fired: list, rule_id: str):
    # A one-argument closure: durable-rules treats a two-argument action as asynchronous.
    def action(c):
        fired.extend(event.key for event in c.m)
    action.__name__ = "rule_" + rule_id.replace("-", "_")
    return action
