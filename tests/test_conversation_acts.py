"""Conversation norms read the customer's side as acts: precision and recall on our own
hand-written chats with near-misses (tests/fixtures/conversations/near_misses.yaml)."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from checker.loaders.canonical import parse_record
from conftest import ROOT

NORMS = ("greeting", "complaint_apology", "unanswered")
ROLES = {"c": "customer", "a": "agent", "s": "system"}
CHATS = YAML(typ="safe").load((ROOT / "tests" / "fixtures" / "conversations" / "near_misses.yaml")
                              .read_text(encoding="utf-8"))["chats"]


def transcript(chat):
    messages = [{"from": ROLES[line[0]], "text": line[3:]} for line in chat["chat"]]
    t, problems = parse_record({"id": chat["id"], "agent": "小美", "messages": messages})
    assert t is not None, problems
    return t


def found(engine, chat):
    return {(f.norm, f.message) for f in engine.check(transcript(chat)).findings if f.norm in NORMS}


def expected(chat):
    return {(norm, index) for norm, index in (chat.get("expect") or {}).items()}


def scores(engine):
    table = {n: {"tp": 0, "fp": 0, "fn": 0} for n in NORMS}
    for chat in CHATS:
        got, want = found(engine, chat), expected(chat)
        for norm, _ in got & want:
            table[norm]["tp"] += 1
        for norm, _ in got - want:
            table[norm]["fp"] += 1
        for norm, _ in want - got:
            table[norm]["fn"] += 1
    return table


def test_the_near_miss_set_is_big_enough_and_well_formed():
    assert len(CHATS) >= 60 and len({c["id"] for c in CHATS}) == len(CHATS)
    for chat in CHATS:
        assert set(chat.get("expect") or {}) <= set(NORMS), chat["id"]


@pytest.mark.parametrize("norm", NORMS)
def test_precision_and_recall_per_norm(engine, norm):
    s = scores(engine)[norm]
    precision = s["tp"] / ((s["tp"] + s["fp"]) or 1)
    recall = s["tp"] / ((s["tp"] + s["fn"]) or 1)
    misses = [(c["id"], sorted(found(engine, c) ^ expected(c))) for c in CHATS
              if any(n == norm for n, _ in found(engine, c) ^ expected(c))]
    assert precision >= 0.95 and recall >= 0.90, (norm, s, misses)


def rule_acts(policy, rule_id):
    return policy.rule(rule_id).detector.acts


@pytest.mark.parametrize("text, closing", [
    ("好滴", True), ("知道了", True), ("嗯，那就这样吧", True), ("OK", True), ("没有其他问题了，谢谢", True),
    ("衣服收到了，谢谢", True), ("好的，那我先下单了", True), ("哦哦，好(✪▽✪)", True), ("👌", True),
    ("好的，那运费谁出", False), ("在吗？", False), ("黑色不好看", False), ("[图片]", False),
    ("你们发错货了，谢谢", False), ("好的，麻烦帮我改一下地址", False), ("嗯，还有个问题", False),
    ("[链接] 申请售后 吧", False), ("我先", False),
    ("晓得了", True), ("好的，明天见", True), ("[微笑]", True), ("那行吧", True), ("好吧，我要退货", False),
    ("好吧，那只能这样了", True), ("好，我明天再来问", True), ("那好吧，我自己去取", True), ("可我自己装不上", False),
    # an acknowledgement urging the promised action on, a find and where it was; a bare urge still asks
    ("好的尽快", True), ("嗯 快点哈", True), ("行，抓紧吧", True), ("请尽快", False), ("我的快递丢了 尽快", False),
    ("哦找到了 在下面", True), ("看到了，原来在盒子底下", True), ("找到了 在哪里退", False),
    ("好 麻烦尽快处理", True), ("嗯嗯，请尽快回复哈", True), ("麻烦尽快", False),
    # "nothing more" in any words, 嗯哪, thanks for the trouble, leaving the agent to work, going to do it, 这样啊
    ("嗯呐 没别的了", True), ("没什么问题了", True), ("没啥了", True), ("暂时没有别的需要了", True), ("没有要问的了", True),
    ("嗯哪", True), ("谢啦 您忙", True), ("好的，那就麻烦你们了", True), ("嗯 好的 我去申请", True), ("哦哦 这样啊", True),
    ("没什么问题了吗", False), ("这样啊 那运费谁出？", False), ("麻烦你们了 帮我查下", False), ("没有什么用了", False),
    # praise of the agent or the service closes; praise and a question does not; dispraise does not
    ("客服小姐姐真耐心 点赞", True), ("服务很周到", True), ("你真棒", True), ("点赞 那税号填哪里", False),
    ("服务不好", False), ("一点都不专业", False)])
def test_closing_is_the_whole_message_or_its_end_and_never_a_question(policy, text, closing):
    from checker.normalize import normalise
    assert rule_acts(policy, "unanswered-round").is_closing(normalise(text)) is closing


@pytest.mark.parametrize("text, complaint", [
    ("收到的包拉链坏了", True), ("套装里少了一个枕套", True), ("颜色和图片差太多了", True),
    ("你们发货前都不检查一下吗", True), ("我拍的是L码，给我发的是S码", True),
    ("这个洗了不会褪色吧", False), ("用久了会不会开线", False), ("如果收到是坏的怎么办", False),
    ("有色差吗", False), ("能少一点吗", False), ("这个两斤大概多少个", False), ("灯没坏，想再买一个", False)])
def test_complaints_are_reported_problems_not_worries_or_hypotheticals(policy, text, complaint):
    from checker.normalize import normalise
    assert rule_acts(policy, "unanswered-round").has("complaint", normalise(text)) is complaint


def test_next_agent_messages_and_a_mid_conversation_start():
    from checker.customer_acts import agent_replies, next_agent
    t = transcript({"id": "x", "chat": ["c: 那什么时候退回呢", "s: 稍等", "a: 三天内", "a: 原路退回", "c: 好"]})
    assert next_agent(t.messages, 0) == 2 and agent_replies(t.messages, 0) == [2, 3] and next_agent(t.messages, 4) is None


def test_the_answer_to_a_routing_question_can_make_a_chat_a_continuation(engine):
    from checker.customer_acts import customer_rounds
    routing = "a: 请问您是咨询之前的问题还是其他问题需要处理呢?"
    t = transcript({"id": "r", "chat": ["c: ?", routing, "c: 嗯", "c: 之前的", "a: 单号?", "c: 好", "a: 好", "c: 再"]})
    assert customer_rounds(t.messages, 1) == [2, 3, 5]
    greeting = lambda chat: {f.message for f in engine.check(transcript({"id": "g", "chat": chat})).findings  # noqa: E731
                             if f.norm == "greeting"}
    # the customer says it is the earlier problem, or picks up an earlier phone call, within two rounds
    assert greeting(["c: ?", routing, "c: 之前的问题", "a: 订单号发我。"]) == set()
    assert greeting(["c: 地址改一下", routing, "c: 帮忙转告", "a: 单号？", "c: 刚才电话里忘说了", "a: 已备注。"]) == set()
    # ... also as one clause of a longer answer, before or after the customer's question
    assert greeting(["c: 人工", routing, "c: 单子能发了吗 之前的问题", "a: 我看下。"]) == set()
    assert greeting(["c: 在吗", routing, "c: 上次的问题，退款到哪了", "a: 我看下。"]) == set()
    # but not when the earlier problem is only the subject of a new remark
    assert greeting(["c: 在吗", routing, "c: 之前的问题我自己解决了 现在想换个颜色", "a: 订单号？"]) == {1}
    # a new problem, or the earlier one named only in the third round, leaves the routing question ungreeted
    assert greeting(["c: 有人吗", routing, "c: 其他的，想换颜色", "a: 订单号发我。"]) == {1}
    assert greeting(["c: 你好", routing, "c: 发票", "a: 单号？", "c: 给你", "a: 好", "c: 之前的", "a: 好"]) == {1}


@pytest.mark.parametrize("old, new, field", [
    ("trigger: {acts: [complaint]}", "trigger: {acts: [complain]}", "trigger.acts"),
    ("      particles: &particles", "      particle: &particles", "acts.particle"),
    ("      system:\n", "      transfer:\n", "starts_mid_conversation.transfer"),
])
def test_act_options_are_validated_with_the_field_named(tmp_path, old, new, field):
    import shutil

    from checker.policy import PolicyError, load_policy
    shutil.copytree(ROOT / "policies", tmp_path / "p")
    rules = tmp_path / "p" / "rules" / "conversation.yaml"
    text = rules.read_text(encoding="utf-8")
    assert old in text
    rules.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "p")
    assert any(field in str(p) for p in info.value.problems), info.value


def test_the_reply_rate_metric_agrees_with_the_unanswered_rule(engine):
    considering = transcript({"id": "m1", "chat": ["c: 你好，这个多少钱", "a: 您好，99元。", "c: 好的，我再考虑考虑"]})
    asking = transcript({"id": "m2", "chat": ["c: 你好，这个多少钱", "a: 您好，99元。", "c: 好的，那运费谁出"]})
    for t, unanswered in ((considering, 0), (asking, 1)):
        result = engine.check(t)
        assert result.metrics["unanswered_rounds"] == unanswered
        assert len([f for f in result.findings if f.norm == "unanswered"]) == unanswered


MESSAGES = YAML(typ="safe").load((ROOT / "tests" / "fixtures" / "conversations" / "complaint_messages.yaml")
                                 .read_text(encoding="utf-8"))


def test_complaint_messages_and_their_look_alikes(policy):
    from checker.normalize import normalise
    acts = rule_acts(policy, "unanswered-round")
    missed = [t for t in MESSAGES["complaints"] if not acts.has("complaint", normalise(t))]
    false = [t for t in MESSAGES["not_complaints"] if acts.has("complaint", normalise(t))]
    assert (missed, false) == ([], [])


@pytest.mark.parametrize("chat, finding", [
    # the customer finds the missing book and says so: nothing left to apologise for
    (["c: 你好，我买了两本书，怎么只收到一本？", "a: 您好，我帮您查一下。", "c: 不好意思，是收到了两本，我看错了",
      "a: 好的。"], None),
    (["c: 自提点说没有我的包裹", "a: 您好，我联系一下。", "c: 找到了，是我走错地方了，谢谢", "a: 好的。"], None),
    (["c: 你好，显示签收了，我没收到货", "a: 您好，我联系站点。", "c: 家里人代收了，没事了", "a: 好的。"], None),
    (["c: 你好，显示签收了，我没收到货", "a: 您好，我联系站点。", "c: 没事了，已经找到了", "a: 好的。"], None),
    # it had all come after all: the customer says so with an admission or "no problem"
    (["c: 你好，订单里的坚果没收到", "a: 您好，我看一下。", "c: 不好意思 家里人没拆开看，其实都到了", "a: 好的。"], None),
    (["c: 少发了一包纸巾", "a: 您好，我查一下。", "c: 哦 全都在了 没问题了", "a: 好的。"], None),
    # a bare "received" is no withdrawal (the replacement came; the defect still wants an apology)
    (["c: 你好，收到的杯子是破的", "a: 您好，给您补发。", "c: 新的收到了", "a: 好的。"], 0),
    # a complaint after the withdrawal counts again
    (["c: 你好，我买了两本书，怎么只收到一本？", "a: 您好，我帮您查一下。", "c: 不好意思，是收到了，我看错了",
      "a: 好的。", "c: 可是封面是破的", "a: 您好，请拍照。"], 4),
])
def test_a_complaint_the_customer_takes_back_needs_no_apology(engine, chat, finding):
    got = [f.message for f in engine.check(transcript({"id": "w", "chat": chat})).findings if f.norm == "complaint_apology"]
    assert got == ([] if finding is None else [finding])


@pytest.mark.parametrize("chat, finding", [
    # apologised for, then the route given fails: the complaint is renewed and wants an apology again
    (["c: 买的东西太劣质了", "a: 给您带来不便了，请提交售后申请。", "c: 都是空白，申请不了售后", "a: 您说一下商品情况。"], 2),
    (["c: 耳机没声音", "a: 抱歉，您重新配对试试。", "c: 试了好几次还是不行", "a: 那您申请售后。"], 2),
    (["c: 衣服破了个洞", "a: 不好意思，您在订单页提交退货。", "c: 提交不成功", "a: 我帮您提交。"], 2),
    (["c: 鞋子开胶了", "a: 抱歉，给您换一双。", "c: 换的还是一样", "a: 我看一下。"], 2),
    # a question about the same price after the apology is no renewal
    (["c: 鞋子开胶了", "a: 抱歉，给您换一双。", "c: 还是一样的价格吗", "a: 是的。"], None),
    # apologised again after the renewal: nothing left
    (["c: 买的东西太劣质了", "a: 给您带来不便了，请提交售后申请。", "c: 申请不了售后", "a: 抱歉，我帮您申请。"], None),
    # with no complaint before it, a failing step is a process question
    (["c: 我只申请了一次就申请不了了", "a: 您每件商品提交一次。"], None),
])
def test_a_route_that_fails_after_the_apology_renews_the_complaint(engine, chat, finding):
    got = [f.message for f in engine.check(transcript({"id": "r", "chat": chat})).findings if f.norm == "complaint_apology"]
    assert got == ([] if finding is None else [finding])


@pytest.mark.parametrize("text, complains", [
    ("刚才app一直打不开，现在又好了，没事了", False),
    ("说少了一个杯子，哦找到了，在箱子底下", False),
    ("找到了一个，另一个也没收到", True),          # what is found comes first: the complaint after it stands
    ("一直打不开，现在也没好", True),
])
def test_a_complaint_taken_back_later_in_the_same_message_needs_no_apology(engine, text, complains):
    chat = {"id": "same-message-withdrawal", "chat": ["c: " + text, "a: 亲，有问题随时找我。"]}
    assert (("complaint_apology", 0) in found(engine, chat)) is complains
