"""The lean first pass (checker/loaders/lean.py) finds, for every record, what the full
reader finds: whether the check accepts it, its id and agent, whether its times are in
order, and when it opens and closes; on clean records and on every kind of odd one."""
from __future__ import annotations

import json

import pytest

import checker.pipeline as pipeline
import checker.workers as workers
from checker.loaders import iter_transcripts
from checker.loaders.canonical import parse_record
from checker.loaders.lean import _SLOW, full_interval, interval
from checker.runner import _accepted, accepted_intervals


def chat(tid="C-1", ats=("2026-11-11T10:00:00+08:00", "10:00:09", "10:01:00"), **extra):
    roles = ["customer", "agent", "customer", "agent", "system"]
    messages = []
    for k, at in enumerate(ats):
        message = {"from": roles[k % len(roles)], "text": f"消息{k}"}
        if at is not None:
            message["at"] = at
        messages.append(message)
    return {"id": tid, "agent": "小美", "messages": messages, **extra}


CASES = {
    "clean": chat(),
    "one message": chat(ats=("2026-11-11T10:00:00+08:00",)),
    "naive": chat(ats=("2026-11-11 10:00:00", "10:00:05")),
    "microseconds, same second": chat(ats=("2026-11-11T10:00:00.500+08:00", "10:00:00")),
    "microseconds, later": chat(ats=("2026-11-11T10:00:00.500+08:00", "10:00:01")),
    "equal clocks": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:00", "10:00:00")),
    "rollover past midnight": chat(ats=("2026-11-11T23:59:00+08:00", "23:59:30", "00:00:10")),
    "back by seconds (a problem)": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:09", "10:00:05")),
    "back by a full datetime (out of order)": chat(ats=("2026-11-11T10:00:00+08:00", "2026-11-11T09:00:00+08:00")),
    "two datetimes": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:05", "2026-11-11T11:00:00+08:00", "11:00:01")),
    "other zone": chat(ats=("2026-11-11T10:00:00+00:00", "10:00:05")),
    "mixed zones": chat(ats=("2026-11-11T10:00:00+08:00", "2026-11-11T10:00:05")),
    "missing timestamps": chat(ats=(None, None)),
    "one timestamp missing": chat(ats=("2026-11-11T10:00:00+08:00", None, "10:00:05")),
    "bare first, no date": chat(ats=("10:00:00", "10:00:05")),
    "bare first with started_at": chat(ats=("10:00:00", "10:00:05"), started_at="2026-11-11T09:59:00+08:00"),
    "bad clock": chat(ats=("2026-11-11T10:00:00+08:00", "10:61:00")),
    "clock 24:00:00": chat(ats=("2026-11-11T10:00:00+08:00", "24:00:00")),
    "clock with fraction": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:01.25")),
    "short clock": chat(ats=("2026-11-11T10:00:00+08:00", "10:00")),
    "clock with spaces": chat(ats=("2026-11-11T10:00:00+08:00", " 10:00:05 ")),
    "full-width digits": chat(ats=("2026-11-11T10:00:00+08:00", "１０:00:05")),
    "clock 23:59:60": chat(ats=("2026-11-11T10:00:00+08:00", "23:59:60")),
    "clock 19:59:59 then 20:00:00": chat(ats=("2026-11-11T10:00:00+08:00", "19:59:59", "20:00:00")),
    "clock with a line break": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:05\n10:00:06")),
    "line break across readings": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:05\n10:00:0", "6")),
    "clock with a trailing line break": chat(ats=("2026-11-11T10:00:00+08:00", "10:00:05\n", "10:00:06")),
    "microseconds, later minute": chat(ats=("2026-11-11T10:00:59.900+08:00", "10:01:00", "10:01:00")),
    "back within a clock run": chat(ats=("2026-11-11T10:00:00+08:00", "10:05:00", "10:04:59", "10:06:00")),
    "date only": chat(ats=("2026-11-11", "10:00:05")),
    "number as time": chat(ats=("2026-11-11T10:00:00+08:00", 36000)),
    "int id": {**chat(), "id": 42},
    "blank id": {**chat(), "id": "  "},
    "bool id": {**chat(), "id": True},
    "no agent": {k: v for k, v in chat().items() if k != "agent"},
    "int agent": {**chat(), "agent": 7},
    "int customer": chat(customer=123),
    "phone channel": chat(channel="phone"),
    "bad channel": chat(channel="email"),
    "list channel": chat(channel=["im"]),
    "tags": chat(tags=["bench", "vip"]),
    "bad tags": chat(tags=["bench", 3]),
    "empty tags": chat(tags=""),
    "outcome": chat(outcome={"ordered": True, "paid": False, "amount": 12.5}),
    "outcome bad flag": chat(outcome={"ordered": "yes"}),
    "outcome NaN": chat(outcome={"amount": float("nan")}),
    "outcome huge int": chat(outcome={"amount": 10 ** 400}),
    "outcome not a mapping": chat(outcome=[1]),
    "outcome false": chat(outcome=False),
    "role alias": {**chat(), "messages": [{"from": "客服", "text": "在", "at": "2026-11-11T10:00:00+08:00"}]},
    "role spelled otherwise": {**chat(), "messages": [{"from": " Agent ", "text": "在", "at": "2026-11-11T10:00:00+08:00"}]},
    "role key": {**chat(), "messages": [{"role": "agent", "text": "在", "at": "2026-11-11T10:00:00+08:00"}]},
    "bad role": {**chat(), "messages": [{"from": "bot", "text": "在"}]},
    "number text": {**chat(), "messages": [{"from": "agent", "text": 5, "at": "2026-11-11T10:00:00+08:00"}]},
    "int speaker": {**chat(), "messages": [{"from": "agent", "text": "在", "speaker": 9}]},
    "message not a mapping": {**chat(), "messages": ["在吗"]},
    "no messages": {**chat(), "messages": []},
    "messages not a list": {**chat(), "messages": {"from": "agent"}},
    "not a mapping": ["C-1"],
    "service_at": chat(service_at="2026-11-11T10:00:00+08:00"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_record_reads_as_the_full_reader_reads_it(name):
    data = json.loads(json.dumps(CASES[name]))        # as a .jsonl line decodes
    transcript, _ = parse_record(data)
    expected = None if transcript is None else full_interval(transcript)
    found = interval(data)
    if found is _SLOW:                # left to the full reader: it decides
        return
    assert found == expected


def test_clean_records_take_the_lean_path():
    for name in ("clean", "one message", "naive", "microseconds, later", "equal clocks", "rollover past midnight",
                 "two datetimes", "other zone", "missing timestamps", "tags", "outcome", "phone channel"):
        assert interval(json.loads(json.dumps(CASES[name]))) is not _SLOW, name


def _both(path):
    serial = accepted_intervals(iter_transcripts([path]))
    lean = _accepted(r for task in pipeline.iter_tasks([path]) for r in workers.task_intervals(task))
    return serial, lean


@pytest.mark.parametrize("encoding,bom,newline", [("utf-8", False, "\n"), ("utf-8", True, "\r\n"),
                                                  ("gb18030", False, "\r\n"), ("utf-8-sig", False, "\n")])
def test_a_whole_file_gives_the_same_intervals(tmp_path, monkeypatch, encoding, bom, newline):
    monkeypatch.setattr(pipeline, "CHUNK", 700)          # many small tasks
    lines = [json.dumps({**data, "id": data.get("id") if "id" in name else name} if isinstance(data, dict) else data,
                        ensure_ascii=False) for name, data in CASES.items()]
    lines += [json.dumps({**chat(tid=f"D-{i % 7}", ats=(f"2026-11-11T1{i % 3}:00:00+08:00", f"1{i % 3}:00:0{i % 10}")),
                          "agent": "阿杰" if i % 2 else "小美"}, ensure_ascii=False) for i in range(30)]
    lines.insert(5, "")
    lines.insert(9, "   ")
    lines.insert(12, "{broken")
    lines.insert(15, "[1, 2]")
    text = newline.join(lines) + newline
    path = tmp_path / "chats.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    serial, lean = _both(path)
    assert lean == serial
    assert len(serial[0]) > 20 and "D-0" in serial[1] and "missing timestamps" in serial[1]


def test_other_formats_are_read_in_full(tmp_path):
    path = tmp_path / "chats.json"
    path.write_text(json.dumps([chat(tid="A"), chat(tid="B", ats=("2026-11-11T10:00:00+08:00", "09:59:59"))]),
                    encoding="utf-8")
    serial, lean = _both(path)
    assert lean == serial and serial[1] == {"A"}
