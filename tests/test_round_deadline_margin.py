"""round_deadline leaves out the rounds answered within the smaller deadline (no load could
make them late); the rounds between the two deadlines are still judged by durable-rules
with the agent's load, and Round's cached clock gives the same spans and waits."""
from __future__ import annotations

import json
from datetime import datetime

from typer.testing import CliRunner

from checker.cli import app
from checker.conversation import CHINA, rounds
from checker.model import Message

runner = CliRunner()


def m(at, role, text):
    return {"at": at, "from": role, "text": text}


def late(tmp_path, *records):
    path = tmp_path / "chats.json"
    path.write_text(json.dumps(list(records), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never", "--jobs", "1"])
    doc = json.loads(result.stdout)
    return {t["id"]: [(f["message"], f["wait_seconds"], f["deadline_seconds"], f["concurrency"])
                      for f in t["findings"] if f["norm"] == "response_time"] for t in doc["transcripts"]}


def test_waits_at_and_around_both_deadlines(tmp_path):
    # deadline 20 s, busy deadline 60 s from 4 open chats (policies/parameters)
    alone = {"id": "A", "agent": "小美", "messages": [
        m("2026-11-03T10:00:00+08:00", "customer", "在吗"), m("10:00:20", "agent", "在的亲"),           # 20: on time
        m("10:01:00", "customer", "有灰色吗"), m("10:01:21", "agent", "有的亲"),                        # 21: late
        m("10:02:00", "customer", "包邮吗"), m("10:02:59", "agent", "包邮的亲")]}                       # 59: late
    busy = [{"id": f"B{i}", "agent": "阿杰", "messages": [
        m("2026-11-03T11:00:00+08:00", "customer", "你好"), m("11:00:05", "agent", "您好"),
        m("11:10:00", "customer", "谢谢")]} for i in range(4)]
    target = {"id": "T", "agent": "阿杰", "messages": [
        m("2026-11-03T11:01:00+08:00", "customer", "你好，有赠品吗"), m("11:01:20", "agent", "有的亲"),      # 20
        m("11:02:00", "customer", "发什么快递"), m("11:02:45", "agent", "中通的亲"),                         # 45: busy, on time
        m("11:03:00", "customer", "几天到"), m("11:04:00", "agent", "两天左右"),                             # 60: on time
        m("11:05:00", "customer", "能开票吗"), m("11:06:01", "agent", "可以的亲")]}                          # 61: late
    found = late(tmp_path, alone, *busy, target)
    assert found["A"] == [(3, 21, 20, 1), (5, 59, 20, 1)]
    assert found["T"] == [(7, 61, 60, 5)]


def test_round_clock_is_computed_once_and_matches_the_datetimes():
    at = lambda s: datetime.fromisoformat(s)  # noqa: E731
    messages = [Message(0, "customer", "在吗", at("2026-11-03T10:00:00")),
                Message(1, "agent", "在的", at("2026-11-03T10:00:07.25+08:00")),
                Message(2, "customer", "好的谢谢，还有个问题", None),
                Message(3, "agent", "您说", at("2026-11-03T10:01:00+08:00"))]
    first, second = rounds(messages)
    assert first.span(messages) == (at("2026-11-03T10:00:00").replace(tzinfo=CHINA), at("2026-11-03T10:00:07.25+08:00"))
    assert first.wait(messages) == 7.25 and first.clock(messages) is first.clock(messages)
    assert second.span(messages) is None and second.wait(messages) is None
    other = [*messages[:1], Message(1, "agent", "在的", at("2026-11-03T10:00:09+08:00"))]
    assert first.wait(other) == 9.0          # another list: computed again


def test_out_of_order_compares_naive_times_as_china_time():
    from checker.conversation import out_of_order
    from checker.model import Transcript
    at = datetime.fromisoformat
    chat = lambda *times: Transcript(id="c", agent="a", messages=[  # noqa: E731
        Message(i, "customer", "在吗", t) for i, t in enumerate(times)])
    # 10:00 China time is 02:00 UTC: a naive 10:00:05 after it is in order, 09:59 UTC+8 is not
    assert out_of_order(chat(at("2026-11-03T02:00:00+00:00"), None, at("2026-11-03T10:00:05"))) is None
    assert out_of_order(chat(at("2026-11-03T10:00:00"), at("2026-11-03T01:59:59+00:00"))) == 1
    assert out_of_order(chat(at("2026-11-03T10:00:00"), at("2026-11-03T10:00:00+08:00"), None)) is None
