"""找出对话中的违规消息: a short chat in which the checker flags exactly one agent
message. Three sources, all policy data:

- bad conversation examples of rules whose finding points at one agent message
  (first_reply, round_deadline) and that have at least two agent messages;
- composed chats: a rule's bad reply placed among good question-and-answer pairs taken
  from the rule examples (the customer's words and the agent's good reply);
- composed timed chats in which one reply comes after the deadline of parameters.yaml.

A composition is kept only if the checker, run on the whole chat with every rule,
flags that one message and nothing else."""
from __future__ import annotations

from datetime import datetime, timedelta

from checker.conversation import CHINA
from typing import Iterator

from ..context import BuildContext, example_ref, explain, utterance_of
from ..det import digest, keyed_order
from ..model import LETTERS, Option, Question, Utterance

TYPE = "spot_message"
STEM = "下面是一段客服对话。哪一条客服消息违反了服务规范？"
SPOT_KINDS = ("first_reply", "round_deadline")
FILLERS = 2            # good pairs besides the opening in a composed chat
TRIES = 12


def build(ctx: BuildContext) -> Iterator[Question]:
    yield from _from_examples(ctx)
    pairs = _qa_pairs(ctx)
    openings = [p for p in pairs if not ctx.oracle.conversation(_record([p]))]
    yield from _composed_replies(ctx, pairs, openings)
    yield from _composed_late(ctx, pairs, openings)


def _question(ctx, qid, rule, record, flagged: int, source: str) -> Question | None:
    agents = [i for i, m in enumerate(record["messages"]) if m["from"] == "agent"]
    if len(agents) < 2 or flagged not in agents:
        return None
    options = tuple(Option(LETTERS[k], record["messages"][i]["text"], value=str(i)) for k, i in enumerate(agents))
    answer = LETTERS[agents.index(flagged)]
    return Question(id=qid, type=TYPE, norm=rule.norm, family=rule.id, stem=STEM, answer=answer, rules=(rule.id,),
                    policy=ctx.version, explanation=explain(rule), options=options, conversation=record,
                    source=source)


def _single_agent_flag(ctx, record) -> int | None:
    """The one agent message the checker flags, or None if it flags anything else."""
    findings = ctx.oracle.conversation(record)
    flagged = {f.message for f in findings}
    if len(flagged) != 1:
        return None
    (index,) = flagged
    if index is None or record["messages"][index]["from"] != "agent":
        return None
    return index


def _from_examples(ctx: BuildContext) -> Iterator[Question]:
    for rule in ctx.conversation_rules:
        if rule.kind not in SPOT_KINDS:
            continue
        for example in rule.bad:
            ref = example_ref(rule, "bad", example)
            record = _clean_record(example.conversation)
            index = _single_agent_flag(ctx, record)
            findings = {r for f in ctx.oracle.conversation(record) for r in f.matched_rules}
            q = None
            if index is not None and rule.id in findings:
                q = _question(ctx, f"spot-{rule.id}-{digest(ref, length=6)}", rule, record, index, ref)
            if q is None:
                ctx.reject(TYPE, ref, "示例对话少于两条客服消息，或检查器标出的不只一条客服消息")
                continue
            yield q


def _clean_record(conversation: dict) -> dict:
    record = {k: v for k, v in conversation.items() if k in ("channel", "started_at", "service_at", "concurrency")}
    record.update(id="quiz", agent="客服", messages=[dict(m) for m in conversation["messages"]])
    return record


def _qa_pairs(ctx: BuildContext) -> list[Utterance]:
    """Good question-and-answer pairs from the rule base: good message examples with the
    customer's words, and adjacent customer→agent messages of good chat examples."""
    out: dict[tuple, Utterance] = {}
    for rule in ctx.message_rules:
        for e in rule.good:
            if e.customer:
                out[(e.customer, e.agent)] = utterance_of(e)
    for rule in ctx.conversation_rules:
        for e in rule.good:
            conv = e.conversation or {}
            if conv.get("channel", "im") != "im":
                continue
            msgs = conv.get("messages", [])
            for a, b in zip(msgs, msgs[1:]):
                if a.get("from") == "customer" and b.get("from") == "agent":
                    out[(a["text"], b["text"])] = Utterance(agent=str(b["text"]), customer=str(a["text"]))
    return [u for u in out.values() if not ctx.oracle.fires(u)]


