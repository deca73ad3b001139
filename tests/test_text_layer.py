"""The text analysis layer (checker/text): facts about a hit, rule options as durable
conditions, markup, safe patterns and the per-message time budget."""
from __future__ import annotations

import pytest

from checker.engine import Engine, check_text
from checker.model import Message, Transcript
from checker.policy import PolicyError, load_policy
from checker.text import Analysis, TurnContext
from checker.text import safety

RULE = """
  - id: {id}
    norm: {norm}
    title: 测试
    message: 测试
    kind: {kind}
    {body}
    level: error
    points: 1
    source: {{seed: "000", section: 三, quote: 不行}}
    suggestion: 换个说法
    examples: {{bad: [{bad}], good: [好的]}}
"""


def policy_of(tmp_path, *rules):
    (tmp_path / "r.yaml").write_text("rules:\n" + "".join(RULE.format(**r) for r in rules),
                                     encoding="utf-8")
    return load_policy(tmp_path)


def facts(text, start_word, customer="能退吗？", following=""):
    start = text.index(start_word)
    ctx = TurnContext(round_text=customer, next_text=following, mid_start=not customer)
    return Analysis(text, ctx).facts(start, start + len(start_word))


def test_negation_and_conditional_scope():
    assert facts("您不用联系商家的", "联系商家")["negated"]
    assert not facts("您联系商家吧", "联系商家")["negated"]
    assert facts("如果不行您可以退货", "不行")["conditional"]
    assert facts("不行的话您可以退货", "不行")["conditional"]
    assert not facts("不行，这个退不了", "不行")["conditional"]


def test_clause_head_skips_fillers_only():
    assert facts("亲，这个我们这边也不支持的哦", "不支持")["head"]
    assert not facts("这个颜色暂时不支持的哦", "不支持")["head"]


def test_request_reads_the_whole_open_round():
    assert facts("不行", "不行", customer="你好\n帮我改一下地址")["request"]
    assert facts("不行", "不行", customer="收到的杯子是碎的")["request"]     # a problem told is a request
    assert not facts("不行", "不行", customer="好的，谢谢")["request"]
    assert facts("不行", "不行", customer="")["request"]          # mid-conversation: the question is not in the file


def test_remedy_in_the_message_or_the_next_one():
    assert not facts("不支持的哦", "不支持")["remedied"]
    assert facts("不支持的哦，您可以申请退货", "不支持")["remedied"]
    assert not facts("不支持的哦", "不支持", following="抱歉给您添麻烦了")["remedied"]
    assert facts("不支持的哦", "不支持", following="抱歉给您添麻烦了")["followed"]


def test_whole_words_by_the_segmenter(policy):
    ctx = TurnContext()
    a = Analysis("这个不能不说", ctx, policy.dictionary)
    assert not a.facts(2, 4)["word"]                 # 不能 inside 不能不
    b = Analysis("这个不能退", ctx, policy.dictionary)
    assert b.facts(2, 4)["word"]


def test_fact_options_are_durable_conditions(tmp_path):
    pol = policy_of(tmp_path, dict(id="shirk-x", norm="shirking", kind="phrase",
                                   body="phrases: [联系商家]\n    not_negated: true\n    not_conditional: true",
                                   bad="您联系商家吧"))
    engine = Engine(pol)
    assert [f.rule for f in check_text(engine, "您联系商家吧")] == ["shirk-x"]
    assert check_text(engine, "您不用联系商家，我来处理") == []
    assert check_text(engine, "如果您联系商家的话") == []
    one = check_text(engine, "您联系商家吧，联系商家就好")        # hits of one message merge into one finding
    assert len(one) == 1 and one[0].details["spans"] == [[1, 5], [7, 11]]


def test_markup_does_not_hide_words(engine):
    found = check_text(engine, "<b>不知道</b>")
    assert [f.rule for f in found] == ["harsh-dont-know"] and found[0].span == (3, 6)


def test_loader_refuses_catastrophic_user_patterns(tmp_path):
    for pattern in ["(a+)+$", "(?:亲|亲亲)*不行", "(?:x|\\\\d+)*y", ".*不行"]:
        with pytest.raises(PolicyError, match="线性时间"):
            policy_of(tmp_path, dict(id="harsh-x", norm="harsh_language", kind="pattern",
                                     body=f"patterns: ['{pattern}']", bad="不行"))


def test_ten_thousand_qin_do_not_stall(engine):
    t = Transcript("t", "a", [Message(0, "customer", "在吗？"), Message(1, "agent", "亲" * 10_000),
                              Message(2, "agent", "亲" * 10_000 + "不行")])
    result = engine.check(t)
    assert result.errors == []
    assert all(f.message == 2 for f in result.findings)


