"""Questions as plain data. A question is fully determined by its id and the policy
version it was built from: options, their order and the answer are fixed in the pool, so
a paper is only a selection and an order of pool questions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LETTERS = "ABCDEFGHIJ"

TYPE_TITLES = {   # candidate-facing section titles
    "pick_bad": "找出违规回复（单选题）",
    "which_norm": "判断违反的规范（单选题）",
    "best_rewrite": "选择最佳改写（单选题）",
    "true_false": "判断题",
    "number": "数字填空题",
    "ordering": "流程排序题",
    "spot_message": "找出对话中的违规消息（单选题）",
}
TYPE_ORDER = tuple(TYPE_TITLES)
CHOICE_TYPES = ("pick_bad", "which_norm", "best_rewrite", "spot_message")


@dataclass(frozen=True)
class Utterance:
    """One agent reply, optionally after the customer's words (a `context` rule example)."""
    agent: str
    customer: str | None = None

    def to_dict(self) -> dict:
        return {"customer": self.customer, "agent": self.agent} if self.customer else {"agent": self.agent}

    @classmethod
    def from_dict(cls, data: dict) -> "Utterance":
        return cls(agent=str(data["agent"]), customer=data.get("customer"))


@dataclass(frozen=True)
class Option:
    label: str                     # A, B, C …
    text: str                      # what the candidate reads
    utterance: Utterance | None = None      # a reply the checker can judge
    value: str = ""                # machine value (a norm key, a step index, a message index)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"label": self.label, "text": self.text}
        if self.utterance:
            out["utterance"] = self.utterance.to_dict()
        if self.value:
            out["value"] = self.value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Option":
        u = data.get("utterance")
        return cls(str(data["label"]), str(data["text"]), Utterance.from_dict(u) if u else None,
                   str(data.get("value", "")))


@dataclass(frozen=True)
class Explanation:
    """Why the answer is right: the rule's (or procedure's / parameter's) own words."""
    title: str
    message: str
    source: str
    suggestion: str = ""

    def to_dict(self) -> dict:
        out = {"title": self.title, "message": self.message, "source": self.source}
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Explanation":
        return cls(str(data["title"]), str(data["message"]), str(data["source"]), str(data.get("suggestion", "")))


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    norm: str                       # the norm it examines: decides its blueprint group
    family: str                     # rule / procedure / parameter: a paper avoids two of one family
    stem: str
    answer: str                     # A / 对 / 20 / CADB / …
    rules: tuple[str, ...]
    policy: str                     # policy version it was built from
    explanation: Explanation
    options: tuple[Option, ...] = ()
    utterance: Utterance | None = None      # the reply the stem shows (which_norm, best_rewrite, true_false)
    conversation: dict | None = None        # spot_message: the chat as a canonical record
    unit: str = ""                          # number questions
    source: str = ""                        # the data it was built from: rule example, parameter, procedure

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "norm": self.norm, "family": self.family,
                               "rules": list(self.rules), "policy": self.policy, "source": self.source,
                               "stem": self.stem}
        if self.utterance:
            out["utterance"] = self.utterance.to_dict()
        if self.conversation:
            out["conversation"] = self.conversation
        if self.options:
            out["options"] = [o.to_dict() for o in self.options]
        if self.unit:
            out["unit"] = self.unit
        out["answer"] = self.answer
        out["explanation"] = self.explanation.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Question":
        u = data.get("utterance")
        return cls(id=str(data["id"]), type=str(data["type"]), norm=str(data["norm"]), family=str(data["family"]),
                   stem=str(data["stem"]), answer=str(data["answer"]), rules=tuple(data.get("rules") or ()),
                   policy=str(data["policy"]), explanation=Explanation.from_dict(data["explanation"]),
                   options=tuple(Option.from_dict(o) for o in data.get("options") or ()),
                   utterance=Utterance.from_dict(u) if u else None, conversation=data.get("conversation"),
                   unit=str(data.get("unit", "")), source=str(data.get("source", "")))

    def answer_text(self) -> str:
        """The answer as a candidate reads it (the option's text after the letter)."""
        if self.type in CHOICE_TYPES:
            opt = next((o for o in self.options if o.label == self.answer), None)
            return f"{self.answer}. {opt.text}" if opt else self.answer
        if self.type == "ordering":
            by_label = {o.label: o.text for o in self.options}
            return self.answer + "（" + " → ".join(by_label.get(c, c) for c in self.answer) + "）"
        if self.type == "number":
            return f"{self.answer} {self.unit}".strip()
        return self.answer
