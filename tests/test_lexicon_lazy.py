"""The lexicon's word-class regexes are compiled on first use (start-up speed); they must
behave exactly like the compiled patterns."""
import pickle

import regex

from checker.text import lexicon


def test_lazy_pattern_matches_like_the_compiled_one():
    lazy = lexicon._Lazy(r"(?:不行|不能)(?=了)?")
    compiled = regex.compile(r"(?:不行|不能)(?=了)?")
    text = "这个真的不行，也不能退"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.search(text).group() == "不行"
    assert lazy.pattern == compiled.pattern


def test_lazy_pattern_keeps_flags_and_pickles():
    lazy = lexicon._Lazy(r"ok", regex.IGNORECASE)
    assert lazy.fullmatch("OK")
    again = pickle.loads(pickle.dumps(lazy))
    assert again.fullmatch("Ok") and not again.fullmatch("no")


def test_every_lexicon_pattern_compiles():
    lazies = [v for v in vars(lexicon).values() if isinstance(v, lexicon._Lazy)]
    assert len(lazies) >= 20
    for lazy in lazies:
        assert lazy.pattern
