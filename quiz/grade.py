"""Grade a candidate's answers against the answer key."""
from __future__ import annotations

from dataclasses import dataclass

from .answers import AnswerSheet, normalise
from .keyfile import Key
from .model import Explanation

RESULT_FORMAT = "kefu-quiz-result/1"


@dataclass
class QuestionResult:
    number: int
    id: str
    type: str
    norm: str
    rules: tuple[str, ...]
    points: int
    score: int
    given: str
    correct: bool
    readable: bool
    answer: str
    answer_text: str
    explanation: Explanation

    def to_dict(self) -> dict:
        return {"number": self.number, "id": self.id, "type": self.type, "norm": self.norm,
                "rules": list(self.rules), "points": self.points, "score": self.score, "correct": self.correct,
                "given": self.given, "answer": self.answer}


@dataclass
class GradeResult:
    paper: str
    agent: str
    month: str
    policy: str
    score: int
    max_score: int
    pass_mark: int
    full_mark: int
    pass_source: str
    full_mark_source: str
    results: list[QuestionResult]

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        return self.percent * self.full_mark / 100.0 >= self.pass_mark

    @property
    def full_marks(self) -> bool:
        return self.score == self.max_score

    def to_dict(self) -> dict:
        return {"format": RESULT_FORMAT, "paper": self.paper, "agent": self.agent, "month": self.month,
                "policy": self.policy, "score": self.score, "max_score": self.max_score,
                "pass_mark": self.pass_mark, "passed": self.passed, "full_marks": self.full_marks,
                "questions": [r.to_dict() for r in self.results]}


def grade(key: Key, sheet: AnswerSheet) -> GradeResult:
    results = []
    for item in key.items:
        q = item.question
        given = sheet.answers.get(item.number, "")
        meant = normalise(q.type, given)
        correct = meant is not None and meant == q.answer
        results.append(QuestionResult(
            number=item.number, id=q.id, type=q.type, norm=q.norm, rules=q.rules, points=item.points,
            score=item.points if correct else 0, given=given, correct=correct,
            readable=meant is not None or not given, answer=q.answer, answer_text=q.answer_text(),
            explanation=q.explanation))
    return GradeResult(paper=key.paper, agent=key.agent, month=key.month, policy=key.policy,
                       score=sum(r.score for r in results), max_score=key.max_score, pass_mark=key.pass_mark,
                       full_mark=key.full_mark, pass_source=key.pass_source, full_mark_source=key.full_mark_source,
                       results=results)
