"""Loaders: canonical YAML/JSON/JSONL, the JDDC and 千牛 text exports, encodings."""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from checker.loaders import iter_transcripts, load_text
from checker.loaders.detect import detect_lines
from checker.loaders.encoding import LoaderProblem
from checker.model import LoadError, Transcript

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loaders"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CST = timezone(timedelta(hours=8))

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared sample data not found at {DATA}")


def load(*paths) -> list[Transcript | LoadError]:
    return list(iter_transcripts(paths))


def split(items):
    good = [i for i in items if isinstance(i, Transcript)]
    bad = [i for i in items if isinstance(i, LoadError)]
    assert len(good) + len(bad) == len(items)
    return good, bad


def write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def record(tid="T1", **over) -> dict:
    base = {"id": tid, "agent": "小美", "messages": [
        {"from": "customer", "text": "在吗"}, {"from": "agent", "text": "亲，在的呢"}]}
    base.update(over)
    return base


def jsonl(path: Path, records) -> Path:
    return write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


# ---------------------------------------------------------------- canonical YAML / JSON / JSONL

def test_yaml_sequence_fixture():
    path = FIXTURES / "canonical_night_shift.yaml"
    good, bad = split(load(path))
    assert bad == []
    night, phone = good
    assert night.id == "T-20261103-0007" and night.agent == "小美" and night.customer == "buyer_8812"
    assert night.channel == "im" and night.tags == ["presale"]
    assert night.outcome == {"ordered": True, "paid": True, "amount": 268.0}
    assert night.extra == {"shop": "小美家居旗舰店"}
    assert night.started_at == datetime(2026, 11, 3, 23, 59, 40, tzinfo=CST)
    assert [m.role for m in night.messages] == ["customer", "system", "agent", "customer", "agent"]
    assert [m.at for m in night.messages] == [
        datetime(2026, 11, 3, 23, 59, 50, tzinfo=CST), datetime(2026, 11, 3, 23, 59, 51, tzinfo=CST),
        datetime(2026, 11, 4, 0, 0, 5, tzinfo=CST), datetime(2026, 11, 4, 0, 1, 30, tzinfo=CST),
        datetime(2026, 11, 4, 0, 2, tzinfo=CST)]
    assert night.timed and night.origin == f"{path}#1"
    # id 8 is an int; a naive service_at and naive messages stay naive; the role key and aliases work
    assert phone.id == "8" and phone.channel == "phone" and phone.origin == f"{path}#2"
    assert phone.service_at == datetime(2026, 11, 1, 15, 0)
    assert [(m.role, m.at) for m in phone.messages] == [
        ("agent", datetime(2026, 11, 3, 10, 0)), ("customer", datetime(2026, 11, 3, 10, 0, 20))]


def test_yaml_single_mapping_and_unquoted_bare_time(tmp_path):
    path = write(tmp_path / "one.yml", """\
id: T-1
agent: 小美
started_at: 2026-11-03 09:59:00
messages:
  - {at: 10:00:01, from: customer, text: 在吗}
  - {at: "10:00:15", from: agent, text: 12345}
""")
    (t,) = load(path)
    assert isinstance(t, Transcript) and t.origin == str(path)
    assert [m.at for m in t.messages] == [datetime(2026, 11, 3, 10, 0, 1), datetime(2026, 11, 3, 10, 0, 15)]
    assert t.messages[1].text == "12345"


def test_yaml_1_1_directive_sexagesimal_is_reported(tmp_path):
    path = write(tmp_path / "old.yaml", "%YAML 1.1\n---\nid: a\nagent: x\nstarted_at: 2026-11-03T10:00:00\n"
                                        "messages:\n  - {at: 10:00:01, from: customer, text: hi}\n")
    (err,) = load(path)
    assert isinstance(err, LoadError) and err.location == "messages[0]"
    assert "36001" in err.reason and "加引号" in err.reason


def test_yaml_syntax_error_names_line(tmp_path):
    path = write(tmp_path / "bad.yaml", "id: a\nagent: x\nmessages:\n  - from: customer\n   text: [unclosed\n")
    (err,) = load(path)
    assert isinstance(err, LoadError) and err.location.startswith("第 ") and "YAML" in err.reason


def test_yaml_multiple_documents(tmp_path):
    docs = "---\n" + "id: a\nagent: x\nmessages: [{from: customer, text: hi}]\n" \
           "---\n- id: b\n  agent: x\n  messages: [{from: agent, text: yo}]\n"
    good, bad = split(load(write(tmp_path / "multi.yaml", docs)))
    assert [t.id for t in good] == ["a", "b"] and bad == []


