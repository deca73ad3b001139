"""`kefu:` directives written in comments or in a 备注 cell.

    # kefu: disable=template-too-long 大促说明需要完整展示，店长已确认       (YAML)
    <!-- kefu: disable=harsh-no-way 这是售后规则说明，不是回复顾客 -->      (Markdown)
    <!-- kefu: kind=welcome -->  <!-- kefu: expires=2026-11-12 -->         (Markdown only)
    kefu: disable=template-placeholder-unknown 平台新增变量                 (CSV 备注 column)

`disable=` takes one rule id or several separated by commas; everything after it is the
reason. Other words are `key=value` attributes (only where the loader allows them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

YAML_COMMENT = re.compile(r"(?:^|\s)#\s*kefu\s*[:：]\s*(.*?)\s*$")
HTML_COMMENT = re.compile(r"<!--\s*kefu\s*[:：]\s*(.*?)\s*-->", re.S)
CELL = re.compile(r"kefu\s*[:：]\s*(.*?)\s*$")


@dataclass
class Directive:
    line: int
    column: int
    waivers: list[tuple[str, str]] = field(default_factory=list)     # (rule, reason)
    attrs: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse(body: str, line: int, column: int, attrs_allowed: tuple[str, ...] = ()) -> Directive:
    directive = Directive(line, column)
    rest = body.strip()
    if not rest:
        directive.problems.append("kefu: 后面是空的：写 disable=规则id 理由")
    while rest:
        word, _, tail = rest.partition(" ")
        key, eq, value = word.partition("=")
        key = key.strip().lower()
        if key == "disable" and eq:
            reason = tail.strip()
            rules = [r.strip() for r in value.split(",")]
            if not any(rules):
                directive.waivers.append(("", reason))
            directive.waivers.extend((r, reason) for r in rules if r)
            break
        if key in attrs_allowed and eq and value:
            directive.attrs[key] = value
        elif eq and key in ("kind", "expires"):
            directive.problems.append(f"这里不能用 {key}=：请写在字段 {key} 里")
        else:
            allowed = ["disable=规则id 理由"] + [f"{a}=…" for a in attrs_allowed]
            directive.problems.append(f"看不懂 kefu 指令 {word!r}；允许：{'，'.join(allowed)}")
            break
        rest = tail.strip()
    return directive


def in_yaml_line(text: str, line: int) -> Directive | None:
    match = YAML_COMMENT.search(text)
    if not match:
        return None
    column = text.index("#", match.start()) + 1
    return parse(match.group(1), line, column)


def in_cell(text: str, line: int, column: int) -> list[Directive]:
    """A 备注 cell may hold several directives: one per line, or `；kefu: …` one after another."""
    out = []
    for part in re.split(r"\n|[;；]\s*(?=kefu\s*[:：])", text):
        match = CELL.search(part)
        if match:
            out.append(parse(match.group(1), line, column))
    return out
