"""The scoring scheme (policies/scoring/*.yaml) as plain objects; read and validated by
checker/scoring/scheme_loader.py.

Three files: daily.yaml (the daily assessment of 004 第三条/第四条), kpi.yaml (附件2:
KPI table, levels, commission, bonus) and rule_map.yaml (each checker rule's deduction
item).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..policy_model import default_policy_dir

FILES = ("daily.yaml", "kpi.yaml", "rule_map.yaml")
GROUPS = {"A": "轻度违规", "B": "中度违规", "C": "重度违规", "P": "加分"}
AUTO = ("most_customers", "best_conversion")
LEVELS = ("error", "warning", "review")


@dataclass(frozen=True)
class Item:
    code: str                  # A1 … C7, P1 … P14
    title: str
    low: int                   # points range; low == high for a fixed price
    high: int
    per: str
    source: str
    demerit: bool = False      # 记过
    dismissal: bool = False    # 直接辞退
    auto: str | None = None    # computed from the ledger (P13, P14)
    auto_points: int | None = None

    @property
    def group(self) -> str:
        return self.code[0]

    @property
    def bonus(self) -> bool:
        return self.group == "P"

    def points_text(self) -> str:
        pts = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        return f"{pts} 分/{self.per}"


@dataclass(frozen=True)
class Tier:
    points: float
    min: float | None = None
    max: float | None = None
    above: float | None = None       # strict lower bound

    def holds(self, value: float) -> bool:
        if self.min is not None and value < self.min:
            return False
        if self.above is not None and value <= self.above:
            return False
        if self.max is not None and value > self.max:
            return False
        return True

    def label(self, unit: str = "") -> str:
        if self.min is not None:
            return f"≥{_num(self.min)}{unit}"
        if self.above is not None:
            return f">{_num(self.above)}{unit}"
        if self.max is not None:
            return f"≤{_num(self.max)}{unit}"
        return "其余"


def tier_label(tiers: tuple[Tier, ...], tier: Tier, unit: str = "") -> str:
    """A tier's range; the unbounded last tier reads as the complement of the one before."""
    if tier.min is None and tier.max is None and tier.above is None and len(tiers) > 1:
        prev = tiers[tiers.index(tier) - 1]
        if prev.min is not None:
            return f"<{_num(prev.min)}{unit}"
        if prev.above is not None:
            return f"≤{_num(prev.above)}{unit}"
        if prev.max is not None:
            return f">{_num(prev.max)}{unit}"
    return tier.label(unit)


def pick(tiers: tuple[Tier, ...], value: float) -> Tier:
    for tier in tiers:
        if tier.holds(value):
            return tier
    return tiers[-1]


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    formula: str
    unit: str
    better: str
    weight: float
    tiers: tuple[Tier, ...]
    sources: tuple[str, ...]
    note: str = ""
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    item: str
    points: str | int          # "item" | "rule" | a number
    basis: str                 # seed | project
    note: str = ""


@dataclass
class Scheme:
    base: int
    cap: int
    floor: int
    discretionary: tuple[int, int]
    dismissal_demerits: int
    dispute_window_days: float
    yuan_per_point: float
    points_per_grade: int
    exam_fail_below: float
    exam_fail_item: str
    exam_full_item: str
    items: dict[str, Item]
    kpis: list[Kpi]
    missing_points: float
    default_target: float
    levels: list[tuple[str, float]]
    not_counted_below: float
    elimination_below: float
    elimination_months: int
    commission: tuple[Tier, ...]       # points = rate in percent
    promotion_factor: float
    bonus_pool: float
    norm_map: dict[str, Mapping]
    rule_map: dict[str, Mapping]
    counted_levels: tuple[str, ...]
    occurrence: str                    # message_norm | finding
    version: str
    notes: dict[str, str] = field(default_factory=dict)   # explanatory notes for reports

    def mapping_for(self, rule_id: str, norm: str) -> Mapping:
        return self.rule_map.get(rule_id) or self.norm_map[norm]

    def deduction(self, rule_id: str, norm: str, rule_points: int) -> tuple[Item, int]:
        """The item a finding falls under and the points it costs."""
        mapping = self.mapping_for(rule_id, norm)
        item = self.items[mapping.item]
        if mapping.points == "item":
            return item, item.high if item.low == item.high else item.low
        if mapping.points == "rule":
            return item, min(max(rule_points, item.low), item.high)
        return item, int(mapping.points)

    def check_rules(self, rules) -> list[str]:
        """Problems: rules whose finding has no item, or whose points fall outside it."""
        out = []
        for rule in rules:
            if getattr(rule, "scope", "message") not in ("message", "conversation"):
                continue          # template rules (kefu lint) never judge a chat
            try:
                mapping = self.mapping_for(rule.id, rule.norm)
            except KeyError:
                out.append(f"规则 {rule.id}（规范 {rule.norm}）没有对应的扣分条目：请在 rule_map.yaml 的 mapping.norms 或 overrides 中补上")
                continue
            item = self.items[mapping.item]
            if mapping.points == "rule" and not item.low <= rule.points <= item.high:
                out.append(f"规则 {rule.id} 的分值 {rule.points} 不在条目 {item.code}（{item.points_text()}）的范围内")
        return out


def _num(value: float) -> str:
    return f"{value:g}"


def default_scheme_dir() -> Path:
    return default_policy_dir() / "scoring"