def test_json_object_and_array(tmp_path):
    one = write(tmp_path / "one.json", json.dumps(record("J1", extra_key=[1, 2])))
    many = write(tmp_path / "many.json", json.dumps([record("J2"), record("J3")]))
    good, bad = split(load(one, many))
    assert bad == [] and [t.id for t in good] == ["J1", "J2", "J3"]
    assert good[0].origin == str(one) and good[0].extra == {"extra_key": [1, 2]}
    assert [t.origin for t in good[1:]] == [f"{many}#1", f"{many}#2"]
    assert not good[0].timed and good[0].messages[1].index == 1


def test_jsonl_skips_blank_lines_and_reports_bad_lines(tmp_path):
    path = write(tmp_path / "c.jsonl", "\n".join([
        json.dumps(record("L1")), "", "   ", "{not json", json.dumps(record("L5")), "[1, 2]", ""]))
    good, bad = split(load(path))
    assert [(t.id, t.origin) for t in good] == [("L1", f"{path}:1"), ("L5", f"{path}:5")]
    assert [e.location for e in bad] == ["第 4 行", "第 6 行"]
    assert "不是合法的 JSON" in bad[0].reason and "记录应为对象" in bad[1].reason


def test_truncated_json_is_one_error_with_position(tmp_path):
    text = json.dumps([record("A"), record("B")], ensure_ascii=False, indent=2)
    path = write(tmp_path / "cut.json", text[: len(text) // 2])
    (err,) = load(path)
    assert isinstance(err, LoadError) and err.file == str(path)
    assert err.location.startswith("第 ") and "列" in err.location
    assert "截断" in err.reason


def test_directory_walk_is_recursive_sorted_and_filtered(tmp_path):
    jsonl(tmp_path / "b" / "z.jsonl", [record("bz")])
    write(tmp_path / "b" / "a.yaml", "id: ba\nagent: x\nmessages: [{from: customer, text: hi}]\n")
    write(tmp_path / "a.json", json.dumps(record("a")))
    write(tmp_path / "c.YML", "id: c\nagent: x\nmessages: [{from: customer, text: hi}]\n")
    write(tmp_path / "notes.md", "# not a transcript")
    write(tmp_path / "data.csv", "a,b\n")
    jsonl(tmp_path / ".hidden" / "x.jsonl", [record("hidden")])
    good, bad = split(load(tmp_path))
    assert bad == [] and [t.id for t in good] == ["a", "ba", "bz", "c"]


def test_missing_path_and_explicit_unknown_suffix(tmp_path):
    csv = write(tmp_path / "data.csv", "a,b\n")
    missing, unknown = load(tmp_path / "nope.json", csv)
    assert isinstance(missing, LoadError) and "不存在" in missing.reason
    assert isinstance(unknown, LoadError) and ".csv" in unknown.reason and missing.location == ""


def test_empty_files(tmp_path):
    items = load(write(tmp_path / "e.jsonl", "\n\n"), write(tmp_path / "e.json", "[]"),
                 write(tmp_path / "e.yaml", "# nothing\n"))
    assert len(items) == 3 and all(isinstance(i, LoadError) for i in items)


# ---------------------------------------------------------------- roles, times, validation

def test_role_aliases(tmp_path):
    messages = [{"role": "客服", "text": "a"}, {"from": "顾客", "text": "b"}, {"from": "买家", "text": "c"},
                {"role": "客户", "text": "d"}, {"from": "系统", "text": "e"}, {"from": " Agent ", "text": "f"}]
    (t,) = load(jsonl(tmp_path / "a.jsonl", [record(messages=messages)]))
    assert [m.role for m in t.messages] == ["agent", "customer", "customer", "customer", "system", "agent"]


def test_an_automatic_reply_sent_as_agent_is_a_system_message(tmp_path):
    """Exports that put the shop's 【自动回复】 under the agent (as 千牛 does, where the 千牛 loader already
    reads it as system): it is no human reply, so it neither greets nor answers a round."""
    messages = [{"from": "customer", "text": "在吗"}, {"from": "agent", "text": "【自动回复】您好，欢迎光临~"},
                {"from": "agent", "text": " [自动回复]客服马上就来"}, {"from": "agent", "text": "亲 在的 说【自动回复】的事"}]
    for path in (jsonl(tmp_path / "a.jsonl", [record(messages=messages)]),
                 write(tmp_path / "a.json", json.dumps(record(messages=messages), ensure_ascii=False))):
        (t,) = load(path)
        assert [m.role for m in t.messages] == ["customer", "system", "system", "agent"]


def test_bare_times_take_date_of_previous_datetime_and_roll_over(tmp_path):
    messages = [
        {"at": "2026-11-03T23:59:50", "from": "customer", "text": "在吗"},
        {"at": "00:00:05", "from": "agent", "text": "在的"},
        {"at": "00:10", "from": "customer", "text": "好"},
        {"at": "2026-12-01T08:00:00+08:00", "from": "agent", "text": "回访"},
        {"at": "06:59:59", "from": "customer", "text": "嗯"},
    ]
    rec = record(messages=messages)
    (err,) = load(jsonl(tmp_path / "mixed.jsonl", [rec]))  # naive and aware together
    assert isinstance(err, LoadError) and "时区" in err.reason
    messages[3]["at"] = "2026-12-01T08:00:00"
    (t,) = load(jsonl(tmp_path / "ok.jsonl", [rec]))
    assert [m.at for m in t.messages] == [
        datetime(2026, 11, 3, 23, 59, 50), datetime(2026, 11, 4, 0, 0, 5), datetime(2026, 11, 4, 0, 10),
        datetime(2026, 12, 1, 8, 0), datetime(2026, 12, 2, 6, 59, 59)]


def test_offset_of_started_at_carries_to_bare_times(tmp_path):
    rec = record(started_at="2026-11-03T10:00:00Z",
                 messages=[{"at": "10:00:01", "from": "customer", "text": "hi"}])
    (t,) = load(jsonl(tmp_path / "z.jsonl", [rec]))
    assert t.messages[0].at == datetime(2026, 11, 3, 10, 0, 1, tzinfo=timezone.utc)


def test_bare_time_without_date_is_an_error_naming_the_message(tmp_path):
    rec = record(messages=[{"from": "customer", "text": "hi"}, {"at": "10:00:01", "from": "agent", "text": "yo"}])
    one = write(tmp_path / "one.json", json.dumps(rec))
    arr = write(tmp_path / "arr.json", json.dumps([record("ok"), rec]))
    (e1,) = load(one)
    ok, e2 = load(arr)
    assert isinstance(ok, Transcript)
    assert e1.location == "messages[1]" and e2.location == "第 2 条记录 messages[1]"
    assert "messages[1].at" in e1.reason and "started_at" in e1.reason


def test_backwards_full_datetimes_load_in_given_order(tmp_path):
    rec = record(messages=[{"at": "2026-11-03T10:05:00", "from": "customer", "text": "b"},
                           {"at": "2026-11-03T10:00:00", "from": "agent", "text": "a"}])
    (t,) = load(jsonl(tmp_path / "back.jsonl", [rec]))
    assert [m.text for m in t.messages] == ["b", "a"] and t.messages[0].at > t.messages[1].at


def test_partial_timestamps_are_kept(tmp_path):
    rec = record(messages=[{"at": "2026-11-03T10:00:00", "from": "customer", "text": "a"},
                           {"from": "agent", "text": "b"}])
    (t,) = load(jsonl(tmp_path / "p.jsonl", [rec]))
    assert t.messages[0].at is not None and t.messages[1].at is None and not t.timed


def test_bad_records_do_not_stop_the_others(tmp_path):
    bad_from = record("R3", messages=[{"from": "customer", "text": str(i)} for i in range(4)]
                      + [{"from": "客户X", "text": "hi"}])
    records = [record("R1"), record("R2", messages={"from": "customer"}), bad_from,
               record("R4", messages=[{"from": "agent", "text": {"a": 1}}]), record("R5"),
               record("R6", messages=[]), record("R7", messages=[{"from": "agent", "text": None}]),
               record("R8", channel="wechat", outcome={"paid": "yes", "amount": "268"}),
               {"agent": "x", "messages": []}]
    path = write(tmp_path / "mixed.json", json.dumps(records, ensure_ascii=False))
    items = load(path)
    assert [i.id for i in items if isinstance(i, Transcript)] == ["R1", "R5"]
    errors = {e.location: e.reason for e in items if isinstance(e, LoadError)}
    assert errors["第 2 条记录"] == "messages 应为列表，实际是对象（映射）"
    assert errors["第 3 条记录 messages[4]"] == 'messages[4].from 的值 "客户X" 无效：应为 customer、agent 或 system'
    assert errors["第 4 条记录 messages[0]"] == "messages[0].text 应为字符串，实际是对象（映射）"
    assert errors["第 6 条记录"].startswith("没有消息")
    assert "缺少 text" in errors["第 7 条记录 messages[0]"]
    assert "channel" in errors["第 8 条记录"] and "另有 2 处问题" in errors["第 8 条记录"]
    assert errors["第 9 条记录"].startswith("缺少 id") and "没有消息" in errors["第 9 条记录"]


def test_yaml_sequence_bad_record_location(tmp_path):
    path = write(tmp_path / "s.yaml", "- id: a\n  agent: x\n  messages: [{from: customer, text: hi}]\n"
                                      "- id: b\n  agent: x\n  messages: oops\n")
    ok, err = load(path)
    assert isinstance(ok, Transcript) and err.location == "第 2 条记录" and "messages 应为列表" in err.reason


# ---------------------------------------------------------------- encodings and size

@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".yaml", ".txt"])
def test_binary_garbage_is_one_error(tmp_path, suffix):
    data = bytes(range(256)) * 64 + b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    (err,) = load(write(tmp_path / f"g{suffix}", data))
    assert isinstance(err, LoadError) and "二进制" in err.reason


