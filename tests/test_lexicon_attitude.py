"""The shared grammars %you% and %money% used by the attitude and money rules."""
import re

from checker.text.lexicon import expand_macros


def test_you_and_money_expand_and_match():
    pattern = re.compile(expand_macros("(?:给|帮)%you%(?:补偿|赔)%money%"))
    for text in ("给您补偿10元", "帮亲亲赔两块钱", "给你补偿[数字x]元", "给客官赔5块"):
        assert pattern.search(text), text
    for text in ("给您补偿一下", "给他补偿10元", "给您补偿10件"):
        assert not pattern.search(text), text


def test_unknown_names_stay_as_written():
    assert expand_macros("%nosuch%") == "%nosuch%"
    assert "%you%" not in expand_macros("%you%") and "%money%" not in expand_macros("%money%")


def test_slang_refusal_and_dont_know_classes():
    """母鸡 / 不造 / 不值到 read as 不知道, 布星 / 不阔以 as 不行 (the %dunno% and %nope% classes),
    and they count as refusals, never as an explanation of another one."""
    from checker.text.lexicon import NOT_AN_EXPLANATION, REFUSAL_WORD
    dunno, nope = re.compile(expand_macros("%dunno%")), re.compile(expand_macros("%nope%"))
    for text in ("母鸡", "不造", "布吉岛", "不值到", "不知到"):
        assert dunno.fullmatch(text) and REFUSAL_WORD.fullmatch(text) and NOT_AN_EXPLANATION.search(text), text
    for text in ("布星", "不阔以", "8行"):
        assert nope.fullmatch(text) and REFUSAL_WORD.fullmatch(text), text
    for text in ("不知道", "不行", "造成", "不止到"):
        assert not dunno.fullmatch(text) and not nope.fullmatch(text), text
