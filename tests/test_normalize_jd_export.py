"""What JD's 咚咚 export adds to the words: emoticon codes (#E-s[数字x], #E-s21, #E-j[数字x]) and leading blanks."""
from checker.conversation import is_closing
from checker.normalize import normalise


def test_emoticon_codes_are_blanked_length_for_length():
    text = "可以的#E-s[数字x]"
    assert normalise(text) == "可以的" + " " * len("#E-s[数字x]")
    assert normalise("好的#E-s57#E-s57哦") == "好的" + " " * 12 + "哦"
    assert normalise("#E-s21为提升服务质量") == " " * 6 + "为提升服务质量"
    # a hash that is no emoticon stays
    assert normalise("型号#E-8") == "型号#e-8"


def test_a_closing_word_with_an_emoticon_is_a_closing():
    assert is_closing("好吧#E-s[数字x]")


def test_an_end_anchored_rule_sees_through_a_trailing_emoticon(engine):
    from checker.engine import check_text
    rules = {f.rule for f in check_text(engine, "可以的#E-s[数字x]", "明天能到吗")}
    assert "promise-yes-to-a-date" in rules


def test_leading_blanks_do_not_hide_a_message_from_rules_anchored_at_its_start(engine):
    # JDDC lines often start with blanks ("    可以的"); ^ means the start of the words, spans stay in the original
    from checker.engine import check_text
    found = [f for f in check_text(engine, "     可以的", "明天能到吗") if f.rule == "promise-yes-to-a-date"]
    assert found and found[0].span[0] >= 5
    assert "harsh-yes-to-a-grumble" in {f.rule for f in check_text(engine, "     对的", "够麻烦的 还得等这么久")}


def test_leading_blanks_do_not_hide_a_customer_message_from_an_act_anchored_at_its_start():
    import re
    from checker.kinds.conversation_base import Matcher
    matcher = Matcher(patterns=(re.compile(r"^(?:那)?(?:结果|进度)呢"),))
    assert matcher.find("结果呢") == (0, 3)
    assert matcher.find("    结果呢") == (4, 7)
