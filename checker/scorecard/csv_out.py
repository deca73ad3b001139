"""`kefu scorecard --format csv`: one row per scorecard line (KPI, deduction, bonus, result),
so a sheet can filter and sum; every deduction row carries its finding or exam."""
from __future__ import annotations

import csv

from ..privacy import mask_text
from ..spreadsheet import safe_row
from .view import STATUS_NAMES, all_lines, trace, value_text

HEADER = ["月份", "客服", "类别", "条目", "名称", "数值", "得分", "权重", "加权", "状态", "问题编号", "会话", "消息", "原话",
          "规则", "说明"]


def rows(report):
    for card in report.cards:
        base = [report.month, card.agent]
        for k in card.kpis:
            yield base + ["KPI", k.key, k.name, value_text(k), k.points, k.weight, k.weighted, k.tier, "", "", "", "", "", k.formula]
        for line in all_lines(card):
            ref = line.ref
            is_finding = line.kind == "finding"
            yield base + ["日常考核", line.code, line.title, "", line.points, "", "", STATUS_NAMES[line.status],
                          ref.get("finding", "") if is_finding else "", ref.get("transcript_id", "") if is_finding else "",
                          ref.get("message", "") if is_finding and ref.get("message") is not None else "",
                          ref.get("text", "") if is_finding else "", ref.get("rule", "") if is_finding else "",
                          _note(line)]
        yield base + ["结果", "daily", "日常考核得分", card.daily.score, "", "", "", "", "", "", "", "", "", ""]
        yield base + ["结果", "total", "KPI 总分", card.total, "", "", "", card.level or "不计入", "", "", "", "", "", ""]
        yield base + ["结果", "commission", "提成", card.commission.amount, card.commission.rate, "", "", "", "", "", "", "", "",
                      f"营业额 {card.commission.revenue:g}，促销期 {card.commission.promotion_revenue:g}"]
        yield base + ["结果", "bonus", "绩效奖金", card.bonus, "", "", "", "", "", "", "", "", "", ""]
        for flag in card.flags:
            yield base + ["标记", flag.code, flag.text, "", "", "", "", "", "", "", "", "", "", ""]


def _note(line) -> str:
    return mask_text(trace(line)) if line.kind != "finding" else line.basis


def render(report, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(safe_row(HEADER))
    for row in rows(report):
        writer.writerow(safe_row(mask_text(v) if isinstance(v, str) else v for v in row))
