"""Where an agent message stands in its chat: the customer's open round before it, the
agent's next messages of the same turn, and whether the chat starts mid-conversation."""
from __future__ import annotations

from ..model import Message
from ..normalize import normalise, strip_markup
from .acts import asks_back, is_question
from .analysis import TurnContext


def customer_rounds(messages: list[Message], folded: dict[int, str] | None = None,
                    asked: dict[int, bool] | None = None) -> list[list[str]]:
    """For each position: the customer's open round before it (original text): the customer
    messages since the agent last answered, system messages skipped. An agent message that
    only asks the customer back (请问是什么原因呢？) does not close the round: the question
    or request the customer opened is still waiting for its answer. `folded`: the
    normalised text of agent messages at these positions, when the caller has it; `asked`:
    whether the agent message at a position asks back, when the caller knows it."""
    out, current, collecting, agent_asked = [], [], False, False
    folded = folded or {}
    asked = asked or {}
    for position, msg in enumerate(messages):
        out.append(current)
        if msg.role == "customer":
            if not collecting and not agent_asked:
                current = []
            collecting = True
            current = current + [msg.text]
        elif msg.role == "agent":
            if collecting:
                agent_asked = False
            agent_asked = asked.get(position)
            if agent_asked is None:
                text = folded.get(position)
                agent_asked = asks_back(text if text is not None else normalise(msg.text, True))
            collecting = False
    return out


class LazyTurn:
    """The TurnContext of one agent message, computed only if a rule asks for it."""
    __slots__ = ("_args", "_value")

    def __init__(self, messages, position, rounds):
        self._args = (messages, position, rounds)
        self._value = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._value is None:
            messages, position, rounds = self._args
            following, speaker = [], messages[position].speaker
            for msg in messages[position + 1:]:
                if msg.role == "customer" or (msg.role == "agent" and msg.speaker != speaker):
                    break           # the customer spoke, or another agent (a template, a transfer) did
                if msg.role == "agent":
                    following.append(normalise(strip_markup(msg.text), True))
            started = any(m.role == "customer" for m in messages[:position])
            prev = ""
            for msg in reversed(messages[:position]):
                if msg.role == "agent":
                    prev = normalise(strip_markup(msg.text), True)
                    break           # the agent's last message before the customer's open round
            self._value = TurnContext(round_text=normalise("\n".join(rounds[position]), True),
                                      next_text="\n".join(following), mid_start=not started,
                                      prev_text=prev)
        return getattr(self._value, name)
