"""The candidate's paper as Markdown, HTML (rendered from the Markdown with markdown-it-py)
and an empty answer sheet. Nothing here reads an answer or an explanation."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from checker.rules_docs import escape_md, render_html
from checker.spreadsheet import safe_row

from .model import TYPE_ORDER, TYPE_TITLES, Question
from .paper import Paper

ROLE = {"customer": "顾客", "agent": "客服", "system": "系统"}
CHINESE_NUMERALS = "一二三四五六七八九十"
SHEET_HEADER = ("题号", "答案")


def _time(at: str | None) -> str:
    if not at:
        return ""
    text = str(at)
    try:
        return datetime.fromisoformat(text).strftime("%H:%M:%S")
    except ValueError:
        return text


def conversation_md(record: dict, labels: dict[int, str]) -> list[str]:
    """A chat as Markdown lines; agent messages that are options carry their letter."""
    notes = []
    if record.get("channel") == "phone":
        notes.append("电话回访")
    if record.get("concurrency"):
        notes.append("客服当时只接待这一位顾客" if record["concurrency"] == 1
                     else f"客服当时同时接待 {record['concurrency']} 位顾客")
    out = [f"（{'；'.join(notes)}）", ""] if notes else []
    for i, msg in enumerate(record.get("messages", [])):
        role = ROLE.get(msg.get("from"), msg.get("from"))
        # the letter and the role bold together: "**【A】**客服" would not close in CommonMark
        who = f"**【{labels[i]}】{role}**" if i in labels else role
        at = _time(msg.get("at"))
        out.append(f"- {who}{'（' + at + '）' if at else ''}：{escape_md(msg.get('text', ''))}")
    return out


def utterance_md(q: Question) -> list[str]:
    u = q.utterance
    if u is None:
        return []
    lines = ([f"> 顾客：{escape_md(u.customer)}\\"] if u.customer else []) + [f"> 客服：{escape_md(u.agent)}"]
    return lines


def question_md(number: int, points: int | None, q: Question) -> list[str]:
    worth = f"（{points} 分）" if points is not None else ""
    out = [f"**{number}.** {escape_md(q.stem)}{worth}", ""]
    if q.type == "spot_message":
        labels = {int(o.value): o.label for o in q.options}
        out += conversation_md(q.conversation or {}, labels) + [""]
        return out
    out += utterance_md(q)
    if q.utterance is not None:
        out.append("")
    if q.type == "true_false":
        out += ["答：（对／错）", ""]
    elif q.type == "number":
        out += [f"答：＿＿＿＿ {escape_md(q.unit)}", ""]
    else:
        out += [f"- **{o.label}**　{escape_md(o.text)}" for o in q.options] + [""]
    return out


def paper_markdown(paper: Paper) -> str:
    bp = paper.blueprint
    y, m = paper.month.split("-")
    out = [f"# {escape_md(bp.title)}（{int(y)} 年 {int(m)} 月）", "",
           f"- 考生：{escape_md(paper.agent)}",
           f"- 试卷编号：`{paper.id}`",
           f"- 考试时间：{bp.minutes} 分钟　满分：{paper.max_score} 分　合格：{bp.pass_mark} 分",
           f"- 依据：{escape_md(bp.source.text())}；试题全部出自质检规则库（版本 `{paper.policy}`）",
           "- 作答：在答题卡 `answer-sheet.csv` 中每题填一行：选择题填字母；判断题填“对”或“错”；"
           "填空题填数字；排序题按先后顺序写出字母（如 CADB）。", ""]
    by_type: dict[str, list] = {}
    for item in paper.items:
        by_type.setdefault(item.question.type, []).append(item)
    section = 0
    for qtype in TYPE_ORDER:
        items = by_type.get(qtype)
        if not items:
            continue
        total = sum(i.points for i in items)
        out += [f"## {CHINESE_NUMERALS[section]}、{TYPE_TITLES[qtype]}（共 {len(items)} 题，{total} 分）", ""]
        section += 1
        for item in items:
            out += question_md(item.number, item.points, item.question)
    return "\n".join(out).rstrip() + "\n"


def paper_html(paper: Paper, markdown: str) -> str:
    return render_html(markdown, f"{paper.blueprint.title} {paper.month} {paper.agent}")


def answer_sheet(paper: Paper) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(safe_row(SHEET_HEADER))
    for item in paper.items:
        writer.writerow(safe_row([item.number, ""]))
    return buf.getvalue()
