"""A rule's examples, part of the rule model: the policy loader (checker/policy.py) and
the kinds (checker/kinds/) build them, `kefu rules test` (checker/selftest.py), the
handbook and the exams read them.

An example of a message rule is an agent message (with the customer's words before it);
of a conversation rule, a transcript; of a template rule, one template or a set of
templates linted together (ExampleSet). Template examples are validated by the same
field checks as template files (checker/lint/entries.py, which depends on nothing of the
rule model), so the rule model never imports the lint engine and the lint engine imports
the rule model, never the reverse.

A template example is one template or a set of templates linted together (the same set-up as a
file): a string (the template's text), a mapping of template fields ({text, code, group,
kind, expires, waive}), or {templates: [...]} for several (a duplicate code needs two).
`as_of: YYYY-MM-DD` beside the fields (or beside `templates`) fixes the day the example is
linted on, so expiry examples never go stale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lint.model import Template
# The lint modules are imported where a template example is read or built: a check with
# a cached rule base reads no example, and imports none of them.

SET_KEYS = ("templates", "as_of")
ROLE_NAMES = {"customer": "顾客", "agent": "客服", "system": "系统"}


@dataclass(frozen=True)
class Example:
    agent: str = ""
    customer: str | None = None
    turn: tuple = ()                  # message rules: (role, text) after the judged message (next/reply/after)
    conversation: Any = None          # conversation rules: a transcript mapping (canonical format)
    template: Any = None              # template rules: an ExampleSet (the templates linted together)

    def label(self) -> str:
        if self.template is not None:
            return self.template.label()
        if self.conversation is not None:
            lines = [f"{m.get('at', '')} {ROLE_NAMES.get(m.get('from'), m.get('from'))}：{m.get('text')}".strip()
                     for m in self.conversation.get("messages", [])]
            return " / ".join(lines)
        text = f"顾客：{self.customer} → 客服：{self.agent}" if self.customer else self.agent
        return text + "".join(f" → {ROLE_NAMES[role]}：{line}" for role, line in self.turn)


@dataclass(frozen=True)
class ExampleSet:
    templates: tuple[dict, ...]       # validated fields, as entries.check_fields returns them
    as_of: date | None = None

    def label(self) -> str:
        parts = []
        for t in self.templates:
            tags = [t["code"] or "", "欢迎语" if t["kind"] == "welcome" else "活动" if t["kind"] == "campaign" else ""]
            if t["expires"]:
                tags.append(f"有效期至 {t['expires'].isoformat()}")
            if t["waive"]:
                tags.append("豁免 " + ",".join(r for r, _ in t["waive"]))
            head = "〔" + " ".join(x for x in tags if x) + "〕" if any(tags) else ""
            parts.append(head + (t["text"] or "（空）"))
        suffix = f"（检查日期 {self.as_of.isoformat()}）" if self.as_of else ""
        return " ｜ ".join(parts) + suffix

    def build(self) -> list[Template]:
        from .lint.model import Template, Waiver
        out = []
        for i, fields in enumerate(self.templates):
            t = Template(file="<示例>", index=i, text=fields["text"], line=i + 1, column=1, code=fields["code"],
                         group=fields["group"], kind=fields["kind"], expires=fields["expires"])
            t.waivers = [Waiver(rule, reason, i + 1, 1) for rule, reason in fields["waive"]]
            out.append(t)
        return out


def parse_template_example(item):
    """A template rule's example -> Example, or the problem (Chinese) as a str."""
    from .lint.entries import check_fields, parse_date
    as_of = None
    if isinstance(item, dict) and "as_of" in item:
        as_of = parse_date(item["as_of"])
        if as_of is None:
            return f"as_of {item['as_of']!r} 不是日期（YYYY-MM-DD）"
        item = {k: v for k, v in item.items() if k != "as_of"}
    if isinstance(item, dict) and "templates" in item:
        if set(item) - set(SET_KEYS) or not isinstance(item["templates"], list) or not item["templates"]:
            return "应为 {templates: [模板…], as_of: 日期}，templates 为非空列表"
        raw_items = item["templates"]
    else:
        raw_items = [item]
    templates = []
    for raw in raw_items:
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict):
            return "应为字符串（模板内容）、模板字段映射 {text, code, group, kind, expires, waive}，或 {templates: [...]}"
        fields, problems = check_fields(raw)
        if problems:
            return "；".join(p for _, p in problems)
        templates.append(fields)
    return Example(template=ExampleSet(tuple(templates), as_of))
