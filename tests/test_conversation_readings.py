"""Readings of a hit in the customer's words (checker/text/modality.py): a matcher of a
conversation rule may require that a hit is not negated, not conditional, and reported as
real rather than worried about, wished for or asked about."""
from __future__ import annotations

import re

import pytest

from checker.kinds.conversation_base import build_matcher
from checker.normalize import normalise
from checker.text.modality import hit_holds

DEFECT = {"patterns": ["坏了|坏的|破了|裂开|起球|色差|质量问题|漏水"]}


def matcher(**readings):
    return build_matcher({**DEFECT, **readings}, re.compile, lambda p, _: p)


@pytest.mark.parametrize("text, found", [
    ("收到的杯子漏水", True), ("怎么又漏水了？", True), ("用了一天就坏了吗，怎么回事", True),
    ("这个不会漏水吧", False), ("用久了会不会起球", False), ("担心路上摔坏了", False),
    ("最好帮我挑个裂开的", False), ("有没有色差", False), ("有色差吗", False),
    ("色差大了嘛", True), ("漏水漏了嘛", True), ("色差大了没", False),    # 了 a word after the hit: it happened
])
def test_reported_tells_a_real_defect_from_a_worry_a_wish_or_a_question(text, found):
    assert (matcher(reported=True).find(normalise(text)) is not None) is found
    assert matcher().find(normalise(text)) is not None          # without the reading every one hits


@pytest.mark.parametrize("text, found", [
    ("我的发票开了没有", False), ("说明书寄了没", False), ("赠品发了没有啊", False),
    ("说明书也没有", True), ("配件都没有，怎么回事", True), ("赠品翻遍了也没有", True)])
def test_a_hit_that_ends_in_le_meiyou_is_a_status_question(text, found):
    """X了没有 (发票开了没有) asks whether a step was done: the hit's own tail is the question."""
    missing = build_matcher({"patterns": ["(说明书|发票|配件|赠品)[^,.!?]{0,3}(都|也)?没有?(?![\u4e00-\u9fff])"],
                             "reported": True}, re.compile, lambda p, _: p)
    assert (missing.find(normalise(text)) is not None) is found


@pytest.mark.parametrize("text, found", [
    ("不是质量问题，就是不想要了", False), ("东西没有坏", False), ("是质量问题", True),
    # a bare 不 right before the defect word negates it (怎么洗不起球 asks how to keep it from pilling; blind round 130)
    ("保暖内衣怎么洗不起球", False), ("这款不漏水吧", False), ("洗了一次就起球", True),
    # ... but not the rhetorical 这不…嘛 (isn't this …) nor A-not-A (漏不漏水)
    ("这不质量问题嘛", True), ("到底漏不漏水", True)])
def test_not_negated(text, found):
    assert (matcher(not_negated=True).find(normalise(text)) is not None) is found


@pytest.mark.parametrize("text, found", [
    ("如果收到是坏的怎么办", False), ("坏了的话能换吗", False), ("万一漏水呢", False), ("收到就坏了", True),
    ("漏水两个小时", True), ("坏了好几个小时", True), ("漏水，按时送来的", True)])
def test_not_conditional(text, found):
    assert (matcher(not_conditional=True).find(normalise(text)) is not None) is found


def test_no_reading_means_every_hit_holds():
    assert hit_holds("会不会坏", 3, 4, ())


def test_a_reading_must_be_a_boolean(tmp_path):
    import shutil

    from checker.policy import PolicyError, load_policy
    from conftest import ROOT
    shutil.copytree(ROOT / "policies", tmp_path / "p")
    rules = tmp_path / "p" / "rules" / "conversation.yaml"
    text = rules.read_text(encoding="utf-8")
    old = "        - not_negated: true       # 没有坏 / 不是质量问题"
    assert old in text
    rules.write_text(text.replace(old, "        - not_negated: 是       # 没有坏 / 不是质量问题", 1), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "p")
    assert any("not_negated" in str(p) and "true 或 false" in str(p) for p in info.value.problems), info.value


@pytest.mark.parametrize("spec", [
    {"patterns": ["(吗|么)", "(能|有|是)(不|没)\\1"]},
    {"patterns": ["(吗|么)", "(能|有|是)(不|没)\\1"], "exceptions": ["^好的$"]},
    {"patterns": ["(a)(b)", "(?P<x>能|有)(不|没)(?P=x)"]},
])
def test_a_backreference_still_holds_when_the_patterns_are_combined(spec):
    """A matcher scans its patterns as one alternation: a numbered backreference of a later
    pattern (能不能 / 有没有) must still point at its own group, not at an earlier pattern's."""
    m = build_matcher(spec, re.compile, lambda p, _: p)
    assert m.find("这两张能不能一起用") is not None
    assert m.find("有没有当天到的") is not None
    assert m.find("能没有") is None


@pytest.mark.parametrize("text, found", [
    # 以后 after a verb or 了 is "after" (it happened), not the future
    ("收到以后发现漏水", True), ("用了以后就坏了", True), ("以后会不会漏水", False), ("我怕以后起球", False),
    # an exclamation (…也太…了吧) reports; a wondering one (不会太…了吧) does not
    ("这个色差也太大了吧", True), ("杯子漏水这么厉害了啊", True), ("色差不会太大了吧", False), ("有色差吧", False),
])
def test_reported_reads_after_and_exclamations(text, found):
    assert (matcher(reported=True).find(normalise(text)) is not None) is found


@pytest.mark.parametrize("text", ["激活以后还是漏水", "升级以后一直坏的", "更新以后就坏了"])
def test_after_a_two_character_verb_is_after_too(text):
    assert matcher(reported=True).find(normalise(text)) is not None


@pytest.mark.parametrize("text", [
    "会员卡坏了", "刚开完会回来发现杯子漏水", "学会用了才发现是坏的", "机会难得结果收到就裂开",
    "一会儿的功夫就漏水", "会计说发票是坏的"])
def test_a_word_with_hui_in_it_is_no_worry(text):
    # 会 as "will" worries about the future; 会员 / 开会 / 学会 / 机会 / 一会儿 / 会计 are other words
    assert matcher(reported=True).find(normalise(text)) is not None


@pytest.mark.parametrize("text", ["以后会漏水吗", "会坏吗", "这个会起球不", "会员用久了会不会起球"])
def test_hui_as_will_still_worries(text):
    assert matcher(reported=True).find(normalise(text)) is None


def test_after_a_verb_with_wan_hui_still_worries():
    assert matcher(reported=True).find(normalise("洗完会漏水吗")) is None