def _record(turns: list[Utterance], times: list[tuple[datetime, datetime]] | None = None) -> dict:
    messages = []
    for i, u in enumerate(turns):
        c_at, a_at = times[i] if times else (None, None)
        if u.customer:
            messages.append({"from": "customer", "text": u.customer} | ({"at": c_at.isoformat()} if c_at else {}))
        messages.append({"from": "agent", "text": u.agent} | ({"at": a_at.isoformat()} if a_at else {}))
    record = {"id": "quiz", "agent": "客服", "channel": "im", "messages": messages}
    if times:
        record["concurrency"] = 1
    return record


def _agent_index(record: dict, turn: int) -> int:
    return [i for i, m in enumerate(record["messages"]) if m["from"] == "agent"][turn]


def _composed_replies(ctx, pairs, openings) -> Iterator[Question]:
    if not openings:
        return
    for rule in ctx.message_rules:
        for example in rule.bad:
            ref = example_ref(rule, "bad", example)
            key = utterance_of(example)
            salt = f"spot-{ref}"
            found = None
            opens = keyed_order(openings, salt + "open", key=lambda u: u.agent)
            fills = keyed_order([p for p in pairs if p.agent != key.agent], salt + "fill", key=lambda u: u.agent)
            for attempt in range(TRIES):
                opening = opens[attempt % len(opens)]
                chosen = [p for p in fills if p.agent != opening.agent][attempt * FILLERS:(attempt + 1) * FILLERS]
                if len(chosen) < FILLERS:
                    break
                # first only when it answers the customer's opening words (a chat starts with the customer)
                first = 0 if key.customer else 1
                position = first + int(digest(salt, attempt), 16) % (FILLERS + 2 - first)
                turns = [opening, *chosen]
                turns.insert(position, key)
                record = _record(turns)
                if _single_agent_flag(ctx, record) == _agent_index(record, position) \
                        and rule.id in {r for f in ctx.oracle.conversation(record) for r in f.matched_rules}:
                    found = record, position
                    break
            if found is None:
                ctx.reject(TYPE, ref, "找不到检查器只标出这一条的对话组合")
                continue
            record, position = found
            qid = f"spot-{rule.id}-{digest(ref, length=6)}"
            yield _question(ctx, qid, rule, record, _agent_index(record, position), ref)


def _composed_late(ctx, pairs, openings) -> Iterator[Question]:
    params = ctx.params
    rule = next((r for r in ctx.conversation_rules if r.kind == "round_deadline"), None)
    if rule is None or params is None or not openings:
        return
    deadline_name = rule.options.get("deadline")
    if deadline_name not in params:
        return
    deadline = int(params[deadline_name])
    # Dated on the day the parameters in force took effect: the same values apply, and
    # the pool stays the same for every month under them.
    day = params.effective or ctx.on
    start = datetime(day.year, day.month, day.day, 10, 0, 0, tzinfo=CHINA)
    for opening in keyed_order(openings, "late-open", key=lambda u: u.agent)[:8]:
        salt = f"late-{opening.customer}-{opening.agent}"
        fills = keyed_order([p for p in pairs if p.agent != opening.agent and p.customer], salt, key=lambda u: u.agent)
        if len(fills) < FILLERS:
            continue
        turns = [opening, *fills[:FILLERS]]
        late = int(digest(salt, "late", length=8), 16) % len(turns)
        times, t = [], start
        for i in range(len(turns)):
            wait = deadline + 5 + int(digest(salt, i, length=8), 16) % 20 if i == late \
                else 3 + int(digest(salt, i, length=8), 16) % max(1, deadline // 2)
            times.append((t, t + timedelta(seconds=wait)))
            t = t + timedelta(seconds=wait + 25)
        record = _record(turns, times)
        ref = f"{rule.id}/composed/{digest(salt, length=6)}"
        if _single_agent_flag(ctx, record) != _agent_index(record, late):
            ctx.reject(TYPE, ref, "组合的超时对话没有被检查器只标出迟到的那一条")
            continue
        yield _question(ctx, f"spot-{rule.id}-late-{digest(salt, length=6)}", rule, record,
                        _agent_index(record, late), ref)