def test_gb18030_files_load(tmp_path):
    rec = record("GB", messages=[{"from": "顾客", "text": "请问这款收纳盒还有货吗？𠮷"}])
    gb_jsonl = write(tmp_path / "gb.jsonl", (json.dumps(rec, ensure_ascii=False) + "\n").encode("gb18030"))
    gb_yaml = write(tmp_path / "gb.yaml", "id: GBY\nagent: 小美\nmessages:\n  - {from: 客服, text: 亲，在的呢}\n"
                    .encode("gb18030"))
    good, bad = split(load(gb_jsonl, gb_yaml))
    assert bad == [] and good[0].messages[0].text == "请问这款收纳盒还有货吗？𠮷"
    assert good[1].agent == "小美" and good[1].messages[0].text == "亲，在的呢"


def test_bom_is_stripped_and_utf16_is_explained(tmp_path):
    text = json.dumps(record("BOM"), ensure_ascii=False)
    assert load_text(write(tmp_path / "b.json", b"\xef\xbb\xbf" + text.encode())) == text
    (t,) = load(tmp_path / "b.json")
    (t2,) = load(write(tmp_path / "b.jsonl", b"\xef\xbb\xbf" + text.encode() + b"\r\n"))
    assert t.id == t2.id == "BOM"
    (err,) = load(write(tmp_path / "u16.json", text.encode("utf-16")))
    assert "UTF-16" in err.reason


