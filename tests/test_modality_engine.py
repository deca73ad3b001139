"""The readings' patterns (checker/text/modality.py) are compiled by `re` now; they were
compiled by the `regex` module, whose \\s lacks the separators \\x1c-\\x1f that `re`'s has,
and which allows a look-behind of several lengths.
On texts made of every character the patterns care about, each finds exactly what the
`regex` pattern it replaces found, anywhere in a text and within pos/endpos."""
from __future__ import annotations

import random

import pytest
import regex

from checker.text import modality

# The patterns as they were (compiled by `regex`): the two with \s spelled as they were written.
ORIGINAL = {
    "WORRY": None,       # its look-behind of several lengths, (?<!开完|散完|参加完), as it was written
    "POLAR_END": r"(?:吗|么|吧|嘛|没有?|不)[\s~?!.。？！]*$",
    "EXCLAIM": r"(?:也太|太|真是|实在|未免|这么|那么)[^,.!?;~，。！？；]{0,6}了(?:吧|啊|呀)[\s~?!.。？！]*$",
    "CLAUSE_TAIL": r"[\s啊呀呢哈啦嘛~?!.。？！]*",
}
NAMES = ("WORRY", "WISH", "ASKS_WHETHER", "POLAR_END", "REPROACH", "EXCLAIM", "WONDER", "STATUS_ASKED", "CLAUSE_TAIL")


def _alphabet() -> list[str]:
    chars = set()
    for name in NAMES:
        chars.update(c for c in getattr(modality, name).pattern if ord(c) > 0x2000)
    chars.update(",.!?;~，。！？；\n\t \x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2005\u2028\u202f\u3000x了吗会")
    return sorted(chars)


@pytest.mark.parametrize("name", NAMES)
def test_a_reading_pattern_finds_what_the_regex_pattern_found(name):
    ours = getattr(modality, name)
    original = ORIGINAL.get(name, ours.pattern)
    if name == "WORRY":
        assert "(?<!开完)(?<!散完)(?<!参加完)" in ours.pattern
        original = ours.pattern.replace("(?<!开完)(?<!散完)(?<!参加完)", "(?<!开完|散完|参加完)")
    theirs = regex.compile(original)
    alphabet = _alphabet()
    rng = random.Random(name)
    words = [w for w in regex.findall(r"[一-龥]+", ours.pattern)]
    for _ in range(4000):
        parts = [rng.choice(words) if words and rng.random() < 0.4 else rng.choice(alphabet)
                 for _ in range(rng.randint(0, 14))]
        text = "".join(parts)
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        for args in ((text,), (text, pos, end)):
            a, b = ours.search(*args), theirs.search(*args)
            assert (a and a.span()) == (b and b.span()), (name, args)
