"""Markdown template files: one template per list item, grouped by the heading above it.

    # 欢迎语
    - `hy` 亲，您好，欢迎光临小店！有什么可以帮您？ <!-- kefu: kind=welcome -->

    # 活动
    <!-- kefu: expires=2026-11-12 -->
    - `sy11` 双11全场满300减30，11月12日0点结束哦

A leading inline code span is the 快捷编码. `<!-- kefu: … -->` comments inside an item, or
on the lines just before it, give its kind, expiry and waivers. Parsed with markdown-it-py;
positions come from the tokens' source maps (``token.map``).
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from .. import directives
from ..entries import check_fields
from ..model import InputError, Template, Waiver
from ..positions import Anchor, SourceText

_md = None
_SEPARATOR = re.compile(r"^[\s:：\-—–|｜]+")


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        _md = MarkdownIt("commonmark")
    return _md


@dataclass
class _Item:
    begin: int                        # 0-based first line (token.map)
    end: int                          # 0-based line after the item
    level: int
    group: str | None
    inlines: list = field(default_factory=list)
    directives: list = field(default_factory=list)


def load(source: SourceText, file: str) -> tuple[list[Template], list[InputError]]:
    tokens = _parser().parse(source.text)
    items: list[_Item] = []
    stack: list[_Item] = []
    group = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and not stack and i + 1 < len(tokens):
            group = tokens[i + 1].content.strip() or None
        elif token.type == "list_item_open":
            item = _Item(token.map[0], token.map[1], token.level, group)
            stack.append(item)
            items.append(item)
        elif token.type == "list_item_close":
            stack.pop()
        elif token.type == "inline" and stack and token.level == stack[-1].level + 2:
            stack[-1].inlines.append(token)
    errors: list[InputError] = []
    _attach_comments(source, file, items, _comments(tokens, source), errors)
    templates = []
    for item in items:
        template = _template(source, file, len(templates), item, errors)
        if template is not None:
            templates.append(template)
    return templates, errors


def _text(item: _Item) -> tuple[str, str | None]:
    """The item's text (its own paragraphs, markup and comments left out) and its code."""
    code = None
    paragraphs = []
    for n, inline in enumerate(item.inlines):
        parts = []
        children = list(inline.children or [])
        if n == 0 and children and children[0].type == "code_inline":
            code = children.pop(0).content.strip() or None
        for child in children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type == "html_inline" and not child.content.startswith("<!--"):
                parts.append(child.content)
        paragraphs.append("".join(parts).strip())
    text = "\n".join(p for p in paragraphs if p)
    if code is not None:
        text = _SEPARATOR.sub("", text)
    return text, code


def _template(source: SourceText, file: str, index: int, item: _Item,
              errors: list[InputError]) -> Template | None:
    line = item.begin + 1
    marker = source.line_text(line)
    column = len(marker) - len(marker.lstrip()) + 1
    text, code = _text(item)
    raw = {"text": text, "code": code, "group": item.group}
    attrs_at: dict[str, tuple[int, int]] = {}
    for directive in item.directives:
        for key, value in directive.attrs.items():
            raw[key] = value
            attrs_at[key] = (directive.line, directive.column)
    fields, problems = check_fields(raw)
    for fld, problem in problems:
        errors.append(InputError(file, *attrs_at.get(fld, (line, column)), problem))
    if problems:
        return None
    template = Template(file=file, index=index, text=fields["text"], line=line, column=column,
                        code=fields["code"], group=fields["group"], kind=fields["kind"],
                        expires=fields["expires"], fields=dict(attrs_at))
    if item.inlines:
        first, last = item.inlines[0], item.inlines[-1]
        start = source.offset(first.map[0] + 1, 1)
        end = source.starts[last.map[1]] if last.map[1] < source.lines else len(source.text)
        if code is not None:
            tick = source.text.find("`", start, end)
            close = source.text.find(code, tick, end) if tick >= 0 else -1
            close = source.text.find("`", close + len(code), end) if close >= 0 else -1
            if close >= 0:
                template.fields["code"] = source.position(tick)
                start = close + 1
        template.anchor = Anchor(source, start, end)
        template.fields["text"] = template.locate(0) if text else source.position(start)
    for directive in item.directives:
        template.waivers.extend(Waiver(rule, reason, directive.line, directive.column)
                                for rule, reason in directive.waivers)
    return template


def _comments(tokens, source: SourceText) -> list[tuple[int, int, str]]:
    """(start, end, body) of each `<!-- kefu: … -->` that Markdown reads as HTML (an HTML
    block or inline HTML), so one shown in a code span or code block is not a directive."""
    found = []
    pattern = directives.HTML_COMMENT
    for token in tokens:
        if token.map is None or "kefu" not in token.content:
            continue
        start = source.starts[token.map[0]]
        end = source.starts[token.map[1]] if token.map[1] < source.lines else len(source.text)
        if token.type == "html_block":
            found += [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(source.text, start, end)]
        elif token.type == "inline":
            cursor = start
            for child in token.children or []:
                if child.type == "html_inline" and pattern.fullmatch(child.content.strip()):
                    at = source.text.find(child.content, cursor, end)
                    if at >= 0:
                        cursor = at + len(child.content)
                        found.append((at, cursor, pattern.fullmatch(child.content.strip()).group(1)))
    return sorted(found)


def _attach_comments(source: SourceText, file: str, items: list[_Item], comments, errors: list[InputError]) -> None:
    """A `<!-- kefu: … -->` on an item's lines belongs to the innermost such item; one on
    its own lines belongs to the item that follows (only blank lines or comments between)."""
    begins = [it.begin for it in items]
    reach = list(itertools.accumulate((it.end for it in items), max))   # furthest end so far
    for start, end, body in comments:
        line, column = source.position(start)
        directive = directives.parse(body, line, column, attrs_allowed=("kind", "expires"))
        for problem in directive.problems:
            errors.append(InputError(file, line, column, problem))
        owner = _innermost(items, begins, reach, line - 1)
        if owner is not None:
            owner.directives.append(directive)
            continue
        end_row = source.position(end)[0] - 1
        k = bisect_right(begins, end_row)
        following = items[k] if k < len(items) else None
        if following and _only_comments_between(source, end_row + 1, following.begin):
            following.directives.append(directive)
        else:
            errors.append(InputError(file, line, column, "这条 kefu 注释后面没有紧跟快捷短语：请写在该条列表项里，或紧挨在它的上一行"))


def _innermost(items: list[_Item], begins: list[int], reach: list[int], row: int) -> _Item | None:
    """The innermost item whose lines hold ``row`` (items are in document order, so the
    last one begun before ``row`` that still runs past it)."""
    k = bisect_right(begins, row) - 1
    while k >= 0 and reach[k] > row:
        if items[k].end > row:
            return items[k]
        k -= 1
    return None


def _only_comments_between(source: SourceText, first_row: int, stop_row: int) -> bool:
    between = "\n".join(source.line_text(r + 1) for r in range(first_row, stop_row))
    between = directives.HTML_COMMENT.sub("", between)
    return not re.sub(r"<!--.*?-->", "", between, flags=re.S).strip()
