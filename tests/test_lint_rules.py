"""Template rules: their kinds, their options, their examples (run as `kefu lint` runs
them), and the policy loader's checks on them."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.kinds.template_placeholder_syntax import problems as placeholder_problems
from checker.lint.engine import LintEngine
from checker.lint.model import Template, Waiver
from checker.norms import MESSAGE_LEVEL, NORMS
from checker.policy import PolicyError, load_policy
from checker.selftest import evaluate
from conftest import ROOT

POLICY = load_policy(ROOT / "policies")
TEMPLATE_RULES = [r for r in POLICY.rules if r.scope == "template"]
LINT = LintEngine(POLICY)
AS_OF = date(2026, 11, 20)


def lint(*templates: Template, as_of: date = AS_OF):
    return LINT.lint(list(templates), as_of)


def fired(*templates, as_of: date = AS_OF) -> set[str]:
    return {f.rule for r in lint(*templates, as_of=as_of) for f in r.findings}


def t(text="", i=0, **kw) -> Template:
    return Template(file="x.yaml", index=i, text=text, line=i + 1, column=1, **kw)


def test_quick_reply_is_a_norm_but_not_a_message_norm():
    assert NORMS["quick_reply"] == "快捷短语规范"
    assert "quick_reply" not in MESSAGE_LEVEL
    assert {r.norm for r in TEMPLATE_RULES} == {"quick_reply"}
    assert len(TEMPLATE_RULES) >= 8


@pytest.mark.parametrize("result", evaluate(POLICY, {r.id for r in TEMPLATE_RULES}),
                         ids=lambda r: r.name)
def test_template_rule_examples_as_lint_runs_them(result):
    assert result.passed, f"{result.example.label()}: fired {result.fired}"


def test_the_chat_engine_never_runs_template_rules():
    from checker.engine import Engine, check_text
    engine = Engine(POLICY)
    assert all(r.scope == "message" for r in engine.rules)
    assert check_text(engine, "亲爱的{顾客名}") == []


def test_welcome_greeting_within_the_first_characters():
    assert "template-welcome-no-greeting" in fired(t("请问要买什么？", kind="welcome"))
    assert fired(t("亲，您好~", kind="welcome")) == set()
    assert fired(t("您好", kind="welcome")) == set()
    assert fired(t("請問要買什麼？", kind=None)) == set()                   # not a welcome: not judged
    late = "本店商品均为正品支持七天无理由退换货下单请备注颜色尺码谢谢您好"
    assert "template-welcome-no-greeting" in fired(t(late, kind="welcome"))
    assert fired(t("HELLO，欢迎光临~", kind="welcome")) == set()            # normalised like messages


def test_placeholders_known_and_well_formed():
    assert fired(t("{买家昵称}您好，订单{订单号}已发货")) == set()
    found = lint(t("{顾客名}您好"))[0].findings
    assert [(f.rule, f.finding.span, f.finding.text) for f in found] == [("template-placeholder-unknown", (0, 5), "{顾客名}")]
    assert "{买家昵称}" in found[0].detail


@pytest.mark.parametrize("text, spans", [
    ("{买家昵称", [(0, 5)]),
    ("买家昵称}", [(4, 5)]),
    ("{}", [(0, 2)]),
    ("{ 订单号 }", [(0, 7)]),
    ("｛订单号｝", [(0, 1), (4, 5)]),
    ("{{订单号}}", [(0, 1), (6, 7)]),
    ("【双11】{订单号}", []),
])
def test_malformed_placeholders(text, spans):
    assert [(s, e) for s, e, _ in placeholder_problems(text)] == spans


@given(st.text(alphabet=st.sampled_from(list("{}｛｝ab买家 ，")), max_size=20))
def test_placeholder_problems_are_within_the_text(text):
    for start, end, problem in placeholder_problems(text):
        assert 0 <= start < end <= len(text) and problem


def test_expiry_is_inclusive_and_judged_on_as_of():
    promo = t("双11活动价", expires=date(2026, 11, 11))
    assert fired(promo, as_of=date(2026, 11, 11)) == set()
    assert fired(promo, as_of=date(2026, 11, 12)) == {"template-campaign-expired"}


def test_campaign_needs_an_expiry():
    assert fired(t("618大促全场包邮")) == {"template-campaign-no-expiry"}
    assert fired(t("店庆全场包邮", kind="campaign")) == {"template-campaign-no-expiry"}
    assert fired(t("亲，本店全场包邮哦")) == set()
    assert fired(t("订单号618123已发货")) == set()


def test_duplicate_codes_across_files_case_insensitive():
    a, b, c = t("好的", 0, code="fh"), t("好的呢", 1, code=" FH "), t("在的", 2, code="zx")
    b.file = "other.csv"
    results = lint(a, b, c)
    assert [f.rule for f in results[1].findings] == ["template-duplicate-code"]
    assert "x.yaml:1" in results[1].findings[0].detail
    assert results[0].findings == [] and results[2].findings == []


def test_empty_and_too_long():
    assert fired(t("")) == {"template-empty"}
    assert fired(t("   ")) == {"template-empty"}
    assert fired(t("好" * 300)) == set()
    long = lint(t("好" * 305))[0].findings
    assert [(f.rule, f.finding.span) for f in long] == [("template-too-long", (300, 305))]


def test_message_rules_apply_to_templates_as_agent_messages():
    results = lint(t("不行哦，这个没办法"), t("不行的话您也可以选择七天无理由退货哦。"), t("保证明天到！"))
    assert {f.rule for f in results[0].findings} == {"harsh-flat-refusal", "harsh-no-way"}
    assert results[1].findings == []
    assert {f.rule for f in results[2].findings} == {"promise-delivery-time"}


def test_waivers_mark_findings_and_bad_waivers_are_errors():
    ok = t("不行哦", waivers=[Waiver("harsh-flat-refusal", "理由", 1, 1)])
    unknown = t("不行哦", 1, waivers=[Waiver("nope-rule", "理由", 2, 5)])
    bare = t("不行哦", 2, waivers=[Waiver("harsh-flat-refusal", "", 3, 5)])
    results = lint(ok, unknown, bare)
    assert [(f.rule, f.waived, f.waiver_reason) for f in results[0].findings] == [("harsh-flat-refusal", True, "理由")]
    for r in results[1:]:
        assert {(f.rule, f.waived) for f in r.findings} == {("harsh-flat-refusal", False), ("lint-invalid-waiver", False)}
    invalid = next(f for f in results[1].findings if f.rule == "lint-invalid-waiver")
    assert (invalid.line, invalid.column) == (2, 5)


def _rule_file(tmp_path, body: str):
    (tmp_path / "t.yaml").write_text("rules:\n" + body, encoding="utf-8")
    return tmp_path


BASE = """  - id: template-x-y
    norm: quick_reply
    title: 标题
    message: 说明
    level: error
    points: 1
    source: {seed: "004", section: 第二条 注意事项 1, quote: 快捷回复语设置}
    suggestion: 建议
