"""Numbered backreferences in a pattern joined into one alternation with others
(Matcher.combined, checker/kinds/conversation_base.py)."""
from __future__ import annotations

import re

_BACKREFERENCE = re.compile(r"\\(\\|[1-9][0-9]?)")


def shift_backreferences(pattern: str, offset: int) -> str:
    """`pattern` as the alternative of a combined regex whose earlier alternatives hold `offset`
    groups: each numbered backreference \\N still points at this pattern's own group N. The
    groups become named groups and the references name them, because `re` reads a shifted
    reference past 99 (\\167) as an octal escape, not as a group."""
    if not offset or not any(m.group(1) != "\\" for m in _BACKREFERENCE.finditer(pattern)):
        return pattern
    out, names, k, i, in_class = [], {}, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            ref = re.match(r"[1-9][0-9]?", pattern[i + 1:]) if not in_class else None
            if ref:
                out.append(f"(?P={names.get(int(ref.group(0)), f'_g{offset + int(ref.group(0))}')})")
                i += 1 + len(ref.group(0))
            else:
                out.append(pattern[i:i + 2])
                i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":             # a ']' first in a class is literal
                out.append("]")
                i += 1
            continue
        elif ch == "(" and not pattern.startswith("(?", i):
            k += 1
            names[k] = f"_g{offset + k}"
            out.append(f"(?P<{names[k]}>")
            i += 1
            continue
        elif pattern.startswith("(?P<", i):
            k += 1
            names[k] = pattern[i + 4:pattern.index(">", i)]
        out.append(ch)
        i += 1
    return "".join(out)
