"""The fields of one template, validated the same way for every source: a YAML entry,
a CSV row, a Markdown item's directives, and a rule's example.

Values arrive as plain Python (str, date, list, dict); problems come back as
(field, problem) pairs with the problem in Chinese for users.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from .model import TEMPLATE_KINDS

FIELDS = ("code", "group", "text", "kind", "expires", "waive")
KIND_ALIASES = {"welcome": "welcome", "欢迎语": "welcome", "欢迎": "welcome", "自动欢迎语": "welcome",
                "campaign": "campaign", "活动": "campaign", "活动话术": "campaign", "促销": "campaign"}
_DATE = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")

Problem = tuple[str, str]


def parse_date(value) -> date | None:
    """A date from a YAML date, a datetime, or text such as 2026-11-12 / 2026/11/12 /
    2026年11月12日 (a time after the date is ignored); None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().split("T")[0].split(" ")[0]
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_kind(value) -> tuple[str | None, str | None]:
    """(kind, problem)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    kind = KIND_ALIASES.get(str(value).strip().lower())
    if kind is None:
        allowed = "、".join(f"{k}（{v}）" for k, v in TEMPLATE_KINDS.items())
        return None, f"未知的类型 {value!r}；允许：{allowed}，普通快捷短语不写"
    return kind, None


def parse_expires(value) -> tuple[date | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    parsed = parse_date(value)
    if parsed is None:
        return None, f"有效期 {value!r} 不是日期：请写成 YYYY-MM-DD，如 2026-11-12"
    return parsed, None


def parse_waive(value) -> tuple[list[tuple[str, str]], list[str]]:
    """`waive: {rule, reason}` or a list of them -> [(rule, reason)], problems. A missing
    reason is not a problem here: the engine reports it as an invalid waiver."""
    items = value if isinstance(value, list) else [value]
    out, problems = [], []
    for i, item in enumerate(items):
        where = f"waive[{i}]" if isinstance(value, list) else "waive"
        if not isinstance(item, dict) or "rule" not in item or set(item) - {"rule", "reason"}:
            problems.append(f"{where} 应为 {{rule: 规则id, reason: 理由}}（或它们的列表）")
            continue
        rule = item.get("rule")
        reason = item.get("reason")
        out.append((str(rule).strip() if rule is not None else "",
                    str(reason).strip() if reason is not None else ""))
    return out, problems


def text_value(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def check_fields(raw: dict) -> tuple[dict, list[Problem]]:
    """Validate a template's fields: (normalised fields, problems)."""
    problems: list[Problem] = []
    out: dict = {"code": None, "group": None, "text": "", "kind": None, "expires": None, "waive": []}
    for key in raw:
        if key not in FIELDS:
            problems.append((str(key), f"未知字段 {key!r}；允许的字段：{', '.join(FIELDS)}"))
    for key in ("code", "group"):
        value = raw.get(key)
        if isinstance(value, (dict, list)):
            problems.append((key, f"{key} 应为文字"))
        elif value is not None and str(value).strip():
            out[key] = str(value).strip()
    text = raw.get("text")
    if isinstance(text, (dict, list)):
        problems.append(("text", "text 应为文字（快捷短语的内容）"))
    else:
        out["text"] = text_value(text)
    out["kind"], problem = parse_kind(raw.get("kind"))
    if problem:
        problems.append(("kind", problem))
    out["expires"], problem = parse_expires(raw.get("expires"))
    if problem:
        problems.append(("expires", problem))
    if raw.get("waive") is not None:
        out["waive"], waive_problems = parse_waive(raw["waive"])
        problems.extend(("waive", p) for p in waive_problems)
    return out, problems