"""


@pytest.mark.parametrize("extra, problem", [
    ("    kind: template_length\n    max_length: 0\n    examples: {bad: [a], good: [b]}\n", "max_length: 应为正整数"),
    ("    kind: template_length\n    max_length: many\n    examples: {bad: [a], good: [b]}\n", "类型错误"),
    ("    kind: template_placeholder\n    placeholders: {'买家 昵称': x}\n    examples: {bad: [a], good: [b]}\n",
     "占位符名只能含"),
    ("    kind: template_campaign\n    patterns: ['活动！']\n    examples: {bad: [a], good: [b]}\n", "全角"),
    ("    kind: template_empty\n    examples: {bad: [{txt: a}], good: [b]}\n", "未知字段 'txt'"),
    ("    kind: template_empty\n    examples: {bad: [{text: a, as_of: soon}], good: [b]}\n", "as_of"),
    ("    kind: template_empty\n    examples: {bad: [{templates: []}], good: [b]}\n", "templates 为非空列表"),
    ("    kind: template_empty\n    examples: {bad: [{text: a, expires: 明天}], good: [b]}\n", "不是日期"),
])
def test_policy_loader_checks_template_rules(tmp_path, extra, problem):
    with pytest.raises(PolicyError) as info:
        load_policy(_rule_file(tmp_path, BASE + extra))
    assert problem in str(info.value)


def test_example_shapes_load(tmp_path):
    policy = load_policy(_rule_file(tmp_path, BASE + """    kind: template_duplicate
    examples:
      bad:
        - templates: [{code: a, text: 好的}, {code: a, text: 好的呢}]
          as_of: 2026-01-01
      good:
        - 一句话
        - {code: b, group: 售前, kind: welcome, text: 您好, expires: 2099-01-01, waive: {rule: x-y, reason: r}}
"""))
    rule = policy.rules[0]
    assert rule.bad[0].template.as_of == date(2026, 1, 1) and len(rule.bad[0].template.templates) == 2
    assert "一句话" in rule.good[0].label()
    assert "欢迎语" in rule.good[1].label() and "豁免 x-y" in rule.good[1].label()