def _expired_budget(monkeypatch):
    monkeypatch.setattr(safety.start_budget, "__defaults__", (-1.0,))


def test_a_long_message_over_budget_is_an_error_and_the_run_goes_on(engine, monkeypatch):
    _expired_budget(monkeypatch)
    filler = "，" * safety.LONG_TEXT
    t = Transcript("t", "a", [Message(0, "agent", "不行" + filler), Message(1, "agent", "您自己看吧" + filler),
                              Message(2, "agent", "不行")])
    result = engine.check(t)
    assert [e["message"] for e in result.errors] == [0, 1] and "时间预算" in result.errors[0]["error"]
    assert [f.message for f in result.findings if f.norm == "harsh_language"] == [2]


def test_a_short_message_is_never_skipped_over_the_wall_clock(engine, monkeypatch):
    """Only long texts are budgeted: a short message cannot run long on the linear patterns
    the loader admits, and skipping it because the machine was busy (or the first message
    compiled the patterns) would make the findings depend on the load, not on the chat."""
    _expired_budget(monkeypatch)
    t = Transcript("t", "a", [Message(0, "agent", "不行"), Message(1, "agent", "您自己看吧")])
    result = engine.check(t)
    assert result.errors == []
    assert {f.message for f in result.findings} == {0, 1}


def test_budget_interrupts_a_slow_pattern():
    slow = safety.compile_safe(r"(?:a|aa)*b")                  # the loader would refuse it
    token = safety.start_budget(0.0)
    try:
        with pytest.raises(safety.PatternTimeout):
            safety.finditer(slow, "a" * 5000)
    finally:
        safety.end_budget(token)


def test_rules_test_runs_every_shipped_pattern_on_adversarial_repeats(policy):
    from checker.selftest import pattern_safety
    assert safety.adversarial_inputs("(?:亲爱的|亲)?不行")[0].startswith("亲亲亲")
    assert pattern_safety(policy) == []


def test_adversarial_repeats_catch_what_the_shape_test_misses():
    assert safety.adversarial_problem(r"(x+x+)+y") is not None      # catastrophic: caught on xxxx…
    assert safety.adversarial_problem(r"(?<![a-z])x{2,}y") is None


def test_time_grammar_is_shared_by_rules(policy):
    from checker.text.lexicon import DATE, TIME, expand_macros
    assert expand_macros("%date%送到") == DATE + "送到" and "%time%" not in expand_macros("%time%")
    import re
    for text in ["明天", "周三下午", "下周一", "11月3日", "5号", "8点前", "[数字x]月[数字x]日"]:
        assert re.fullmatch(DATE, text), text
    for text in ["3天内", "48小时内", "2个工作日"]:
        assert re.fullmatch(TIME, text) and not re.fullmatch(DATE, text), text


def test_followed_reads_the_rest_of_the_turn_not_its_courtesies():
    assert facts("不支持的哦", "不支持", following="这款是秒杀商品，不在价保范围内")["followed"]   # a reason, no marker
    assert facts("改不了哦", "改不了", following="可以给您开电子发票")["followed"]              # an alternative
    assert not facts("不可以的", "不可以", following="请问还有其他可以帮您的吗？")["followed"]   # a stock closing
    assert not facts("无法更换的", "无法", following="亲")["followed"]
    assert not facts("不可以的", "不可以", following="真的不行的呢")["followed"]               # another refusal
    assert not facts("不可以的", "不可以")["followed"]


def _turn(*lines):
    return Transcript("t", "a", [Message(i, role, text) for i, (role, text) in enumerate(lines)])


def test_a_refusal_is_rescued_within_the_agents_turn_only(engine):
    def harsh(t):
        return [f.rule for f in engine.check(t, conversation=False).findings if f.message == 1]
    assert harsh(_turn(("customer", "能退差价吗"), ("agent", "不支持的哦"))) == ["harsh-flat-refusal"]
    rescued = _turn(("customer", "能退差价吗"), ("agent", "不支持的哦"),
                    ("agent", "抱歉亲，这款是限时秒杀，不在价保范围内"))
    assert harsh(rescued) == []
    too_late = _turn(("customer", "能退差价吗"), ("agent", "不支持的哦"), ("customer", "为什么"),
                     ("agent", "抱歉亲，这款是限时秒杀，不在价保范围内"))
    assert harsh(too_late) == ["harsh-flat-refusal"]


def test_helping_words_inside_the_refusal_are_no_remedy():
    assert not facts("这边是没有办法帮您修改的哈", "没有办法")["remedied"]     # 帮您 is what is refused
    assert not facts("无法帮您取消的", "无法")["remedied"]
    assert facts("无法取消，我帮您申请拦截", "无法")["remedied"]                # a help of its own, after


