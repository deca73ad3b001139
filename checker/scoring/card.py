"""One agent's monthly scorecard: daily assessment, KPIs, total, level, commission, bonus, flags."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .daily import daily_score, exam_lines, finding_line, item_lines, one_per_occurrence
from .measures import Promotion, measure, revenue
from .model import AgentCard, Commission, Flag, KpiResult, Line
from .scheme import Scheme, pick, tier_label


@dataclass
class AgentInputs:
    agent: str
    month: str
    chats: list[dict]                         # ledger transcript rows of the month
    findings: list[dict]                      # ledger finding rows (current ones, waived included)
    exams: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    discretionary: dict | None = None
    awards: list[Line] = field(default_factory=list)   # automatic items (P13, P14)
    target: float | None = None               # 计划销售额; None: the scheme's default
    followup: float | None = None             # 协助跟进服务金额
    promotions: list[Promotion] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)  # [{month, total}] earlier months, most recent first
    as_of: datetime | None = None             # for the dispute-window flag


def score_agent(scheme: Scheme, inputs: AgentInputs) -> AgentCard:
    lines = one_per_occurrence(scheme, [finding_line(scheme, f) for f in inputs.findings])
    lines += exam_lines(scheme, inputs.exams) + item_lines(scheme, inputs.items) + list(inputs.awards)
    daily = daily_score(scheme, lines, inputs.discretionary)

    target = inputs.target if inputs.target is not None else scheme.default_target
    kpi_key = {k.key: k for k in scheme.kpis}
    replied_when = kpi_key["reply_rate"].options.get("replied_when", "all_rounds_answered") \
        if "reply_rate" in kpi_key else "all_rounds_answered"
    values = measure(inputs.chats, target, inputs.followup, daily.score, replied_when)
    kpis = []
    for kpi in scheme.kpis:
        value, facts = values.get(kpi.key, (None, {}))
        if value is None:
            points, label = scheme.missing_points, "无数据"
        else:
            tier = pick(kpi.tiers, value)
            points, label = tier.points, tier_label(kpi.tiers, tier, kpi.unit)
        kpis.append(KpiResult(kpi.key, kpi.name, kpi.unit, kpi.formula, value, points, kpi.weight,
                              round(points * kpi.weight / 100, 2), label, facts))
    total = round(sum(k.weighted for k in kpis), 2)

    counted = total >= scheme.not_counted_below
    level = level_for(scheme, total)
    rate = rate_for(scheme, total)
    income, promo = revenue(inputs.chats, inputs.promotions)
    amount = round((income - promo) * rate / 100 + promo * rate / 100 * scheme.promotion_factor, 2)
    bonus = round(scheme.bonus_pool * total / 100, 2) if counted else 0.0

    card = AgentCard(agent=inputs.agent, month=inputs.month, kpis=kpis, daily=daily, total=total, level=level,
                     counted=counted, commission=Commission(rate, income, promo, amount), bonus=bonus, flags=[],
                     history=list(inputs.history))
    card.flags = flags(scheme, card, inputs)
    card.stats = _stats(inputs)
    return card


def level_for(scheme: Scheme, total: float) -> str | None:
    """高级 / 中级 / 初级客服, or None below 70 (不计入绩效考核)."""
    if total < scheme.not_counted_below:
        return None
    return next((name for name, low in scheme.levels if total >= low), None)


def rate_for(scheme: Scheme, total: float) -> float:
    """The commission rate in percent (3 / 2 / 1 / 0), before any promotion halving."""
    return pick(scheme.commission, total).points


def flags(scheme: Scheme, card: AgentCard, inputs: AgentInputs) -> list[Flag]:
    out = []
    daily = card.daily
    if daily.demerits >= scheme.dismissal_demerits:
        out.append(Flag("dismissal", f"本月记过 {daily.demerits} 次（达 {scheme.dismissal_demerits} 次及以上）：公司可以直接辞退（004 第三条 7）"))
    for line in daily.lines:
        if line.counted and line.dismissal:
            out.append(Flag("dismissal", f"{line.code} {line.title}：直接辞退（004 第四条）"))
    if not card.counted:
        out.append(Flag("not_counted", f"KPI 总分 {card.total:g} 低于 {scheme.not_counted_below:g}：不计入绩效考核，无绩效奖金"))
    need = scheme.elimination_months - 1
    earlier = [h for h in inputs.history[:need] if h.get("total") is not None]
    if card.total < scheme.elimination_below and need >= 0 and len(earlier) == need \
            and all(h["total"] < scheme.elimination_below for h in earlier):
        months = "、".join([card.month] + [h["month"] for h in earlier])
        out.append(Flag("elimination", f"连续 {scheme.elimination_months} 个月低于 {scheme.elimination_below:g} 分（{months}）：按制度淘汰"))
    if inputs.as_of is not None:
        window = timedelta(days=scheme.dispute_window_days)
        pending = [line for line in daily.lines if line.kind == "finding" and line.status != "waived"
                   and datetime.fromisoformat(line.ref["published_at"]) + window >= inputs.as_of]
        if pending:
            out.append(Flag("provisional", f"{len(pending)} 处问题仍在复核期内（公布后 {scheme.dispute_window_days:g} 天），得分可能变动"))
    return out


def _stats(inputs: AgentInputs) -> dict:
    by_norm: dict[str, dict[str, int]] = {}
    for f in inputs.findings:
        slot = by_norm.setdefault(f["norm"], {"counted": 0, "waived": 0})
        slot["waived" if f.get("waiver") else "counted"] += 1
    return {
        "chats": len(inputs.chats),
        "customers": len({c["customer_key"] for c in inputs.chats}),
        "findings": len(inputs.findings),
        "waived": sum(1 for f in inputs.findings if f.get("waiver")),
        "by_norm": by_norm,
        "waits": sorted(w for c in inputs.chats if c["channel"] == "im" for w in c["waits"]),
    }


def auto_awards(scheme: Scheme, chats_by_agent: dict[str, list[dict]]) -> dict[str, list[Line]]:
    """P13 (most customers served) and P14 (highest 咨询转化率) from the month's chats, among
    at least two agents with data; ties all win."""
    out: dict[str, list[Line]] = {}
    for item in scheme.items.values():
        if not item.auto:
            continue
        scores = {}
        for agent, chats in chats_by_agent.items():
            if item.auto == "most_customers":
                value = len({c["customer_key"] for c in chats})
                if value:
                    scores[agent] = (value, f"接待客户 {value} 人")
            else:
                consulting = [c for c in chats if c["outcome"]]
                persons = {c["customer_key"] for c in consulting}
                ordered = {c["customer_key"] for c in consulting if c["outcome"].get("ordered") or c["outcome"].get("paid")}
                if persons:
                    rate = len(ordered) * 100 / len(persons)
                    scores[agent] = (rate, f"咨询转化率 {rate:.1f}%（{len(ordered)}/{len(persons)}）")
        if len(scores) < 2:
            continue
        best = max(v for v, _ in scores.values())
        if best <= 0:
            continue
        points = item.auto_points if item.auto_points is not None else item.high
        for agent, (value, text) in scores.items():
            if value == best:
                out.setdefault(agent, []).append(Line(item.code, item.title, points, "auto", basis=item.source,
                                                      ref={"note": f"本月{text}，{len(scores)} 名客服中最高"}))
    return out
