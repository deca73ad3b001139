"""What a monthly scorecard is made of (output of the scoring, input of the outputters)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Line:
    """One line of the daily assessment: a deduction or a bonus, and what caused it."""
    code: str                  # scheme item: A13, C4, B7, P2 … or "±" (discretionary)
    title: str
    points: int                # signed: negative deducts, positive adds
    kind: str                  # finding | exam | item | auto | discretionary
    status: str = "counted"    # counted | waived | not_counted (a level the scheme does not count)
    demerit: bool = False      # 记过
    dismissal: bool = False    # 直接辞退
    basis: str = ""            # why this item: the mapping note (seed or project choice)
    ref: dict[str, Any] = field(default_factory=dict)   # finding / exam / note it traces to

    @property
    def counted(self) -> bool:
        return self.status == "counted"


@dataclass
class Daily:
    base: int
    lines: list[Line]
    deductions: int            # counted points taken (positive number)
    bonus: int                 # counted points added
    discretionary: int
    discretionary_reason: str
    raw: int                   # before floor and cap
    score: int
    floor: int
    cap: int
    demerits: int
    salary_yuan: int           # 第三条 10: 每扣 1 分等于 10 元 (negative: less pay)
    salary_grades: int         # 每增加 5 分薪资增加一级
    waived: int


@dataclass
class KpiResult:
    key: str
    name: str
    unit: str
    formula: str
    value: float | None        # None: no data
    points: float
    weight: float
    weighted: float
    tier: str                  # the tier's label, e.g. "≥50%"
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Commission:
    rate: float                # percent
    revenue: float             # 个人总营业额 (paid, not refunded, not self-service)
    promotion_revenue: float   # the part during promotions (rate halved)
    amount: float


@dataclass
class Flag:
    code: str                  # dismissal | elimination | not_counted | provisional | first_month …
    text: str


@dataclass
class AgentCard:
    agent: str
    month: str
    kpis: list[KpiResult]
    daily: Daily
    total: float
    level: str | None          # None: below 70, not counted
    counted: bool
    commission: Commission
    bonus: float
    flags: list[Flag]
    history: list[dict] = field(default_factory=list)     # [{month, total}] earlier months, most recent first
    stats: dict[str, Any] = field(default_factory=dict)   # chats, findings by norm, response waits …

    def to_dict(self) -> dict:
        return asdict(self)
