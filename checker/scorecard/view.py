"""Formatting helpers shared by the scorecard outputters (no scoring logic here)."""
from __future__ import annotations

from dataclasses import asdict

from ..norms import NORMS
from ..privacy import mask_id, mask_text
from ..report.text_report import detail_text
from ..scoring import AgentCard, KpiResult, Line

KIND_NAMES = {"finding": "质检问题", "exam": "考试", "item": "主管录入", "auto": "自动统计", "discretionary": "额外奖惩"}
STATUS_NAMES = {"counted": "计入", "waived": "已豁免", "not_counted": "不计分", "duplicate": "同一处"}
LEVEL_NAMES = {"error": "错误", "warning": "警告", "review": "待复核"}
FLAG_NAMES = {"dismissal": "辞退", "elimination": "淘汰", "not_counted": "不计入考核", "provisional": "复核期内"}


def value_text(kpi: KpiResult) -> str:
    if kpi.value is None:
        return "无数据"
    if kpi.unit == "%":
        return f"{kpi.value:g}%"
    if kpi.unit == "元":
        return f"{kpi.value:,.2f} 元"
    return f"{kpi.value:g} {kpi.unit}"


def money(amount: float) -> str:
    return f"{amount:,.2f} 元"


def points_text(points: int) -> str:
    return f"+{points}" if points > 0 else str(points)


def norm_name(norm: str) -> str:
    """The Chinese name of a norm; "manual": a reviewer's finding on a 004 item."""
    return NORMS.get(norm, "人工录入" if norm == "manual" else norm)


def words(line: Line) -> str:
    """The offending words of a finding line, masked (phone numbers)."""
    return mask_text(line.ref.get("text") or "")


def trace(line: Line) -> str:
    """Where a line comes from, in one line of Chinese: finding, exam, entry or note."""
    ref = line.ref
    if line.kind == "finding":
        where = f"会话 {mask_id(ref['transcript_id'])}"
        if ref.get("message") is not None:
            where += f" 消息#{ref['message']}"
        said = f"「{words(line)}」" if ref.get("text") else ""
        waived = ""
        if ref.get("waiver"):
            w = ref["waiver"]
            waived = f"；已豁免（{w['waived_at'][:16]}，{w.get('reviewer') or '复核'}：{w['reason']}）"
        facts = detail_text(ref.get("details") or {})
        facts = f"（{facts}）" if facts else ""
        same = f"；与 {ref['same_as']} 为同一处违规，只计一次" if ref.get("same_as") else ""
        return f"{ref['finding']} {where}{said}{facts} {ref['rule']}《{ref['title']}》{waived}{same}"
    if line.kind == "exam":
        return f"试卷 {ref['paper_id']} 得分 {ref['score']:g}/{ref['max_score']:g}（{ref['percent']:g}%）"
    if line.kind == "item":
        return f"第 {ref['entry']} 条录入：{ref['note']}" + (f"（{ref['recorded_by']}）" if ref.get("recorded_by") else "")
    return str(ref.get("note") or ref.get("reason") or "")


def all_lines(card: AgentCard) -> list[Line]:
    """The daily lines plus the discretionary points as a line of its own."""
    lines = list(card.daily.lines)
    if card.daily.discretionary or card.daily.discretionary_reason:
        lines.append(Line("±", "主管额外奖惩", card.daily.discretionary, "discretionary",
                          ref={"reason": card.daily.discretionary_reason}, basis="004 第三条 7"))
    return lines


def line_dict(line: Line) -> dict:
    out = {"code": line.code, "title": line.title, "points": line.points, "kind": line.kind, "status": line.status,
           "demerit": line.demerit, "basis": line.basis}
    ref = dict(line.ref)
    if line.kind == "finding":
        ref["text"] = words(line)
        out["finding"] = ref.pop("finding")
        out["transcript"] = mask_id(ref.pop("transcript_id"))
    out.update(ref)
    return out


def card_dict(card: AgentCard) -> dict:
    daily = card.daily
    return {
        "agent": card.agent, "month": card.month, "total": card.total, "level": card.level, "counted": card.counted,
        "kpis": [asdict(k) for k in card.kpis],
        "daily": {"base": daily.base, "score": daily.score, "raw": daily.raw, "floor": daily.floor, "cap": daily.cap,
                  "deductions": daily.deductions, "bonus": daily.bonus,
                  "discretionary": {"points": daily.discretionary, "reason": daily.discretionary_reason},
                  "demerits": daily.demerits, "waived": daily.waived,
                  "salary": {"yuan": daily.salary_yuan, "grades": daily.salary_grades},
                  "lines": [line_dict(line) for line in daily.lines]},
        "commission": asdict(card.commission), "bonus": card.bonus,
        "flags": [asdict(f) for f in card.flags], "history": card.history,
        "stats": {k: v for k, v in card.stats.items() if k != "waits"},
    }


def report_dict(report) -> dict:
    scheme = report.scheme
    return {
        "tool": "kefu", "kind": "scorecard", "month": report.month, "generated_at": report.as_of.isoformat(timespec="seconds"),
        "scheme_version": scheme.version, "policy_versions": report.policy_versions,
        "targets": {"file": report.targets.file or None,
                    "promotions": [{"name": p.name, "from": p.start.isoformat(), "to": p.end.isoformat()}
                                   for p in report.targets.promotions]},
        "notes": report.notes,
        "agents": [card_dict(c) for c in report.cards],
        "findings_by_norm": report.norm_counts,
    }