def test_compiling_a_pattern_on_first_use_is_not_charged_to_the_message_budget(monkeypatch):
    """A busy machine may take longer than the budget to compile the big combined gate for
    the first message of a run: that message must not be skipped as too slow."""
    import time
    real_compile = safety.re.compile

    def slow_compile(*args, **kwargs):
        time.sleep(0.3)
        return real_compile(*args, **kwargs)
    pattern = safety.compile_safe("不行|不可以")
    monkeypatch.setattr(safety.re, "compile", slow_compile)
    token = safety.start_budget(0.2)
    try:
        assert safety.search(pattern, "这个不行")          # compiled inside, matched within budget
        assert safety.search(pattern, "这个不可以")
    finally:
        safety.end_budget(token)


def test_only_a_real_question_back_keeps_the_customers_round_open():
    from checker.text.turn import customer_rounds

    def rounds(*lines):
        return customer_rounds([Message(i, role, text) for i, (role, text) in enumerate(lines)])
    asked_back = rounds(("customer", "能换货吗"), ("agent", "请问是什么原因呢？"), ("customer", "尺码小了"),
                        ("agent", "好的"))
    assert asked_back[3] == ["能换货吗", "尺码小了"]
    # a statement that only contains 是否/可否 answers the round: the next one is new
    answered = rounds(("customer", "什么时候到账"), ("agent", "已经到账了，您看一下是否在余额里呢"),
                      ("customer", "我看下"), ("agent", "好的呢"))
    assert answered[3] == ["我看下"]
    told = rounds(("customer", "明天十点能送吗"), ("agent", "到时候您可以联系配送员看可否提前"),
                  ("customer", "手表和膜是一起的吗"), ("agent", "是的"))
    assert told[3] == ["手表和膜是一起的吗"]


def test_a_state_reached_before_the_refusal_explains_it():
    assert facts("包裹已经派送了不能改地址的哦", "不能")["explained"]        # 派送了: the case's reason
    assert not facts("这个不能改地址的哦", "不能")["explained"]


def test_a_short_clause_of_what_happened_explains_a_refusal():
    assert facts("退不了，拆封了", "退不了")["explained"]
    assert not facts("退不了，知道了", "退不了")["explained"]


def test_the_turn_is_one_speakers_lines():
    """Following lines rescue only when the same speaker says them: templates linted
    together (one speaker each) or a chat handed to another agent are not one answer."""
    same = Transcript("t", "a", [Message(0, "customer", "能退差价吗"), Message(1, "agent", "不支持的哦"),
                                 Message(2, "agent", "抱歉亲，这款是秒杀商品，不在价保范围内")])
    other = Transcript("t", "a", [Message(0, "customer", "能退差价吗"), Message(1, "agent", "不支持的哦", speaker="甲"),
                                  Message(2, "agent", "抱歉亲，这款是秒杀商品，不在价保范围内", speaker="乙")])
    engine = Engine(load_policy("policies"))
    assert not [f for f in engine.check(same, conversation=False).findings if f.message == 1]
    assert [f.rule for f in engine.check(other, conversation=False).findings if f.message == 1] == ["harsh-flat-refusal"]


def test_a_clipped_yes_no_question_back_keeps_the_round_open():
    # 地址变化大不 is 地址变化大不大 clipped: the agent asks back, the address request stays open
    from checker.text.turn import customer_rounds
    lines = [("customer", "我的地址留错了"), ("customer", "能帮我改一下吗"), ("agent", "地址变化大不"),
             ("customer", "河北省廊坊市"), ("agent", "好的")]
    rounds = customer_rounds([Message(i, role, text) for i, (role, text) in enumerate(lines)])
    assert rounds[4] == ["我的地址留错了", "能帮我改一下吗", "河北省廊坊市"]
    # a refusal ending in 不 is no question: 这个退不 is not clipped from 退不退 after 退
    lines = [("customer", "能退吗"), ("agent", "拆了就不"), ("customer", "哦"), ("agent", "好的")]
    assert customer_rounds([Message(i, role, text) for i, (role, text) in enumerate(lines)])[3] == ["哦"]


def test_a_how_or_where_question_is_told_apart_from_a_question_of_fact():
    # 在哪里看物流: pointing to the page is the answer; 会影响发货吗: pointing to the page dodges it
    from checker.text import Analysis, TurnContext

    def how_to(customer):
        return Analysis("您可以在订单详情里查看哦", TurnContext(round_text=customer)).facts(0, 5)["how_to"]
    assert how_to("在哪里看物流")
    assert how_to("怎么查物流啊")
    assert how_to("价保怎么申请")
    assert not how_to("这个会影响正常发货吗")
    assert not how_to("我的订单到哪了")
    assert not how_to("怎么查不到物流")          # why it cannot be found: a complaint, not a how-to
