"""Surface forms a reviewer reads straight through: the address words an agent opens or closes with
(亲爱的，是的 / 是的哦 亲爱哒), a trailing blanked emoticon, 你 for 您, the cute spelling 滴 of 的, and
the agent's own nickname. Found by eval/perturb.py, which rewrites labelled real messages this way."""
import pytest

from checker.engine import check_text
from checker.normalize import from_address, from_words, normalise, plain_particle
from checker.text.pronoun import any_pronoun


@pytest.mark.parametrize("text, body", [
    ("亲爱的，是的", "是的"),
    ("亲 是的", "是的"),
    ("您好 可以的亲亲", "可以的"),
    ("亲亲,您好,可以的", "可以的"),
    ("  亲爱的这边还不能价保的", "这边还不能价保的"),
    ("是的哦 亲爱哒", "是的哦"),
    ("这边看当地快递的亲", "这边看当地快递的"),
    ("不清楚亲", "不清楚"),
    ("这个单子退不了亲！！", "这个单子退不了 !!"),      # blanked: the shouting after it stays
])
def test_address_words_are_read_through(text, body):
    folded = normalise(text)
    words, lead = from_address(folded)
    assert words == body
    # spans found on the words map back into the text: the same characters at the same places, or a blank
    assert all(w == f or w == " " for w, f in zip(words, folded[lead:lead + len(words)]))


@pytest.mark.parametrize("text", ["亲自给您送过去", "亲肤面料的哦", "您好像没有提交订单", "亲", "您好", "父亲", "和相亲",
                                  "是我父亲", "都是乡亲"])
def test_words_that_only_look_like_an_address_stay(text):
    folded = normalise(text)
    words, lead = from_address(folded)
    assert lead == 0 and words == folded


def test_trailing_blanks_end_the_words():
    assert from_words("可以的    ") == ("可以的", 0)
    assert from_words("  可以的  ") == ("可以的", 2)


@pytest.mark.parametrize("text, plain", [("是滴", "是的"), ("可以滴哦", "可以的哦"), ("好滴 亲", "好的 亲"),
                                         ("一滴都不漏", "一滴都不漏"), ("滴滴打车", "滴滴打车"), ("水滴", "水滴")])
def test_the_cute_spelling_of_de(text, plain):
    assert plain_particle(text) == plain and len(plain) == len(text)


@pytest.mark.parametrize("pattern, widened", [("帮您查", "帮[您你]查"), ("(?<![我您])x", "(?<![我您你])x"),
                                              (r"\[您\]", r"\[[您你]\]"), ("[^您]", "[^您你]"), ("您?好", "[您你]?好"),
                                              ("没有你", "没有你")])
def test_a_rule_written_with_nin_reads_ni_too(pattern, widened):
    assert any_pronoun(pattern) == widened


@pytest.mark.parametrize("customer, agent, rule", [
    ("意思说今天能到我的手里对吧", "亲爱的，是的", "promise-yes-to-a-date"),
    ("意思说今天能到我的手里对吧", "您好 是的", "promise-yes-to-a-date"),
    ("意思说今天能到我的手里对吧", "是滴", "promise-yes-to-a-date"),
    ("明天能到吗", "是的哦 亲爱哒", "promise-yes-to-a-date"),
    ("明天能到吗", "不清楚亲", "harsh-dont-know"),
    ("能便宜吗", "不议价亲", "harsh-bare-no"),
    ("好评有返现吗", "可以的 好评后找小美领5块", "price-private-terms"),     # the agent's nickname, 找小美领
    ("这个怎么装", "这个小美不会弄哦", "harsh-dont-know"),
    ("这个能送到家吗", "不会给你配送的呢", "promise-outcome"),
])
def test_surface_forms_do_not_hide_a_violation(engine, customer, agent, rule):
    found = {f.rule for f in check_text(engine, agent, customer)}
    assert rule in found, found


def test_an_agent_nickname_acting_is_the_agent(engine):
    # 小美和站点说一下: the agent speaks to the station herself, as 小妹和站点说一下 does
    as_xiaomei = {f.norm for f in check_text(engine, "好的，小妹和站点说一下", "能让快递下午送吗")}
    as_name = {f.norm for f in check_text(engine, "好的，小美和站点说一下", "能让快递下午送吗")}
    assert as_name == as_xiaomei
