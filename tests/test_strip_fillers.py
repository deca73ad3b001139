"""strip_fillers reads the leading fillers with one regex, as the loop it replaced did:
at each place the first (longest) filler word that is there, never stepping back."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.text.clauses import is_head, strip_fillers
from checker.text.lexicon import FILLERS


def _loop(prefix: str) -> str:
    i, n = 0, len(prefix)
    while i < n:
        for word in FILLERS:
            if prefix.startswith(word, i):
                i += len(word)
                break
        else:
            break
    return prefix[i:]


PIECES = st.sampled_from(list(FILLERS) + ["不", "行", "可以", "亲爱", "这个月", "我们的", "x", " ", "好"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_the_regex_strips_what_the_loop_stripped(prefix):
    assert strip_fillers(prefix) == _loop(prefix)


def test_longest_filler_first():
    assert strip_fillers("亲爱的这个不行") == "不行"
    assert strip_fillers("我们的") == ""          # 我们 then 的
    assert strip_fillers("") == "" and strip_fillers("不行") == "不行"
    assert is_head("亲这个不行", (0, 5), 3) and not is_head("亲不是这个", (0, 5), 4)
