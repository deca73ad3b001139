"""`kefu scorecard --format xlsx`: the workbook team leads keep (004 第二条 7: 周报表、月报表).

Sheets: 汇总 (one row per agent), KPI, 日常考核明细 (every line with its finding or exam),
说明 (the scheme's version, targets and notes)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..privacy import mask_text
from ..spreadsheet import safe_row
from .view import FLAG_NAMES, STATUS_NAMES, all_lines, trace

HEAD = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="2F5597")
WARN_FILL = PatternFill("solid", fgColor="FCE4D6")


def _sheet(wb, title: str, header: list[str], rows, widths: list[int]):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, HEAD_FILL
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        ws.append(safe_row(mask_text(v) if isinstance(v, str) else v for v in row))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return ws


def render(report, path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    summary = _sheet(wb, "汇总", ["客服", "月份", "KPI 总分", "等级", "日常考核", "记过", "营业额", "促销期营业额", "提成比例 %",
                                  "提成", "绩效奖金", "标记"],
                     ([c.agent, c.month, c.total, c.level or "不计入", c.daily.score, c.daily.demerits, c.commission.revenue,
                       c.commission.promotion_revenue, c.commission.rate, c.commission.amount, c.bonus,
                       "；".join(f"{FLAG_NAMES.get(f.code, f.code)}：{f.text}" for f in c.flags)] for c in report.cards),
                     [10, 9, 10, 10, 10, 6, 12, 12, 10, 10, 10, 60])
    for row in summary.iter_rows(min_row=2):
        if row[11].value and any(w in row[11].value for w in ("辞退", "淘汰")):
            for cell in row:
                cell.fill = WARN_FILL
    _sheet(wb, "KPI", ["客服", "指标", "数值", "单位", "档位", "得分", "权重 %", "加权", "计算方法"],
           ([c.agent, k.name, k.value, k.unit, k.tier, k.points, k.weight, k.weighted, k.formula]
            for c in report.cards for k in c.kpis),
           [10, 14, 12, 6, 10, 8, 8, 8, 50])
    _sheet(wb, "日常考核明细", ["客服", "条目", "名称", "分值", "状态", "记过", "来源", "问题编号", "会话", "消息", "原话", "规则",
                             "追溯", "依据"],
           ([c.agent, line.code, line.title, line.points, STATUS_NAMES[line.status], "是" if line.demerit else "",
             line.kind, line.ref.get("finding", ""), line.ref.get("transcript_id", ""),
             line.ref.get("message") if line.ref.get("message") is not None else "", line.ref.get("text", ""),
             line.ref.get("rule", ""), trace(line), line.basis]
            for c in report.cards for line in all_lines(c)),
           [10, 6, 40, 6, 8, 6, 10, 14, 18, 6, 20, 24, 60, 60])
    notes = wb.create_sheet("说明")
    for row in ([f"{report.month} 客服月度考核"], ["计分方案版本", report.scheme.version],
                ["规则库版本", ", ".join(report.policy_versions)], ["生成时间", report.as_of.isoformat(timespec="seconds")],
                ["目标文件", report.targets.file or "（无）"],
                *[["促销期", f"{p.name} {p.start}～{p.end}"] for p in report.targets.promotions],
                *[["注意", n] for n in report.notes]):
        notes.append(safe_row(mask_text(v) if isinstance(v, str) else v for v in row))
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 80
    wb.save(path)
