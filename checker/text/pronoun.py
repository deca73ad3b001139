"""您 and 你 read alike by every rule-base regex (applied when a pattern is compiled)."""
from __future__ import annotations


def any_pronoun(pattern: str) -> str:
    """``pattern`` with every 您 also matching 你: no norm turns on which of the two an agent
    writes (帮你查一下 is 帮您查一下, 会在8号为你送达 is 会在8号为您送达), so a rule written with 您
    reads both. Inside a character class 您 becomes 您你, elsewhere [您你]; escapes are kept."""
    if "您" not in pattern:
        return pattern
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            i += 1
            for lead in ("^", "]"):                 # a leading ^ or ] belongs to the class
                if pattern.startswith(lead, i):
                    out.append(lead)
                    i += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(("您你" if in_class else "[您你]") if char == "您" else char)
        i += 1
    return "".join(out)
