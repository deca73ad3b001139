"""The Traditional -> Simplified table is precomputed in checker/t2s_data.py (start-up speed);
it must stay exactly what OpenCC gives."""
from checker.normalize import _data_module, _t2s_table, build_t2s_pairs, normalise
from pathlib import Path


def test_precomputed_pairs_match_opencc():
    pairs = build_t2s_pairs()
    assert _t2s_table() == {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def test_data_module_is_the_generated_one():
    data = Path(__file__).resolve().parent.parent / "checker" / "t2s_data.py"
    assert data.read_text(encoding="utf-8") == _data_module()


def test_normalise_uses_the_table():
    assert normalise("這個訂單已經發貨") == "这个订单已经发货"


def test_the_ideographic_full_stop_is_a_sentence_end_like_the_ascii_one():
    """好的。 and 好的. read alike, so a rule's end boundary ([\\s,.!?~]|$) sees a sentence that ends in 。;
    the length stays the same, so spans found on the copy still hold in the original."""
    from checker.normalize import normalise
    assert normalise("可以的。明天见。") == "可以的.明天见."
    assert len(normalise("好的。")) == len("好的。")


def test_a_pattern_with_the_ideographic_full_stop_is_refused_with_the_fix():
    from checker.patterns import regex_problem
    problem = regex_problem("[^,.!?。]{0,8}吗", case_sensitive=False)
    assert problem and "。→." in problem
