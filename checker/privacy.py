"""Masking of customer data in every report (004 第二条 5: 严格保密客户信息).

Masks keep the length of the text, so spans computed on the original stay valid.
"""
from __future__ import annotations

import re

# Mainland mobile numbers (optionally +86 / 86-), and landlines like 010-12345678.
_PHONE = re.compile(r"(?<!\d)(?:(?:\+?86)[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)")


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _star_middle(match: re.Match) -> str:
    whole = match.group(0)
    keep_head, keep_tail = 3, 4
    digits = [i for i, ch in enumerate(whole) if ch.isdigit()]
    hide = set(digits[keep_head:len(digits) - keep_tail])
    return "".join("*" if i in hide else ch for i, ch in enumerate(whole))


def mask_text(text: str, customer: str | None = None) -> str:
    """Mask phone numbers and the customer's own name in a message, keeping the length."""
    text = _PHONE.sub(_star_middle, text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "-" + "*" * len(m.group(2)), text)
    if customer and len(customer) >= 2 and customer in text:
        text = text.replace(customer, mask_name(customer))
    return text
