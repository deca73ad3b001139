"""Masking of customer data in every report (004 第二条 5: 严格保密客户信息).

Masks keep the length of the text, so spans computed on the original stay valid.

What counts as customer data, however it is written (full-width digits too):
- a mainland mobile number: 1[3-9] and nine more digits, grouped 3-4-4 by a separator
  (space, `-`, `.`) or not, optionally after +86 / 0086 / 86 and brackets, and
  never part of a longer run of digits (a 12–19 digit order number is not a phone);
- a landline: area code 0 + 2–3 digits (in brackets or followed by a separator; 010 and
  02x also run on) and a 7–8 digit number, or +86 and the area code without its 0;
- a mainland ID-card number: 17 digits and a check digit (or X) whose birth date and
  ISO 7064 checksum are valid;
- an e-mail address: everything before the @ but its first character is hidden.
"""
from __future__ import annotations

import re
import unicodedata

_D = "[0-9\uff10-\uff19]"                 # a digit, half or full width
_S = "[ \u3000.\\-\uff0e\uff0d\u00b7]"     # one separator between digits
_NOT_BEFORE = f"(?<!{_D})"
_NOT_AFTER = f"(?!{_D})"
_PREFIX = f"(?:(?:[+\uff0b]|00|\uff10\uff10)?[8\uff18][6\uff16]{_S}?|[(\uff08][+\uff0b]?[8\uff18][6\uff16][)\uff09]{_S}?)?"
_MOBILE = re.compile(
    f"{_NOT_BEFORE}{_PREFIX}(?P<num>[1\uff11][3-9\uff13-\uff19]{_D}{_S}?{_D}{{4}}{_S}?{_D}{{4}}){_NOT_AFTER}")
_LANDLINE = re.compile(
    f"{_NOT_BEFORE}(?:"
    f"(?P<a1>[(\uff08][0\uff10]{_D}{{2,3}}[)\uff09]{_S}?|[0\uff10]{_D}{{2,3}}{_S}|[0\uff10][12\uff11\uff12]{_D})"
    f"|(?P<a2>(?:[+\uff0b]|00)[8\uff18][6\uff16]{_S}?[1-9\uff11-\uff19]{_D}{{1,2}}{_S}))"
    f"(?P<num>{_D}{{3,4}}{_S}?{_D}{{4}}){_NOT_AFTER}")
_ID_CARD = re.compile(f"{_NOT_BEFORE}(?P<num>{_D}{{17}}[0-9\uff10-\uff19Xx\uff38\uff58]){_NOT_AFTER}")
_EMAIL = re.compile(r"(?P<num>[A-Za-z0-9._%+\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)[@\uff20]"
                    r"[A-Za-z0-9\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+(?:[.\uff0e][A-Za-z0-9\-]+)+")
# Every phone number and ID-card number holds a digit (_D), every e-mail address an @.
_DIGIT_OR_AT = re.compile("[0-9\uff10-\uff19@\uff20]").search
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _star_digits(text: str, keep_head: int, keep_tail: int) -> str:
    """Stars for the digits of `text` but the first keep_head and last keep_tail."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit() or ch in "Xx\uff38\uff58"]
    hide = set(digits[keep_head:len(digits) - keep_tail])
    return "".join("*" if i in hide else ch for i, ch in enumerate(text))


def _masked_group(match: re.Match, keep_head: int, keep_tail: int) -> str:
    whole, start = match.group(0), match.start("num") - match.start()
    end = start + len(match.group("num"))
    return whole[:start] + _star_digits(whole[start:end], keep_head, keep_tail) + whole[end:]


def _valid_id(number: str) -> bool:
    plain = unicodedata.normalize("NFKC", number).upper()
    year, month, day = int(plain[6:10]), int(plain[10:12]), int(plain[12:14])
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(plain[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == plain[17]


def _mask_id(match: re.Match) -> str:
    return _masked_group(match, 2, 2) if _valid_id(match.group("num")) else match.group(0)


def _mask_email(match: re.Match) -> str:
    local = match.group("num")
    return local[0] + "*" * (len(local) - 1) + match.group(0)[len(local):]


def mask_text(text: str, customer: str | None = None) -> str:
    """Mask phone numbers, ID-card numbers, e-mail addresses and the customer's own name
    in a text, keeping its length."""
    if not text:
        return text
    if _DIGIT_OR_AT(text) is not None:      # none of the four can match without one
        text = _ID_CARD.sub(_mask_id, text)
        text = _MOBILE.sub(lambda m: _masked_group(m, 3, 4), text)
        text = _LANDLINE.sub(lambda m: _masked_group(m, 0, 0), text)
        text = _EMAIL.sub(_mask_email, text)
    if customer and len(customer) >= 2 and customer in text:
        text = text.replace(customer, mask_name(customer))
    return text


def mask_id(transcript_id: str | None) -> str | None:
    """A transcript id as shown in a report: any phone, ID-card number or e-mail in it masked."""
    return mask_text(transcript_id) if transcript_id else transcript_id