def test_undecodable_text_is_an_error(tmp_path):
    path = write(tmp_path / "x.json", b'{"id": "a"}\n' + b"\x80\x80 \xff\xfe\xfd")
    with pytest.raises(LoaderProblem):
        load_text(path)
    (err,) = load(path)
    assert "UTF-8" in err.reason and err.location == "第 2 行"


def test_ten_megabyte_message(tmp_path):
    big = "亲" * (10 * 1024 * 1024 // 3 + 1)
    (t,) = load(jsonl(tmp_path / "big.jsonl", [record(messages=[{"from": "agent", "text": big}])]))
    assert t.messages[0].text == big


def test_hundred_thousand_messages_load_fast(tmp_path):
    messages = [{"at": f"{10 + i // 3600 % 12:02d}:{i // 60 % 60:02d}:{i % 60:02d}",
                 "from": ("customer", "agent")[i % 2], "text": f"第{i}条"} for i in range(100_000)]
    path = jsonl(tmp_path / "huge.jsonl", [record(started_at="2026-11-03T09:00:00+08:00", messages=messages)])
    (t,) = load(path)       # speed is measured by `make bench`, never by a timed test
    assert isinstance(t, Transcript) and len(t.messages) == 100_000 and t.timed


# ---------------------------------------------------------------- JDDC

def jddc_line(session, flag, text, customer="USERID_1", sku="nan", transfer="0"):
    return "\t".join([session, customer, flag, transfer, "0", sku, text])


def test_jddc_sessions_roles_and_short_lines(tmp_path):
    s1, s2 = "a" * 32, "b" * 32
    lines = [jddc_line(s1, "0", "在吗"), jddc_line(s1, "1", "您好\t有什么可以帮您", sku="12345"),
             f"{s1}\tUSERID_1\t0", jddc_line(s1, "0", " 发票 ", transfer="1"),
             jddc_line(s2, "1", "x", customer="USERID_2"), jddc_line(s2, "2", "bad flag")]
    path = write(tmp_path / "jd.txt", "\n".join(lines) + "\n")
    short, first, flag, second = load(path)  # streamed: a line's error comes before its session ends
    assert isinstance(short, LoadError) and short.location == "第 3 行" and "7 个" in short.reason
    assert isinstance(flag, LoadError) and flag.location == "第 6 行"
    assert first.id == "jddc-" + s1[:12] and first.agent == "jd-agent" and first.customer == "USERID_1"
    assert [(m.role, m.text) for m in first.messages] == [
        ("customer", "在吗"), ("agent", "您好\t有什么可以帮您"), ("customer", " 发票 ")]
    assert first.extra["skus"] == ["12345"] and first.extra["transfer_messages"] == [2]
    assert first.origin == f"{path}:1" and not first.timed
    assert second.id == "jddc-" + s2[:12] and second.customer == "USERID_2"


@needs_data
def test_jddc_raw_export_matches_the_canonical_jsonl():
    raw, raw_errors = split(load(DATA / "jddc2019" / "chat_0.1per.txt"))
    canon, canon_errors = split(load(DATA / "jddc2019" / "jddc2019.jsonl"))
    assert raw_errors == [] and canon_errors == []
    assert len(raw) == len(canon) == 994
    assert sum(len(t.messages) for t in raw) == 12136
    for a, b in zip(raw, canon):
        assert (a.id, a.agent, a.customer, a.channel) == (b.id, b.agent, b.customer, b.channel)
        assert [(m.role, m.text) for m in a.messages] == [(m.role, m.text) for m in b.messages]


@needs_data
def test_ecd_sample_loads():
    good, bad = split(load(DATA / "ecd" / "ecd.jsonl"))
    assert bad == [] and len(good) == 177


# ---------------------------------------------------------------- 千牛

def test_qianniu_utf8_fixture():
    path = FIXTURES / "qianniu_storage_box.txt"
    (t,) = load(path)
    assert isinstance(t, Transcript)
    assert t.id == "qianniu_storage_box" and t.agent == "小美" and t.customer == "tb_buyer_8812"
    assert t.started_at == datetime(2026, 11, 3, 23, 58, 40) and t.timed and t.origin == str(path)
    assert [m.role for m in t.messages] == [
        "customer", "system", "agent", "customer", "agent", "system", "customer", "agent"]
    assert t.messages[0].text == "在吗\n请问这款收纳盒还有货吗？"
    assert t.messages[1].text.startswith("[自动回复]") and t.messages[1].speaker == "小美家居旗舰店:小美"
    assert t.messages[2].text == "亲，在的呢，请问您想要哪个尺寸呢？"
    assert t.messages[3].at == datetime(2026, 11, 4, 0, 0, 12)
    assert t.messages[5].speaker == "系统消息"


def test_qianniu_gb18030_with_spaced_nick_and_fullwidth_colon(tmp_path):
    source = (FIXTURES / "qianniu_refund.txt").read_text(encoding="utf-8")
    path = write(tmp_path / "refund.txt", source.replace("\n", "\r\n").encode("gb18030"))
    (t,) = load(path)
    assert isinstance(t, Transcript)
    assert t.agent == "阿杰" and t.customer == "小 明 同学"
    assert [m.role for m in t.messages] == ["customer", "system", "agent", "customer", "agent"]
    assert t.messages[3].text == "订单号: 3306 1234 5678\ntime: 09:15 下单的"
    assert t.messages[4].text.count("\n") == 2 and "\r" not in t.messages[4].text


def test_qianniu_problems(tmp_path):
    preamble = write(tmp_path / "pre.txt", "这是一段说明文字\nbuyer 2026-11-03 10:00:00\n在吗\n")
    no_agent = write(tmp_path / "alone.txt", "buyer 2026-11-03 10:00:00\n在吗\n")
    bad_time = write(tmp_path / "time.txt", "buyer 2026-11-03 10:00:00\n在吗\n店:小美 2026-13-03 10:00:00\nhi\n")
    no_header = write(tmp_path / "plain.txt", "只是一些文字\n没有消息头\n")
    e1, e2, e3, e4 = load(preamble, no_agent, bad_time, no_header)
    assert e1.location == "第 1 行" and "消息头" in e1.reason
    assert "找不到客服" in e2.reason
    assert e3.location == "第 3 行" and "时间无效" in e3.reason
    assert "无法识别的文本格式" in e4.reason and "JDDC" in e4.reason and "千牛" in e4.reason


def test_detect_lines():
    assert detect_lines(["", "a\tb\t1\t0\t0\tnan\t你好"]) == "jddc"
    assert detect_lines(["与buyer的聊天记录", "buyer 2026-11-03 10:00:00"]) == "qianniu"
    assert detect_lines(["hello", "world"]) is None and detect_lines([]) is None


def test_qianniu_long_message_line_is_fast(tmp_path):
    body = "亲" + " " * 2_000_000 + "x"  # a header-like regex could backtrack quadratically here
    path = write(tmp_path / "long.txt", f"buyer 2026-11-03 10:00:00\n{body}\n店:小美 2026-11-03 10:00:05\n好的\n")
    (t,) = load(path)
    assert t.messages[0].text == body    # no timing here: `make bench` and tests/test_hostile.py cover speed


@pytest.mark.parametrize("earlier", ["10:00:10", "09:59", "09:30:30"])
def test_bare_time_back_by_seconds_or_minutes_is_out_of_order(tmp_path, earlier):
    rec = record(started_at="2026-11-03T10:00:00",
                 messages=[{"at": "10:00:30", "from": "customer", "text": "在吗"},
                           {"at": earlier, "from": "agent", "text": "在的"}])
    (err,) = load(jsonl(tmp_path / "back.jsonl", [rec]))
    assert isinstance(err, LoadError) and err.location == "第 1 行 messages[1]"
    assert "顺序" in err.reason and earlier in err.reason


def test_bare_time_back_by_hours_rolls_over_midnight(tmp_path):
    rec = record(started_at="2026-11-03T22:30:00",
                 messages=[{"at": "22:30:30", "from": "customer", "text": "在吗"},
                           {"at": "21:30:29", "from": "agent", "text": "在的"}])
    (t,) = load(jsonl(tmp_path / "roll.jsonl", [rec]))
    assert t.messages[1].at == datetime(2026, 11, 4, 21, 30, 29)


def test_a_file_sniffed_once_is_sniffed_again_when_it_changes(tmp_path):
    from checker.loaders.encoding import sniff_encoding
    path = tmp_path / "chats.jsonl"
    path.write_bytes("顾客说好的\n".encode("utf-8"))
    assert sniff_encoding(path) == "utf-8"
    assert sniff_encoding(path) == "utf-8"           # the second time from what the first found
    path.write_bytes("顾客说好的呀，谢谢\n".encode("gb18030"))
    assert sniff_encoding(path) == "gb18030"


def test_an_amount_too_big_for_a_number_is_a_clear_error_not_a_crash(tmp_path):
    path = tmp_path / "huge.jsonl"
    line = json.dumps({"id": "H-1", "agent": "小美", "messages": [{"from": "agent", "text": "在"}],
                       "outcome": {"amount": 10 ** 400}})
    path.write_text(line + "\n" + json.dumps({"id": "H-2", "agent": "小美", "messages": [{"from": "agent", "text": "在"}]})
                    + "\n", encoding="utf-8")
    items = list(iter_transcripts([path]))
    assert isinstance(items[0], LoadError) and "outcome.amount" in items[0].reason and items[0].location == "第 1 行"
    assert isinstance(items[1], Transcript)


@pytest.mark.parametrize("at", [0, 5, 63, 64, 65, 200])
def test_one_pass_sniff_names_the_bad_line_and_prefers_binary(tmp_path, monkeypatch, at):
    """The encoding sniff reads the file once for the binary and the UTF-8 checks: a bad byte
    in any chunk is reported on its line, and a file that is binary as well as not UTF-8 is
    reported as binary."""
    from checker.loaders import encoding
    monkeypatch.setattr(encoding, "CHUNK", 64)
    lines = [f"第{n}行 内容".encode() for n in range(1, 40)]
    data = b"\n".join(lines) + b"\n"
    data = data[:at] + b"\xfd\xfe\xff" + data[at:]
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(encoding.LoaderProblem) as caught:
        encoding._sniff(path)
    line = data.count(b"\n", 0, at) + 1
    assert caught.value.location == f"第 {line} 行"
    path.write_bytes(data + b"\x01" * 4000)
    with pytest.raises(encoding.LoaderProblem) as caught:
        encoding._sniff(path)
    assert "二进制" in caught.value.reason
