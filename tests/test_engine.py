"""The engine on a small policy of its own: every kind through durable-rules."""
from __future__ import annotations

import textwrap

import pytest

from checker.engine import Engine, check_text
from checker.model import Message, Transcript
from checker.policy import load_policy

POLICY_YAML = """
rules:
  - id: harsh-x
    norm: harsh_language
    title: 生硬
    message: 生硬
    kind: phrase
    phrases: [不行, 沒辦法]
    exceptions: ['不行的话']
    level: error
    points: 2
    source: {seed: "000", section: 三, quote: 不行}
    suggestion: 换个说法
    examples: {bad: [不行], good: [好的]}
  - id: price-x
    norm: price_promise
    title: 改价
    message: 改价
    kind: pattern
    patterns: ['少收(您)?\\d+']
    unless: ['申请|审批']
    level: error
    points: 10
    source: {seed: "004", section: C4, quote: 改价格}
    suggestion: 申请
    examples: {bad: [少收您20], good: [好的]}
  - id: shout-x
    norm: shouting
    title: 大写
    message: 大写
    kind: pattern
    case_sensitive: true
    patterns: ['(?<![A-Z])[A-Z]{2,}( [A-Z]{2,}){2,}']
    level: warning
    points: 2
    source: {seed: "000", section: 三, quote: 不提高说话音调}
    suggestion: 平和
    examples: {bad: [READ THE PAGE], good: [好的]}
  - id: hedge-x
    norm: hedging
    title: 含糊
    message: 含糊
    kind: context
    phrases: [应该可以]
    context: {patterns: ['\\?|吗']}
    level: warning
    points: 1
    source: {seed: "001", section: 四, quote: 应该可以}
    suggestion: 确认后答复
    examples: {bad: [{customer: 能退吗, agent: 应该可以}], good: [好的]}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    d = tmp_path_factory.mktemp("pol")
    (d / "r.yaml").write_text(textwrap.dedent(POLICY_YAML), encoding="utf-8")
    return Engine(load_policy(d))


def rules(findings):
    return [f.rule for f in findings]


def test_phrase_with_exception_and_traditional_text(engine):
    assert rules(check_text(engine, "不行，這個沒辦法")) == ["harsh-x"]
    f = check_text(engine, "这个沒辦法")[0]
    assert f.span == (2, 5) and f.text == "沒辦法"          # span and words from the original text
    assert check_text(engine, "不行的话您可以退货") == []


def test_pattern_with_unless_guard(engine):
    assert rules(check_text(engine, "行，少收您２０")) == ["price-x"]   # full-width digits normalised
    assert check_text(engine, "我帮您申请一下，审批后少收您20") == []


def test_case_sensitive_pattern(engine):
    assert rules(check_text(engine, "PLEASE READ THE PAGE")) == ["shout-x"]
    assert check_text(engine, "please read the page") == []


def test_context_kind_needs_the_customer_round(engine):
    assert rules(check_text(engine, "应该可以", "这个能退吗？")) == ["hedge-x"]
    assert check_text(engine, "应该可以", "我想退货") == []
    assert check_text(engine, "应该可以") == []


def test_only_agent_messages_are_judged(engine):
    t = Transcript("t", "a", [Message(0, "customer", "不行！少收20"), Message(1, "system", "不行"),
                              Message(2, "agent", "您好")])
    assert engine.check(t).findings == []


def test_context_is_the_latest_customer_round(engine):
    msgs = [Message(0, "customer", "能退吗？"), Message(1, "agent", "您好"), Message(2, "system", "提示"),
            Message(3, "agent", "应该可以"), Message(4, "customer", "好的"), Message(5, "agent", "应该可以")]
    found = engine.check(Transcript("t", "a", msgs)).findings
    assert [(f.rule, f.message) for f in found] == [("hedge-x", 3)]


def test_state_is_deleted_between_transcripts(engine):
    """Many transcripts in a row: findings never leak from one transcript into the next."""
    for i in range(300):
        text = "不行" if i % 2 else "好的"
        found = engine.check(Transcript(f"t{i}", "a", [Message(0, "agent", text)])).findings
        assert len(found) == (1 if i % 2 else 0)


def test_score_is_100_minus_points(engine):
    t = Transcript("t", "a", [Message(0, "agent", "不行"), Message(1, "agent", "少收20")])
    result = engine.check(t)
    assert result.score == 88 and [f.message for f in result.findings] == [0, 1]


def test_rule_selection(engine):
    from checker.engine import Engine
    only = Engine(engine.policy, only={"price-x"})
    t = Transcript("t", "a", [Message(0, "agent", "不行"), Message(1, "agent", "少收20")])
    assert rules(only.check(t).findings) == ["price-x"]


def test_many_candidates_no_rule_fires_on_do_not_crash_durable_rules(engine):
    """durable-rules 2.0.28 segfaults in delete_state once a session holds four events no
    rule consumed; the catch-all rule consumes them. Run it in a child process so a
    regression fails the test instead of killing pytest."""
    import subprocess
    import sys
    code = (
        "import textwrap, pathlib, tempfile\n"
        "from checker.engine import Engine\n"
        "from checker.model import Message, Transcript\n"
        "from checker.policy import load_policy\n"
        "from tests.test_engine import POLICY_YAML\n"
        "d = pathlib.Path(tempfile.mkdtemp())\n"
        "(d / 'r.yaml').write_text(textwrap.dedent(POLICY_YAML), encoding='utf-8')\n"
        "e = Engine(load_policy(d))\n"
        "for n in range(50):\n"
        "    msgs = [Message(i, 'agent', '我帮您申请审批后少收您20') for i in range(12)]\n"
        "    assert e.check(Transcript(f't{n}', 'a', msgs)).findings == []\n"
        "print('ok')\n"
    )
    from conftest import ROOT
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_durable_rules_is_imported_by_one_module_only():
    import re as _re
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    importers = sorted(str(p.relative_to(root)) for folder in ("checker", "quiz") for p in (root / folder).rglob("*.py")
                       if _re.search(r"^\s*(?:from|import)\s+durable\b", p.read_text(encoding="utf-8"), _re.M))
    assert importers == ["checker/inference.py"]


def test_one_message_breaking_one_norm_is_one_finding(policy):
    """Several rules of one norm matching one message (这个不归我们管，你去找快递吧 is a
    not-my-job, a go-find-others and a referral at once) cost the agent once: one finding,
    the costliest rule's, naming the others; other norms in the same message still count."""
    shipped = Engine(policy)                 # the shipped rule base
    findings = check_text(shipped, "这个不归我们管，你去找快递吧。", "快递一直没送到")
    shirking = [f for f in findings if f.norm == "shirking"]
    assert len(shirking) == 1
    others = shirking[0].details["also_rules"]
    assert others and shirking[0].rule not in others
    assert all(rule.startswith("shirk-") for rule in others)
    both = check_text(shipped, "我已经说了两遍了！！！", "到底什么时候发货")
    assert {f.norm for f in both} >= {"shouting", "blaming"}
    assert len(both) == len({f.norm for f in both})
