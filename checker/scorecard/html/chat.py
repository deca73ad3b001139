"""A flagged conversation as a chat: bubbles, offending words highlighted, the rule's
explanation beside them. Customer names and phone numbers are masked; all text escaped."""
from __future__ import annotations

from html import escape

from ...conversation import CHINA, aware
from ...privacy import mask_id, mask_name, mask_text
from ..view import STATUS_NAMES, norm_name, points_text

ROLE_NAMES = {"customer": "顾客", "agent": "客服", "system": "系统"}


def _spans(line) -> list[tuple[int, int]]:
    ref = line.ref
    spans = [tuple(s) for s in (ref.get("details") or {}).get("spans", [])] if ref.get("details") else []
    if not spans and ref.get("span"):
        spans = [tuple(ref["span"])]
    return spans


def highlighted(text: str, marks: list[tuple[int, int, str]]) -> str:
    """Escape `text`, wrapping the marked ranges in <mark>; overlapping ranges are split
    at every boundary, each piece naming the findings that cover it."""
    cuts = sorted({0, len(text), *[p for s, e, _ in marks for p in (s, e) if 0 <= p <= len(text)]})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        piece = escape(text[lo:hi])
        covering = [fid for s, e, fid in marks if s <= lo and hi <= e]
        if covering:
            out.append(f'<mark data-findings="{escape(" ".join(covering))}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _why(line) -> str:
    ref = line.ref
    status = STATUS_NAMES[line.status]
    cls = "why waived" if line.status in ("waived", "duplicate") else "why"
    parts = [f'<aside class="{cls}" id="{escape(ref["finding"])}">',
             f'<p class="rule">{escape(ref["title"] or "")}（{escape(norm_name(ref["norm"]))}）'
             f' {escape(line.code)} {points_text(line.points)} 分 · {escape(status)}</p>',
             f'<p>{escape(ref.get("reason") or "")}</p>',
             f'<p class="src">依据：{escape(ref.get("source") or "")}</p>']
    if ref.get("suggestion"):
        parts.append(f'<p class="tip">建议：{escape(ref["suggestion"])}</p>')
    if ref.get("waiver"):
        w = ref["waiver"]
        parts.append(f'<p class="src">已豁免：{escape(w["reason"])}（{escape(w.get("reviewer") or "复核")}，{escape(w["waived_at"])}）</p>')
    parts.append(f'<p class="src">编号 {escape(ref["finding"])} · 规则 {escape(ref["rule"])} · 公布于 {escape(ref["published_at"])}</p>')
    parts.append("</aside>")
    return "".join(parts)


def render_chat(transcript, lines, anchor: str) -> str:
    """`lines`: this transcript's finding lines (daily-assessment lines of kind finding)."""
    by_message: dict[int, list] = {}
    general = []
    for line in lines:
        index = line.ref.get("message")
        (by_message.setdefault(index, []) if index is not None else general).append(line)
    customer = transcript.customer
    day = aware(transcript.messages[0].at).astimezone(CHINA).strftime("%Y-%m-%d") if transcript.messages and transcript.messages[0].at else ""
    head = (f'<h3>{escape(mask_id(transcript.id))} · 客服 {escape(transcript.agent)}'
            + (f" · 顾客 {escape(mask_name(customer))}" if customer else "")
            + f" · {'电话回访' if transcript.channel == 'phone' else '在线咨询'} {escape(day)}"
            + f" · {len(lines)} 处问题</h3>")
    out = [f'<article class="chat" id="{anchor}" data-agent="{escape(transcript.agent)}">', head]
    if general:
        out.append('<div class="conv-findings">' + "".join(_why(line) for line in general) + "</div>")
    for msg in transcript.messages:
        text = mask_text(msg.text, customer)
        found = by_message.get(msg.index, [])
        marks = [(s, e, line.ref["finding"]) for line in found for s, e in _spans(line)]
        when = aware(msg.at).astimezone(CHINA).strftime("%H:%M:%S") if msg.at else ""
        cls = f"msg from-{msg.role}" + (" flagged" if found else "")
        out.append(f'<div class="{cls}" data-index="{msg.index}"><div><div class="who">#{msg.index} '
                   f'{ROLE_NAMES.get(msg.role, msg.role)} {escape(when)}</div>'
                   f'<div class="bubble">{highlighted(text, marks)}</div></div>'
                   f'<div>{"".join(_why(line) for line in found)}</div></div>')
    out.append("</article>")
    return "".join(out)
