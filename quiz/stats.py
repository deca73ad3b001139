"""Item analysis over a cohort's graded papers, as Moodle's quiz statistics define it
("Quiz statistics calculations"; question/classes/statistics/questions/calculator.php):

- facility index F = 100 × mean(x_i) / max(x_i): the mean score on the question as a
  percentage of its maximum;
- discrimination index D = 100 × Cov(x_i, X_i) / sqrt(V(x_i) · V(X_i)), where X_i is the
  rest of the test: the attempt's total minus x_i (sample covariance and variances; D is
  undefined when either variance is 0 or there are fewer than two attempts).

Papers differ between agents, so each question's statistics are over the attempts whose
paper contained it (as Moodle does for random questions). The norms most agents got
wrong are the training hint."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from checker.norms import NORMS


@dataclass
class ItemStats:
    id: str
    type: str
    norm: str
    attempts: int
    facility: float | None
    discrimination: float | None
    sd: float | None

    def flags(self) -> list[str]:
        out = []
        if self.discrimination is not None and self.discrimination < 0:
            out.append("区分度为负：请检查此题")
        if self.facility is not None and self.attempts >= 2:
            if self.facility >= 95:
                out.append("过易")
            elif self.facility <= 5:
                out.append("过难")
        return out


@dataclass
class NormStats:
    norm: str
    agents: int              # agents who had a question of this norm
    agents_wrong: int        # of them, agents who got at least one wrong
    answered: int
    wrong: int

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.answered if self.answered else 0.0


@dataclass
class CohortStats:
    month: str
    papers: int
    agents: int
    mean_percent: float | None
    passed: int
    items: list[ItemStats] = field(default_factory=list)
    norms: list[NormStats] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"month": self.month, "papers": self.papers, "agents": self.agents,
                "mean_percent": _round(self.mean_percent), "passed": self.passed,
                "questions": [{"id": s.id, "type": s.type, "norm": s.norm, "attempts": s.attempts,
                               "facility": _round(s.facility), "discrimination": _round(s.discrimination),
                               "sd": _round(s.sd), "flags": s.flags()} for s in self.items],
                "norms": [{"norm": n.norm, "name": NORMS.get(n.norm, n.norm), "agents": n.agents,
                           "agents_wrong": n.agents_wrong, "answered": n.answered, "wrong": n.wrong,
                           "wrong_rate": _round(n.wrong_rate, 3)} for n in self.norms]}


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def item_stats(qid: str, qtype: str, norm: str, marks: list[float], maxmark: float,
               rest: list[float]) -> ItemStats:
    n = len(marks)
    facility = 100.0 * _mean(marks) / maxmark if n and maxmark else None
    sd = discrimination = None
    if n > 1:
        mx, mr = _mean(marks), _mean(rest)
        var_x = sum((x - mx) ** 2 for x in marks) / (n - 1)
        var_r = sum((r - mr) ** 2 for r in rest) / (n - 1)
        cov = sum((x - mx) * (r - mr) for x, r in zip(marks, rest)) / (n - 1)
        sd = 100.0 * math.sqrt(var_x) / maxmark if maxmark else None
        if var_x * var_r:
            discrimination = 100.0 * cov / math.sqrt(var_x * var_r)
    return ItemStats(qid, qtype, norm, n, facility, discrimination, sd)


def cohort_stats(month: str, results: list[dict]) -> CohortStats:
    """results: graded papers (`kefu quiz grade` result dicts) of one month."""
    per_q: dict[str, dict] = {}
    per_norm: dict[str, dict] = {}
    percents, agents, passed = [], set(), 0
    for res in results:
        questions = res.get("questions") or []
        total = sum(float(q.get("score", 0)) for q in questions)
        agent = str(res.get("agent", ""))
        agents.add(agent)
        if res.get("max_score"):
            percents.append(100.0 * float(res.get("score", total)) / float(res["max_score"]))
        passed += bool(res.get("passed"))
        for q in questions:
            entry = per_q.setdefault(q["id"], {"type": q.get("type", ""), "norm": q.get("norm", ""),
                                               "max": float(q.get("points", 0)), "marks": [], "rest": []})
            mark = float(q.get("score", 0))
            entry["marks"].append(mark)
            entry["rest"].append(total - mark)
            norm = q.get("norm") or ""
            if norm:
                ns = per_norm.setdefault(norm, {"agents": set(), "agents_wrong": set(), "answered": 0, "wrong": 0})
                ns["agents"].add(agent)
                ns["answered"] += 1
                if not q.get("correct"):
                    ns["wrong"] += 1
                    ns["agents_wrong"].add(agent)
    items = [item_stats(qid, e["type"], e["norm"], e["marks"], e["max"], e["rest"]) for qid, e in sorted(per_q.items())]
    norms = [NormStats(n, len(s["agents"]), len(s["agents_wrong"]), s["answered"], s["wrong"])
             for n, s in per_norm.items()]
    norms.sort(key=lambda n: (-n.agents_wrong, -n.wrong_rate, n.norm))
    return CohortStats(month, len(results), len(agents), _mean(percents) if percents else None, passed, items, norms)
