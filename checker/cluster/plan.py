"""Partitioning a run so that every task judges its chats exactly as one process would.

Concurrency is the only tie between chats: the response deadline of a customer message
at time t depends on how many of the agent's chats are open at t. So the chats of one
agent that overlap in time, directly or through a chain of overlaps, form a *component*
that must be judged together; chats of different components never count toward each
other. Components (and untimed chats, which tie to nothing) are packed whole into
partitions of roughly equal size. Pure functions: no Dask here, so the plan is tested
on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """What the planner needs to know of one input item (a chat or a load error)."""
    file: int                 # index of the input file
    item: int                 # position of the item in its file
    id: str | None            # transcript id; None for a load error
    agent: str | None = None
    start: float | None = None   # epoch seconds of the first and last message; None when untimed
    end: float | None = None
    messages: int = 0
    origin: str = ""          # where the chat was read, for the duplicate-id message
    out_of_order: bool = False   # rejected for its clock, but its id still counts as seen


@dataclass
class Plan:
    partitions: int
    assign: dict[tuple[int, int], int] = field(default_factory=dict)      # (file, item) -> partition
    duplicates: dict[tuple[int, int], str] = field(default_factory=dict)  # (file, item) -> origin of the first

    def files_of(self, partition: int) -> list[int]:
        return sorted({f for (f, _), p in self.assign.items() if p == partition})


def components(entries: list[Entry]) -> list[list[Entry]]:
    """Timed chats grouped by agent and chains of overlapping intervals (touching ends
    overlap: a chat whose last message is at t is still open at t)."""
    by_agent: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.start is not None:
            by_agent.setdefault(entry.agent or "", []).append(entry)
    out: list[list[Entry]] = []
    for agent in sorted(by_agent):
        chats = sorted(by_agent[agent], key=lambda e: (e.start, e.end, e.file, e.item))
        current: list[Entry] = []
        reach = float("-inf")
        for chat in chats:
            if current and chat.start > reach:
                out.append(current)
                current = []
                reach = float("-inf")
            current.append(chat)
            reach = max(reach, chat.end)
        if current:
            out.append(current)
    return out


def make_plan(entries: list[Entry], partitions: int) -> Plan:
    """Assign every accepted chat to one of ``partitions`` partitions. The first chat of
    an id wins; later ones are duplicates (rejected, and not counted toward concurrency).
    Load errors are assigned nothing: the driver reports them."""
    partitions = max(1, partitions)
    plan = Plan(partitions)
    seen: dict[str, str] = {}
    accepted: list[Entry] = []
    for entry in sorted(entries, key=lambda e: (e.file, e.item)):
        if entry.id is None:
            continue
        if entry.id in seen:
            plan.duplicates[(entry.file, entry.item)] = seen[entry.id]
            continue
        seen[entry.id] = entry.origin
        if not entry.out_of_order:
            accepted.append(entry)
    groups = components(accepted) + [[e] for e in accepted if e.start is None]
    # Largest first onto the lightest partition: balanced without splitting a component.
    load = [0] * partitions
    for group in sorted(groups, key=lambda g: (-sum(max(1, e.messages) for e in g), g[0].file, g[0].item)):
        target = min(range(partitions), key=lambda p: (load[p], p))
        load[target] += sum(max(1, e.messages) for e in group)
        for entry in group:
            plan.assign[(entry.file, entry.item)] = target
    return plan
