"""`kefu scorecard --format markdown`: tables per agent, every deduction traced."""
from __future__ import annotations

from ..mdtext import md_cell
from .view import FLAG_NAMES, STATUS_NAMES, all_lines, money, points_text, trace, value_text


def cell(text) -> str:
    return md_cell(text)


def render(report, stream) -> None:
    w = stream.write
    w(f"# {report.month} 客服月度考核\n\n计分方案版本 `{report.scheme.version}`，"
      f"规则库版本 {', '.join(f'`{v}`' for v in report.policy_versions) or '—'}。\n\n")
    for note in report.notes:
        w(f"> 注意：{cell(note)}\n\n")
    for p in report.targets.promotions:
        w(f"- 促销期（提成减半）：{cell(p.name)} {p.start}～{p.end}\n")
    w("\n| 客服 | KPI 总分 | 等级 | 日常考核 | 提成比例 | 提成 | 绩效奖金 | 标记 |\n|---|---|---|---|---|---|---|---|\n")
    for c in report.cards:
        flags = "；".join(FLAG_NAMES.get(f.code, f.code) for f in c.flags)
        w(f"| {cell(c.agent)} | {c.total:g} | {c.level or '不计入'} | {c.daily.score} | {c.commission.rate:g}% "
          f"| {money(c.commission.amount)} | {money(c.bonus)} | {cell(flags)} |\n")
    for card in report.cards:
        _card(w, card)


def _card(w, card) -> None:
    w(f"\n## {cell(card.agent)}\n\n")
    for flag in card.flags:
        w(f"- **{FLAG_NAMES.get(flag.code, flag.code)}**：{cell(flag.text)}\n")
    w("\n| 指标 | 数值 | 档位 | 得分 | 权重 | 加权 |\n|---|---|---|---|---|---|\n")
    for k in card.kpis:
        w(f"| {k.name} | {cell(value_text(k))} | {cell(k.tier)} | {k.points:g} | {k.weight:g}% | {k.weighted:g} |\n")
    w(f"| **合计** | | | | 100% | **{card.total:g}** |\n")
    d = card.daily
    w(f"\n日常考核 **{d.score}** 分：基础 {d.base}，扣 {d.deductions}，加 {d.bonus}，额外 {points_text(d.discretionary)}"
      f"（{d.floor}～{d.cap}）；记过 {d.demerits} 次；已豁免 {d.waived} 处。\n\n")
    w("| 分值 | 条目 | 状态 | 依据 |\n|---|---|---|---|\n")
    for line in all_lines(card):
        title = cell(line.title) + ("（记过）" if line.demerit else "")
        w(f"| {points_text(line.points)} | {line.code} {title} | {STATUS_NAMES[line.status]} | {cell(trace(line))} |\n")
    c = card.commission
    w(f"\n提成：营业额 {money(c.revenue)}（促销期 {money(c.promotion_revenue)}）× {c.rate:g}% = {money(c.amount)}；"
      f"绩效奖金 {money(card.bonus)}。\n")
