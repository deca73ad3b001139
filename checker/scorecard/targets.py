"""Sales targets, follow-up amounts and promotion periods: the file a team lead keeps.

YAML (one month per file):

    month: 2026-11
    promotions:                      # commission rates are halved on these days (inclusive)
      - {name: 双11, from: 2026-11-01, to: 2026-11-11}
    agents:
      小美: {target: 12000, followup: 450}     # 计划销售额 and 协助跟进服务金额, yuan

CSV: a header `agent,target,followup` (or 客服,计划销售额,跟进服务金额), one row per agent;
promotions only in YAML, or with `kefu scorecard --promotion FROM..TO`.
`--targets` names a file, or a folder holding YYYY-MM.yaml / .yml / .csv per month.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..scoring.measures import Promotion

CSV_COLUMNS = {"agent": "agent", "客服": "agent", "target": "target", "计划销售额": "target",
               "followup": "followup", "跟进服务金额": "followup", "协助跟进服务": "followup", "month": "month", "月份": "month"}
MONTH_FILE = re.compile(r"^(\d{4}-\d{2})$")


class TargetsError(Exception):
    """A targets file that cannot be read; the message names file, line and field."""


@dataclass
class AgentTarget:
    target: float | None = None
    followup: float | None = None


@dataclass
class MonthTargets:
    month: str
    agents: dict[str, AgentTarget] = field(default_factory=dict)
    promotions: list[Promotion] = field(default_factory=list)
    file: str = ""

    def of(self, agent: str) -> AgentTarget:
        return self.agents.get(agent, AgentTarget())


class TargetBook:
    """Finds each month's targets: a single file (its month) or a folder of month files."""

    def __init__(self, path: Path | None = None, promotions: list[Promotion] | None = None):
        self.path = path
        self.extra = list(promotions or [])
        self._cache: dict[str, MonthTargets] = {}
        if path is not None and not path.exists():
            raise TargetsError(f"目标文件不存在：{path}")

    def for_month(self, month: str) -> MonthTargets:
        if month not in self._cache:
            found = self._load(month)
            found.promotions = found.promotions + [p for p in self.extra if p.start.isoformat()[:7] <= month <= p.end.isoformat()[:7]]
            self._cache[month] = found
        return self._cache[month]

    def _load(self, month: str) -> MonthTargets:
        if self.path is None:
            return MonthTargets(month)
        folder = self.path if self.path.is_dir() else self.path.parent
        if not self.path.is_dir():
            loaded = load_targets(self.path, month)
            if loaded.month == month:
                return loaded
        for suffix in (".yaml", ".yml", ".csv"):         # another month: a sibling YYYY-MM file
            candidate = folder / f"{month}{suffix}"
            if candidate.is_file():
                return load_targets(candidate, month)
        return MonthTargets(month)


def _number(value, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TargetsError(f"{where}：{value!r} 不是数字（单位：元）") from None
    if number < 0:
        raise TargetsError(f"{where}：金额不能为负数")
    return number


def _day(value, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise TargetsError(f"{where}：{value!r} 不是日期（YYYY-MM-DD）") from None


def load_targets(path: Path, month: str) -> MonthTargets:
    """One targets file; its month is its `month:` key, its file name (2026-11.yaml) or,
    failing both, the month asked for."""
    stem = MONTH_FILE.match(path.stem)
    default_month = stem.group(1) if stem else month
    if path.suffix.lower() == ".csv":
        return _load_csv(path, default_month)
    return _load_yaml(path, default_month)


def _load_yaml(path: Path, month: str) -> MonthTargets:
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8-sig"))
    except (OSError, YAMLError) as exc:
        raise TargetsError(f"{path}：无法读取目标文件：{exc}") from None
    if not isinstance(data, dict):
        raise TargetsError(f"{path}：顶层应为映射（month、promotions、agents）")
    unknown = set(data) - {"month", "promotions", "agents"}
    if unknown:
        raise TargetsError(f"{path}：未知的键 {', '.join(map(str, sorted(unknown)))}；允许 month、promotions、agents")
    out = MonthTargets(str(data.get("month") or month), file=str(path))
    if not re.fullmatch(r"\d{4}-\d{2}", out.month):
        raise TargetsError(f"{path}: month 应为 YYYY-MM，如 2026-11")
    for i, promo in enumerate(data.get("promotions") or []):
        where = f"{path}: promotions[{i}]"
        if not isinstance(promo, dict) or "from" not in promo or "to" not in promo:
            raise TargetsError(f"{where} 应为 {{name, from, to}}")
        start, end = _day(promo["from"], where + ".from"), _day(promo["to"], where + ".to")
        if end < start:
            raise TargetsError(f"{where}：to 早于 from")
        out.promotions.append(Promotion(str(promo.get("name") or "促销活动"), start, end))
    agents = data.get("agents") or {}
    if not isinstance(agents, dict):
        raise TargetsError(f"{path}: agents 应为映射：客服名 → {{target, followup}}")
    for agent, row in agents.items():
        where = f"{path}: agents.{agent}"
        if not isinstance(row, dict) or set(row) - {"target", "followup"}:
            raise TargetsError(f"{where} 应为 {{target: 计划销售额, followup: 跟进服务金额}}")
        out.agents[str(agent)] = AgentTarget(_number(row.get("target"), where + ".target"),
                                             _number(row.get("followup"), where + ".followup"))
    return out


def _load_csv(path: Path, month: str) -> MonthTargets:
    out = MonthTargets(month, file=str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetsError(f"{path}：无法读取目标文件：{exc}") from None
    if not rows:
        raise TargetsError(f"{path}：文件是空的")
    header = [CSV_COLUMNS.get(h.strip()) for h in rows[0]]
    if "agent" not in header:
        raise TargetsError(f"{path}:1: 表头应含 agent（或 客服）、target（计划销售额）、followup（跟进服务金额）")
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        record = {key: cell.strip() for key, cell in zip(header, row) if key}
        if record.get("month") and record["month"] != month:
            continue
        where = f"{path}:{line}"
        out.agents[record["agent"]] = AgentTarget(_number(record.get("target"), where + " target"),
                                                  _number(record.get("followup"), where + " followup"))
    return out


def parse_promotion(text: str) -> Promotion:
    """`2026-11-01..2026-11-11` (or a single day), for --promotion."""
    start, _, end = text.partition("..")
    try:
        first = date.fromisoformat(start.strip())
        last = date.fromisoformat(end.strip()) if end else first
    except ValueError:
        raise TargetsError(f"--promotion {text!r}：应写成 2026-11-01..2026-11-11") from None
    if last < first:
        raise TargetsError(f"--promotion {text!r}：结束日期早于开始日期")
    return Promotion(f"{first}..{last}", first, last)
