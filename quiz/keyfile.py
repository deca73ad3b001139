"""The answer key: everything needed to grade a paper without the rule base at hand
(answers, points, the rule ids and policy version of each question, the explanations).
It is kept apart from the paper, which never contains an answer."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from .model import Question
from .paper import Paper

FORMAT = "kefu-quiz-key/1"


@dataclass
class KeyItem:
    number: int
    points: int
    group: str
    question: Question


@dataclass
class Key:
    paper: str
    month: str
    agent: str
    seed: str
    policy: str
    title: str
    full_mark: int
    pass_mark: int
    minutes: int
    pass_source: str
    full_mark_source: str
    items: list[KeyItem]

    @property
    def max_score(self) -> int:
        return sum(i.points for i in self.items)


def key_dict(paper: Paper) -> dict:
    bp = paper.blueprint
    return {
        "format": FORMAT, "paper": paper.id, "month": paper.month, "agent": paper.agent, "seed": paper.seed,
        "policy": paper.policy, "title": bp.title, "full_mark": bp.full_mark, "pass_mark": bp.pass_mark,
        "minutes": bp.minutes, "pass_source": bp.pass_source.text(), "full_mark_source": bp.full_mark_source.text(),
        "questions": [{"number": i.number, "points": i.points, "group": i.group, **i.question.to_dict()}
                      for i in paper.items],
    }


def _yaml() -> YAML:
    yaml = YAML(typ="safe")          # the C emitter/loader (ruamel.yaml.clib) when present
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 4096
    return yaml


def dump_yaml(data) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def load_yaml(path: Path):
    return _yaml().load(path.read_text(encoding="utf-8-sig"))


class KeyFileError(ValueError):
    pass


def read_key(path: Path) -> Key:
    try:
        data = load_yaml(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable key is a usage error
        raise KeyFileError(f"无法读取答案文件 {path}：{exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KeyFileError(f"{path} 不是 kefu quiz make 生成的答案文件（缺少 format: {FORMAT}）")
    try:
        items = [KeyItem(int(q["number"]), int(q["points"]), str(q.get("group", "")), Question.from_dict(q))
                 for q in data["questions"]]
        return Key(paper=str(data["paper"]), month=str(data["month"]), agent=str(data["agent"]),
                   seed=str(data.get("seed", "")), policy=str(data["policy"]), title=str(data["title"]),
                   full_mark=int(data["full_mark"]), pass_mark=int(data["pass_mark"]), minutes=int(data["minutes"]),
                   pass_source=str(data.get("pass_source", "")), full_mark_source=str(data.get("full_mark_source", "")),
                   items=items)
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileError(f"答案文件 {path} 格式不对：{exc}") from exc
