"""Word segmentation over the rule base's own dictionary (policies/dictionary.txt).

The dictionary is in jieba's format (``word frequency`` a line) and the cut is jieba's
dictionary cut without HMM: build the DAG of dictionary words over the text, take the
route of highest total log-frequency, leave unknown characters as single tokens. It is
implemented here because importing jieba costs 0.3–1.4 s (pkg_resources and its HMM
tables) and `kefu check` on a small file must start in under 0.5 s; the dictionary stays
jieba-compatible, so jieba can cut with it unchanged.

The dictionary is small on purpose: the words rules look for and the longer words that
contain them (不能不, 可能性, 可不可以, 没用过 …), so that a phrase matches whole words only.
It is read on first use and cached per file.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def load_dictionary(path: str) -> tuple[dict[str, float], int]:
    """{word: log probability} and the longest word length."""
    freq: dict[str, int] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            freq[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    total = sum(freq.values()) or 1
    return {w: math.log(f / total) for w, f in freq.items()}, max(map(len, freq), default=1)


def cut(text: str, dictionary: str) -> list[str]:
    """jieba's max-probability dictionary cut (no HMM) of ``text``."""
    logp, longest = load_dictionary(dictionary)
    unknown = math.log(1 / (len(logp) * 1000 + 1))
    n = len(text)
    best = [(0.0, 0)] * (n + 1)            # best[i]: (score of text[i:], end of the first word)
    for i in range(n - 1, -1, -1):
        choice = (unknown + best[i + 1][0], i + 1)
        for j in range(i + 2, min(n, i + longest) + 1):
            p = logp.get(text[i:j])
            if p is not None and p + best[j][0] > choice[0]:
                choice = (p + best[j][0], j)
        best[i] = choice
    words, i = [], 0
    while i < n:
        j = best[i][1]
        words.append(text[i:j])
        i = j
    return words


def boundaries(text: str, dictionary: str | Path | None) -> set[int]:
    """Offsets in ``text`` where a word starts or ends."""
    if dictionary is None or not Path(dictionary).is_file():
        return set(range(len(text) + 1))
    out, pos = {0}, 0
    for word in cut(text, str(dictionary)):
        pos += len(word)
        out.add(pos)
    return out
