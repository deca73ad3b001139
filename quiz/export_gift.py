"""Moodle GIFT export: one category per blueprint group, the question id as the GIFT
title (so a re-import matches), the rule's explanation as general feedback. Ordering
questions become GIFT matching questions (each step → its position)."""
from __future__ import annotations

import html
import re

from checker.rules_docs import markdown_renderer

from .model import Question

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", text)


def _html(text: str) -> str:
    return gift_escape(html.escape(text, quote=False))


def _stem_html(q: Question) -> str:
    """The stem and what it shows (a reply, a chat); the options go into the answer block."""
    context = _stem_context(q)
    body = markdown_renderer().render("\n".join(context)) if context else ""
    return gift_escape((f"<p>{html.escape(q.stem, quote=False)}</p>" + body).replace("\n", ""))


def _stem_context(q: Question) -> list[str]:
    from .render import conversation_md, utterance_md
    if q.type == "spot_message":
        return conversation_md(q.conversation or {}, {int(o.value): o.label for o in q.options})
    return utterance_md(q)


def _feedback(q: Question) -> str:
    e = q.explanation
    parts = [f"{e.title}：{e.message}", f"出处：{e.source}"] + ([f"建议：{e.suggestion}"] if e.suggestion else [])
    return "<br>".join(_html(p) for p in parts)


def question_gift(q: Question) -> str:
    title = gift_escape(q.id)
    stem = f"[html]{_stem_html(q)}"
    fb = _feedback(q)
    if q.type == "true_false":
        return f"::{title}::{stem}{{{'T' if q.answer == '对' else 'F'}####{fb}}}"
    if q.type == "number":
        return f"::{title}::{stem}{{#{q.answer}####{fb}}}"
    if q.type == "ordering":
        by_label = {o.label: o for o in q.options}
        pairs = " ".join(f"={_html(by_label[c].text)} -> 第 {i} 步" for i, c in enumerate(q.answer, 1))
        return f"::{title}::{stem}{{{pairs} ####{fb}}}"
    choices = " ".join(("=" if o.label == q.answer else "~") + _html(f"{o.label}. {o.text}") for o in q.options)
    return f"::{title}::{stem}{{{choices} ####{fb}}}"


def export_gift(questions: list[Question], group_titles: dict[str, str]) -> str:
    out = ["// kefu 考题：由质检规则库生成（kefu quiz export --format gift）", ""]
    current = None
    for q in sorted(questions, key=lambda q: (group_titles.get(q.norm, "其他"), q.id)):
        category = group_titles.get(q.norm, "其他")
        if category != current:
            out += [f"$CATEGORY: $course$/kefu/{category}", ""]
            current = category
        out += [f"// {q.type} · 规则：{', '.join(q.rules) or '—'} · 规则库 {q.policy}", question_gift(q), ""]
    return "\n".join(out)


def write_gift(questions: list[Question], group_titles: dict[str, str], stream) -> None:
    """The GIFT file on a text stream (the renderer `kefu quiz export --format gift` uses)."""
    stream.write(export_gift(questions, group_titles))
