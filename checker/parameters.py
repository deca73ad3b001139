"""Date-keyed parameters with citations (after OpenFisca's parameters).

policies/parameters.yaml maps a parameter name to a description, a unit and a history:
a list of values, each with the date it takes effect (`from`) and its source. A chat is
judged by the values in force on its date; `--as-of` overrides that date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .policy_model import SEEDS, PolicyError, PolicyProblem

PARAMETER_FILE = "parameters.yaml"
ENTRY_FIELDS = ("description", "unit", "history")
VALUE_FIELDS = ("from", "value", "source", "note")
SOURCE_FIELDS = ("seed", "section", "quote")
NAME_RE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@dataclass(frozen=True)
class ParameterValue:
    start: date
    value: Any
    source: str            # "004 第二条 注意事项 3：「…」"
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    history: tuple[ParameterValue, ...]     # sorted by start

    def at(self, when: date) -> ParameterValue | None:
        current = None
        for value in self.history:
            if value.start <= when:
                current = value
        return current


@dataclass(frozen=True)
class ParameterSet:
    """The values in force on one date."""
    on: date
    values: dict[str, ParameterValue]
    early: tuple[str, ...] = ()      # parameters not yet in force on `on`: their earliest value is used

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def early_notice(self, days: list[date] | None = None) -> str:
        """Why some values are not those of the day: the day(s) are before they took effect."""
        if not self.early:
            return ""
        days = sorted(days or [self.on])
        span = days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()}…{days[-1].isoformat()}"
        first = min(self.values[name].start for name in self.early)
        return (f"判定日期 {span} 早于参数 {', '.join(self.early)} 最早的生效日期 {first.isoformat()}："
                f"已按最早的取值判定")

    @property
    def effective(self) -> date | None:
        """The latest change among the values in force: names the parameter version."""
        return max((v.start for v in self.values.values()), default=None)


@dataclass
class Parameters:
    parameters: dict[str, Parameter]

    def on(self, when: date) -> ParameterSet:
        """The values in force on `when`; a parameter that only takes effect later is
        judged by its earliest value (named in `early`), never left out."""
        values, early = {}, []
        for name, parameter in self.parameters.items():
            value = parameter.at(when)
            if value is None and parameter.history:
                value = parameter.history[0]
                early.append(name)
            if value is not None:
                values[name] = value
        return ParameterSet(when, values, tuple(early))


def load_parameters(directory: Path) -> Parameters:
    path = directory / PARAMETER_FILE
    if not path.exists():
        return Parameters({})
    problems: list[PolicyProblem] = []
    file = str(path)

    def fail(pos, name, fld, problem):
        problems.append(PolicyProblem(file, pos[0] + 1, pos[1] + 1, name, fld, problem))

    from ruamel.yaml import YAML                       # imported here: a cached rule base never needs it
    from ruamel.yaml.error import YAMLError
    try:
        data = YAML().load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PolicyError([PolicyProblem(file, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0,
                                         "", "", f"YAML 语法错误：{exc}")])
    if not isinstance(data, dict) or set(data) != {"parameters"} or not isinstance(data["parameters"], dict):
        raise PolicyError([PolicyProblem(file, 1, 1, "", "", "顶层应为只含 parameters 键的映射")])
    out: dict[str, Parameter] = {}
    entries = data["parameters"]
    for name, entry in entries.items():
        pos = entries.lc.key(name)
        if not NAME_RE.match(str(name)):
            fail(pos, name, "", "参数名应为小写点分格式，如 response_time.deadline_seconds")
        if not isinstance(entry, dict):
            fail(pos, name, "", "应为映射 {description, unit, history}")
            continue
        for key in entry:
            if key not in ENTRY_FIELDS:
                fail(entry.lc.key(key), name, key, f"未知字段；允许：{', '.join(ENTRY_FIELDS)}")
        history = entry.get("history")
        if not isinstance(history, list) or not history:
            fail(pos, name, "history", "history 应为非空列表，每项 {from, value, source}")
            continue
        values = []
        for i, item in enumerate(history):
            ipos = history.lc.item(i)
            if not isinstance(item, dict):
                fail(ipos, name, f"history[{i}]", "应为映射 {from, value, source}")
                continue
            for key in item:
                if key not in VALUE_FIELDS:
                    fail(item.lc.key(key), name, f"history[{i}].{key}", f"未知字段；允许：{', '.join(VALUE_FIELDS)}")
            start = item.get("from")
            if isinstance(start, datetime):
                start = start.date()
            if not isinstance(start, date):
                fail(ipos, name, f"history[{i}].from", "应为日期 YYYY-MM-DD")
                continue
            if "value" not in item:
                fail(ipos, name, f"history[{i}].value", "缺少 value")
                continue
            src = item.get("source")
            if not isinstance(src, dict) or any(not str(src.get(k) or "").strip() for k in SOURCE_FIELDS) \
                    or str(src.get("seed")) not in SEEDS:
                fail(ipos, name, f"history[{i}].source",
                     f"每个取值都要注明出处 {{seed, section, quote}}，seed 为 {', '.join(SEEDS)} 之一")
                continue
            value = item["value"]
            value = list(value) if isinstance(value, list) else value
            values.append(ParameterValue(start, value, f"{src['seed']} {src['section']}：「{src['quote']}」",
                                         str(item.get("note") or "")))
        starts = [v.start for v in values]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            fail(pos, name, "history", "history 应按 from 日期升序排列且日期不重复")
        out[str(name)] = Parameter(str(name), str(entry.get("description", "")), str(entry.get("unit", "")),
                                   tuple(values))
    if problems:
        raise PolicyError(problems)
    return Parameters(out)
