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
