"""Conversation and timing norms, run as a user runs them (kefu check --format json)."""
from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.conversation import is_closing
from checker.parameters import load_parameters
from checker.policy import PolicyError
from conftest import ROOT

runner = CliRunner()


def chat(tid, messages, agent="小美", **extra):
    record = {"id": tid, "agent": agent, "messages": messages, **extra}
    return record


def check(tmp_path, *records, args=()):
    path = tmp_path / "chats.json"
    path.write_text(json.dumps(list(records), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never", *args])
    doc = json.loads(result.stdout)
    return result.exit_code, doc


def findings(doc, tid, norm=None):
    t = next(t for t in doc["transcripts"] if t["id"] == tid)
    return [f for f in t["findings"] if norm is None or f["norm"] == norm]


def m(at, role, text):
    return {"at": at, "from": role, "text": text}


def test_two_customer_messages_18s_apart_answered_7s_later_is_late(tmp_path):
    c = chat("T1", [m("2026-11-03T10:00:00+08:00", "customer", "在吗"),
                    m("10:00:18", "customer", "有灰色的吗"),
                    m("10:00:25", "agent", "您好，灰色有货的。")])
    _, doc = check(tmp_path, c)
    [f] = findings(doc, "T1", "response_time")
    assert f["message"] == 2 and f["wait_seconds"] == 25 and f["deadline_seconds"] == 20 and f["concurrency"] == 1
    metrics = doc["transcripts"][0]["metrics"]
    assert metrics == {"timed": True, "rounds": 1, "first_response_seconds": 25.0, "mean_response_seconds": 25.0,
                       "late_rounds": 1, "unanswered_rounds": 0}


def test_reply_after_45s_while_serving_five_chats_is_not_late(tmp_path):
    busy = [chat(f"B{i}", [m("2026-11-03T10:00:00+08:00", "customer", "你好"),
                           m("10:00:05", "agent", "您好"), m("10:05:00", "customer", "谢谢")]) for i in range(4)]
    target = chat("T2", [m("2026-11-03T10:01:00+08:00", "customer", "你好，这个有赠品吗"),
                         m("10:01:45", "agent", "您好，下单就送枕套哦。")])
    _, doc = check(tmp_path, *busy, target)
    assert findings(doc, "T2", "response_time") == []
    # the same reply with nobody else open: 45 s is over the 20 s deadline
    _, alone = check(tmp_path, target)
    [f] = findings(alone, "T2", "response_time")
    assert f["concurrency"] == 1 and f["deadline_seconds"] == 20


def test_system_messages_never_end_a_round_and_agent_bursts_end_it_once(tmp_path):
    c = chat("T3", [m("2026-11-03T10:00:00+08:00", "customer", "发什么快递"),
                    m("10:00:01", "system", "您好，客服马上就来"),
                    m("10:00:30", "agent", "您好，发中通。"),
                    m("10:02:00", "agent", "还有其他问题吗？")])
    _, doc = check(tmp_path, c)
    [f] = findings(doc, "T3", "response_time")
    assert f["message"] == 2 and f["wait_seconds"] == 30


def test_midnight_rollover_and_time_zones(tmp_path):
    night = chat("T4", [m("2026-11-03T23:59:50+08:00", "customer", "还在吗"),
                        m("00:00:05", "agent", "亲，在的呢")])
    zones = chat("T5", [m("2026-11-03T10:00:00+08:00", "customer", "你好"),
                        m("2026-11-03T02:00:30+00:00", "agent", "您好")])
    _, doc = check(tmp_path, night, zones)
    assert findings(doc, "T4", "response_time") == []
    assert doc["transcripts"][0]["metrics"]["first_response_seconds"] == 15.0
    [f] = findings(doc, "T5", "response_time")
    assert f["wait_seconds"] == 30


def test_out_of_order_messages_are_an_input_error_naming_the_message(tmp_path):
    bad = chat("T6", [m("2026-11-03T10:00:30+08:00", "customer", "你好"),
                      m("2026-11-03T10:00:10+08:00", "agent", "您好")])
    ok = chat("T7", [m("2026-11-03T10:00:00+08:00", "customer", "你好"), m("10:00:05", "agent", "您好")])
    code, doc = check(tmp_path, bad, ok)
    assert code == 2 and [t["id"] for t in doc["transcripts"]] == ["T7"]
    [err] = doc["errors"]
    assert err["location"] == "messages[1]" and "T6" in err["error"] and "顺序" in err["error"]


def test_no_timestamps_skips_timing_once_and_runs_the_rest(tmp_path):
    chats = [chat(f"U{i}", [{"from": "customer", "text": "这个能退吗"}, {"from": "agent", "text": "不行"}])
             for i in range(3)]
    _, doc = check(tmp_path, *chats)
    assert doc["summary"]["untimed"] == 3 and len(doc["summary"]["notices"]) == 1
    assert all(t["metrics"]["timed"] is False for t in doc["transcripts"])
    assert findings(doc, "U0", "harsh_language") and not findings(doc, "U0", "response_time")


def test_closing_thanks_is_not_unanswered_but_a_question_is(tmp_path):
    thanks = chat("T8", [{"from": "customer", "text": "今天能发吗"}, {"from": "agent", "text": "您好，能发的"},
                         {"from": "customer", "text": "好的，谢谢！"}])
    question = chat("T9", [{"from": "customer", "text": "今天能发吗"}, {"from": "agent", "text": "您好，能发的"},
                           {"from": "customer", "text": "好的，谢谢，那运费谁出？"}])
    _, doc = check(tmp_path, thanks, question)
    assert findings(doc, "T8", "unanswered") == []
    [f] = findings(doc, "T9", "unanswered")
    assert f["message"] == 2


def test_an_unanswered_round_opens_at_its_first_customer_message(tmp_path):
    # norms.md: the finding points at the first customer message of the round, even when that
    # message is a thanks (谢谢) and the question comes after it (blind rounds 46 and 64 disagreed)
    comeback = chat("T10", [{"from": "customer", "text": "充电宝能带上高铁吗"}, {"from": "agent", "text": "您好，可以的"},
                            {"from": "customer", "text": "谢谢"}, {"from": "customer", "text": "在吗"},
                            {"from": "customer", "text": "我还想问下能开发票吗"}])
    whatever = chat("T11", [{"from": "customer", "text": "颜色有几种"}, {"from": "agent", "text": "您好，黑白两种，您要哪个"},
                            {"from": "customer", "text": "随便吧"}, {"from": "customer", "text": "那几天能到"}])
    _, doc = check(tmp_path, comeback, whatever)
    [f] = findings(doc, "T10", "unanswered")
    assert f["message"] == 2
    [f] = findings(doc, "T11", "unanswered")
    assert f["message"] == 2


@pytest.mark.parametrize("text, closing", [("谢谢", True), ("没有了，谢谢", True), ("嗯嗯 收到", True),
                                           ("好的 拜拜", True), ("谢谢，那运费谁出？", False), ("在吗", False),
                                           ("不行", False), ("[订单x]", False)])
def test_closing_courtesy(text, closing):
    assert is_closing(text) is closing


def test_apology_two_messages_after_complaint_and_auto_welcome_then_greeting(tmp_path):
    c = chat("T10", [{"from": "customer", "text": "收到的杯子漏水，这什么质量"},
                     {"from": "system", "text": "您好，欢迎光临！"},
                     {"from": "agent", "text": "亲，您好，麻烦拍一下漏水的位置"},
                     {"from": "customer", "text": "拍了"},
                     {"from": "agent", "text": "非常抱歉给您添麻烦了，马上补发。"}])
    no_apology = chat("T11", [{"from": "customer", "text": "收到的杯子漏水，这什么质量"},
                              {"from": "system", "text": "您好，欢迎光临！"},
                              {"from": "agent", "text": "拍个照片。"}])
    _, doc = check(tmp_path, c, no_apology)
    assert findings(doc, "T10") == []
    norms = {f["norm"]: f for f in findings(doc, "T11")}
    assert set(norms) == {"complaint_apology", "greeting"}
    assert norms["complaint_apology"]["message"] == 0 and norms["greeting"]["message"] == 2


def test_phone_follow_up_script_and_timing(tmp_path):
    call = chat("P1", [m("2026-11-03T21:30:00+08:00", "agent", "喂，床垫收到了吧？"),
                       m("21:30:05", "customer", "收到了"), m("21:30:10", "agent", "好的。")],
                channel="phone", service_at="2026-10-28T10:00:00+08:00")
    _, doc = check(tmp_path, call)
    found = {f["rule"]: f for f in findings(doc, "P1")}
    assert set(found) == {"callback-script-incomplete", "callback-rest-hours", "callback-too-late"}
    assert found["callback-script-incomplete"]["missing_parts"][0] == "自我介绍（公司与身份）"
    assert found["callback-too-late"]["delay_days"] > 3


POLICY_WITH_HISTORY = """
      - from: 2027-01-01
        value: 10
        source: {seed: "004", section: 假设的修订, quote: 不能超过 20 秒}
"""


def test_as_of_judges_by_the_parameters_in_force(tmp_path):
    shutil.copytree(ROOT / "policies", tmp_path / "p")
    params = tmp_path / "p" / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    anchor = "source: {seed: \"004\", section: 第二条 注意事项 3, quote: 不能超过 20 秒}\n"
    params.write_text(text.replace(anchor, anchor + textwrap.indent(textwrap.dedent(POLICY_WITH_HISTORY), "      ")
                                   .lstrip("\n"), 1), encoding="utf-8")
    c = chat("T12", [m("2026-11-03T10:00:00+08:00", "customer", "在吗"), m("10:00:15", "agent", "您好")])
    _, doc = check(tmp_path, c, args=("--policies", str(tmp_path / "p")))
    t = doc["transcripts"][0]
    assert t["findings"] == [] and t["judged_on"] == "2026-11-03" and t["policy_version"].endswith("@2021-03-03")
    _, later = check(tmp_path, c, args=("--policies", str(tmp_path / "p"), "--as-of", "2027-02-01"))
    t = later["transcripts"][0]
    assert [f["deadline_seconds"] for f in t["findings"]] == [10] and t["policy_version"].endswith("@2027-01-01")


def test_parameter_file_errors_name_the_place(tmp_path):
    (tmp_path / "parameters.yaml").write_text(textwrap.dedent("""
        parameters:
          response_time.deadline_seconds:
            history:
              - from: 2021-01-01
                value: 20
    """), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_parameters(tmp_path)
    [problem] = info.value.problems
    assert problem.line == 5 and "出处" in problem.problem and problem.field == "history[0].source"


def test_busy_evening_sample_45s_reply_is_not_late():
    sample = ROOT / "transcripts" / "im" / "batch_20261113_busy_evening.json"
    result = runner.invoke(app, ["check", str(sample), "--format", "json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0
    last = doc["transcripts"][-1]
    assert last["metrics"]["first_response_seconds"] == 45.0 and last["findings"] == []
