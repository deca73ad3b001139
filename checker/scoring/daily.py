"""The daily assessment (日常考核, 004 第三条/第四条): base 80, items, ±5, floor and cap."""
from __future__ import annotations

from .model import Daily, Line
from .scheme import Scheme


class ScoringError(Exception):
    """The scheme cannot price something in the ledger; the message is for users."""


def finding_line(scheme: Scheme, f: dict) -> Line:
    """A recorded finding (a ledger row) as a deduction line, traceable to its words. A
    reviewer's finding on a 004 item (details["item"]) is priced by that item directly."""
    code = (f.get("details") or {}).get("item")
    if code:
        item = scheme.items.get(code)
        if item is None:
            raise ScoringError(f"问题 {f['id']} 的条目 {code} 不在计分方案中")
        points, basis = min(max(int(f["points"]), item.low), item.high), "复核人按 004 第四条录入：" + item.source
    else:
        try:
            mapping = scheme.mapping_for(f["rule"], f["norm"])
        except KeyError:
            raise ScoringError(f"问题 {f['id']} 的规则 {f['rule']}（规范 {f['norm']}）在 policies/scoring/rule_map.yaml "
                               f"中没有对应的扣分条目") from None
        item, points = scheme.deduction(f["rule"], f["norm"], f["points"])
        basis = ("手册规定：" if mapping.basis == "seed" else "手册未定价，本项目的选择：") + mapping.note
    if f.get("waiver"):
        status = "waived"
    elif f["level"] in scheme.counted_levels:
        status = "counted"
    else:
        status = "not_counted"
    keys = ("transcript_id", "message", "span", "text", "rule", "norm", "title", "reason", "details", "source",
            "suggestion", "level", "published_at", "waiver")
    ref = {key: f.get(key) for key in keys}
    ref["finding"] = f["id"]
    return Line(code=item.code, title=item.title, points=-points, kind="finding", status=status,
                demerit=item.demerit, dismissal=item.dismissal, basis=basis, ref=ref)


def _overlap(a: Line, b: Line) -> bool:
    sa, sb = a.ref.get("span"), b.ref.get("span")
    return bool(sa and sb) and sa[0] < sb[1] and sb[0] < sa[1]


def one_per_occurrence(scheme: Scheme, lines: list[Line]) -> list[Line]:
    """With `occurrence: message_norm`, counted findings of one norm on overlapping words of
    one message are one occurrence: the costliest counts, the others become `duplicate`
    (shown, not counted)."""
    if scheme.occurrence != "message_norm":
        return lines
    groups: list[list[Line]] = []
    for line in (x for x in lines if x.counted and x.ref.get("message") is not None):
        for group in groups:
            head = group[0]
            if (head.ref["transcript_id"], head.ref["message"], head.ref["norm"]) == \
                    (line.ref["transcript_id"], line.ref["message"], line.ref["norm"]) and any(_overlap(line, g) for g in group):
                group.append(line)
                break
        else:
            groups.append([line])
    for group in groups:
        kept = min(group, key=lambda x: x.points)         # points are negative: the costliest
        for line in group:
            if line is not kept:
                line.status = "duplicate"
                line.ref["same_as"] = kept.ref["finding"]
    return lines


def exam_lines(scheme: Scheme, exams: list[dict]) -> list[Line]:
    """Below 60 % of the full mark is B7; a full mark is bonus item P2 (004 第四条)."""
    out = []
    for exam in exams:
        pct = exam["score"] * 100 / exam["max_score"]
        ref = {"paper_id": exam["paper_id"], "score": exam["score"], "max_score": exam["max_score"],
               "percent": round(pct, 1), "taken_at": str(exam["taken_at"] or "")}
        if pct < scheme.exam_fail_below:
            item = scheme.items[scheme.exam_fail_item]
            out.append(Line(item.code, item.title, -item.high, "exam", ref=ref, basis=item.source))
        elif exam["score"] >= exam["max_score"]:
            item = scheme.items[scheme.exam_full_item]
            out.append(Line(item.code, item.title, item.high, "exam", ref=ref, basis=item.source))
    return out


def item_lines(scheme: Scheme, items: list[dict]) -> list[Line]:
    """Items a supervisor entered (`kefu item`): 迟到早退, 全勤 …"""
    out = []
    for row in items:
        item = scheme.items.get(row["code"])
        if item is None:
            raise ScoringError(f"台账中的条目 {row['code']}（第 {row['id']} 条）不在计分方案中")
        sign = 1 if item.bonus else -1
        out.append(Line(item.code, item.title, sign * abs(row["points"]), "item", demerit=item.demerit,
                        dismissal=item.dismissal, basis=item.source,
                        ref={"entry": row["id"], "note": row["note"], "recorded_by": row.get("recorded_by"),
                             "recorded_at": row["recorded_at"]}))
    return out


def daily_score(scheme: Scheme, lines: list[Line], discretionary: dict | None) -> Daily:
    counted = [line for line in lines if line.counted]
    deductions = -sum(line.points for line in counted if line.points < 0)
    bonus = sum(line.points for line in counted if line.points > 0)
    extra = int(discretionary["points"]) if discretionary else 0
    raw = scheme.base - deductions + bonus + extra
    score = max(scheme.floor, min(scheme.cap, raw))
    delta = score - scheme.base
    return Daily(
        base=scheme.base, lines=lines, deductions=deductions, bonus=bonus, discretionary=extra,
        discretionary_reason=discretionary["reason"] if discretionary else "", raw=raw, score=score,
        floor=scheme.floor, cap=scheme.cap, demerits=sum(1 for line in counted if line.demerit),
        salary_yuan=int(delta * scheme.yuan_per_point) if delta < 0 else 0,
        salary_grades=delta // scheme.points_per_grade if delta > 0 and scheme.points_per_grade else 0,
        waived=sum(1 for line in lines if line.status == "waived"),
    )
