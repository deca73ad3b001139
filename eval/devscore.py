"""Scoring of rule findings against hand labels: pure functions, no files, no engine.

Message level: gold and predicted are {(dataset, transcript, index): {norm, ...}} over the
same labelled messages; a (message, norm) pair is a TP, FP or FN.
Conversation level: gold and predicted are sets of (dataset, transcript, norm, index)
over the reviewed sessions.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": _round(self.precision), "recall": _round(self.recall)}


@dataclass
class Score:
    per_norm: dict[str, Tally]
    misses: list[tuple] = field(default_factory=list)        # (key, norm): labelled, not found
    false_alarms: list[tuple] = field(default_factory=list)  # (key, norm): found, not labelled

    @property
    def micro(self) -> Tally:
        total = Tally()
        for tally in self.per_norm.values():
            total.tp += tally.tp
            total.fp += tally.fp
            total.fn += tally.fn
        return total

    def to_dict(self) -> dict:
        return {"per_norm": {n: t.to_dict() for n, t in self.per_norm.items()},
                "micro": self.micro.to_dict()}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def score_messages(gold: dict, predicted: dict, norms) -> Score:
    """Compare per (message, norm); predicted keys outside gold are ignored (unlabelled)."""
    score = Score({norm: Tally() for norm in norms})
    for key in sorted(gold):
        wanted = gold[key] & set(norms)
        found = predicted.get(key, set()) & set(norms)
        for norm in sorted(wanted | found):
            tally = score.per_norm[norm]
            if norm in wanted and norm in found:
                tally.tp += 1
            elif norm in wanted:
                tally.fn += 1
                score.misses.append((key, norm))
            else:
                tally.fp += 1
                score.false_alarms.append((key, norm))
    return score


def score_conversations(gold: set, predicted: set, sessions: set, norms) -> Score:
    """Findings are (dataset, transcript, norm, index); only reviewed sessions count."""
    score = Score({norm: Tally() for norm in norms})
    found = {f for f in predicted if (f[0], f[1]) in sessions and f[2] in norms}
    wanted = {g for g in gold if g[2] in norms}
    for item in sorted(wanted | found, key=lambda f: (f[0], f[1], f[2], f[3] if f[3] is not None else -1)):
        tally = score.per_norm[item[2]]
        key = (item[0], item[1], item[3])
        if item in wanted and item in found:
            tally.tp += 1
        elif item in wanted:
            tally.fn += 1
            score.misses.append((key, item[2]))
        else:
            tally.fp += 1
            score.false_alarms.append((key, item[2]))
    return score


def parse_norms(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(",") if part.strip() and part.strip() != "-"}
