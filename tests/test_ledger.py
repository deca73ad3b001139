"""The ledger: schema and migrations, recording runs (once, replaced, all-or-nothing),
finding ids, waivers and the dispute window, the API the quiz codes against."""
from __future__ import annotations

import io
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from checker.engine import Engine
from checker.ledger import Ledger, LedgerError
from checker.ledger.codec import decode_transcript, encode_transcript
from checker.ledger.schema import LATEST, migrate
from checker.ledger.schema_steps import MIGRATIONS
from checker.runner import run_check

CHINA = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)


def chat(tid, agent="小美", day="2026-11-03", customer="张小凡", agent_text="不行，这个退不了。", outcome=None):
    doc = {"id": tid, "agent": agent, "customer": customer, "messages": [
        {"at": f"{day}T10:00:00+08:00", "from": "customer", "text": "我的电话是13812345678，能退吗？"},
        {"at": "10:00:10", "from": "agent", "text": agent_text}]}
    if outcome:
        doc["outcome"] = outcome
    return doc


def write(folder, *chats):
    folder.mkdir(parents=True, exist_ok=True)
    for c in chats:
        (folder / f"{c['id']}.json").write_text(json.dumps(c, ensure_ascii=False), encoding="utf-8")
    return folder


def record(ledger, policy, folder, at=T0):
    with ledger.recording(policy.version, at=at) as rec:
        run_check(policy, [folder], "json", io.StringIO(), recorder=rec)
    return rec.stats


def dump(ledger) -> dict:
    tables = [r[0] for r in ledger.conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {t: ledger.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


@pytest.fixture()
def ledger(tmp_path):
    with Ledger.open(tmp_path / "kefu.db") as opened:
        yield opened


# ---- opening and schema ----------------------------------------------------------------

def test_default_path_is_cwd_or_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DB", raising=False)
    with Ledger.open(None) as ledger:
        assert ledger.path.name == "kefu.db"
    assert (tmp_path / "kefu.db").is_file()
    monkeypatch.setenv("KEFU_DB", str(tmp_path / "other.db"))
    with Ledger.open(None):
        pass
    assert (tmp_path / "other.db").is_file()


def test_schema_version_table_lists_every_step(ledger):
    rows = ledger.conn.execute("SELECT version, description FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS] and ledger.schema_version == LATEST
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, LATEST + 1))      # contiguous steps, applied in order


def test_upgrading_a_version_1_ledger_keeps_its_data(tmp_path, policy):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, upto=1) == [1]
    from checker.loaders import iter_transcripts
    folder = write(tmp_path / "chats", chat("T-old"))
    transcript = next(iter(iter_transcripts([folder])))
    blob, digest = encode_transcript(transcript)
    conn.execute("INSERT INTO runs (kind, recorded_at, policy_version) VALUES ('check', '2026-11-03T12:00:00+08:00', 'v0')")
    conn.execute("INSERT INTO transcripts (id, agent, channel, day, month, timed, content_hash, content, policy_version,"
                 " first_recorded_at, recorded_at, run_id) VALUES ('T-old', '小美', 'im', '2026-11-03', '2026-11', 1, ?, ?,"
                 " 'v0', '2026-11-03T12:00:00+08:00', '2026-11-03T12:00:00+08:00', 1)", (digest, blob))
    conn.close()

    with Ledger.open(path) as ledger:
        assert ledger.schema_version == LATEST
        rows = ledger.month_transcripts("2026-11")
        assert [r["id"] for r in rows] == ["T-old"]
        assert rows[0]["waits"] == [10.0]          # step 4 backfilled the waits from the stored content
        ledger.record_exam("小美", "2026-11", "P1", 90, 100)   # tables of steps 2 and 3 exist
        ledger.set_discretionary("小美", "2026-11", 2, "帮忙整理话术")
        # a second open applies nothing
        assert migrate(ledger.conn) == []


def test_a_newer_ledger_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with Ledger.open(path) as ledger:
        ledger.conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'x')", (LATEST + 1,))
    with pytest.raises(LedgerError, match="升级 kefu"):
        Ledger.open(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(LedgerError, match="无法打开台账"):
        Ledger.open(bad)


# ---- recording runs ----------------------------------------------------------------------

def test_record_stores_transcripts_findings_metrics_and_version(ledger, policy, tmp_path):
    stats = record(ledger, policy, write(tmp_path / "c", chat("T-1"), chat("T-2", agent="阿杰", agent_text="亲，可以退的哦")))
    assert (stats.new, stats.changed, stats.unchanged) == (2, 0, 0)
    rows = {r["id"]: r for r in ledger.month_transcripts("2026-11")}
    assert rows["T-1"]["metrics"]["rounds"] == 1 and rows["T-1"]["policy_version"].startswith(policy.version)
    assert len(rows["T-1"]["content_hash"]) == 64
    stored = decode_transcript(ledger.conn.execute("SELECT content FROM transcripts WHERE id='T-1'").fetchone()[0])
    assert stored.messages[1].text == "不行，这个退不了。" and stored.customer == "张小凡"
    findings = ledger.month_findings("2026-11", "小美")
    assert any(f["norm"] == "harsh_language" and f["text"] == "不行" for f in findings)
    assert all(f["id"].startswith("F-") and f["published_at"] == T0.isoformat() for f in findings)


def test_recording_the_same_transcripts_twice_counts_them_once(ledger, policy, tmp_path):
    folder = write(tmp_path / "c", chat("T-1"), chat("T-2"))
    record(ledger, policy, folder)
    before = dump(ledger)
    stats = record(ledger, policy, folder, at=T0 + timedelta(hours=1))
    assert (stats.new, stats.changed, stats.unchanged) == (0, 0, 2)
    after = dump(ledger)
    assert after["transcripts"] == before["transcripts"] and after["findings"] == before["findings"]
    assert len(ledger.month_transcripts("2026-11")) == 2


def test_a_changed_transcript_replaces_its_findings_and_keeps_the_old_ones_retired(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "a", chat("T-1")))
    old = ledger.month_findings("2026-11")
    later = T0 + timedelta(hours=2)
    stats = record(ledger, policy, write(tmp_path / "b", chat("T-1", agent_text="亲，这个暂时退不了，我帮您申请换货好吗？")), at=later)
    assert stats.changed == 1 and stats.retired == len(old)
    assert ledger.month_findings("2026-11") == []                    # current findings: none
    retired = ledger.month_findings("2026-11", include_retired=True)  # never deleted
    assert {f["id"] for f in retired} == {f["id"] for f in old}
    assert all(not f["active"] and f["retired_at"] == later.isoformat() for f in retired)
    assert ledger.norm_counts("小美") == {}


def test_unchanged_findings_keep_their_id_and_publication_when_the_chat_changes(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "a", chat("T-1")))
    first = {f["id"]: f["published_at"] for f in ledger.month_findings("2026-11")}
    edited = chat("T-1")
    edited["messages"].append({"at": "10:00:40", "from": "customer", "text": "那好吧，谢谢"})
    record(ledger, policy, write(tmp_path / "b", edited), at=T0 + timedelta(hours=3))
    again = {f["id"]: f["published_at"] for f in ledger.month_findings("2026-11")}
    assert again == first


def test_finding_ids_are_stable_and_shown_in_json(policy, tmp_path):
    folder = write(tmp_path / "c", chat("T-1"))
    ids = []
    for name in ("one.db", "two.db"):
        with Ledger.open(tmp_path / name) as ledger:
            out = io.StringIO()
            with ledger.recording(policy.version, at=T0) as rec:
                run_check(policy, [folder], "json", out, recorder=rec)
            doc = json.loads(out.getvalue())
            ids.append([f["id"] for t in doc["transcripts"] for f in t["findings"]])
            assert ids[-1] == [f["id"] for f in ledger.month_findings("2026-11")]
    assert ids[0] == ids[1] and ids[0]


class Boom(Exception):
    pass


@pytest.mark.parametrize("error", [Boom, KeyboardInterrupt])
def test_an_interrupted_run_leaves_the_ledger_as_it_was(ledger, policy, tmp_path, monkeypatch, error):
    record(ledger, policy, write(tmp_path / "a", chat("T-1")))
    before = dump(ledger)
    folder = write(tmp_path / "b", chat("T-1", agent_text="亲，可以退的"), chat("T-2"), chat("T-3"), chat("T-4"))
    real = Engine.check
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise error("断电")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "check", flaky)
    with pytest.raises(error):
        record(ledger, policy, folder, at=T0 + timedelta(hours=1))
    assert len(calls) == 3                      # two transcripts were written before the failure …
    assert dump(ledger) == before               # … and rolled back, the run row too


# ---- waivers -------------------------------------------------------------------------------

def waive(ledger, ref, reason, at, who="质检-王"):
    """The one waiver path (checker/ledger/review.py); `at`: the moment the window is judged."""
    from checker.ledger.review import waive as review_waive
    from checker.ledger.users import User
    return review_waive(ledger, User(who, "reviewer"), ref, reason, as_of=at, override_window=True)


def test_waive_within_the_window_keeps_the_finding_and_counts_it_as_waived(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "c", chat("T-1")))
    fid = next(f["id"] for f in ledger.month_findings("2026-11") if f["norm"] == "harsh_language")
    assert ledger.norm_counts("小美")["harsh_language"] == 1
    waive(ledger, fid[:6], "顾客要求的是退差价，客服拒绝合理", T0 + timedelta(hours=23))
    f = ledger.finding(fid)
    assert f["active"] and f["waiver"]["reason"].startswith("顾客要求") and f["waiver"]["reviewer"] == "质检-王"
    assert "harsh_language" not in ledger.norm_counts("小美")
    assert fid in {x["id"] for x in ledger.month_findings("2026-11")}   # still visible
    with pytest.raises(LedgerError, match="已于"):
        waive(ledger, fid, "再来一次", T0 + timedelta(hours=23))


def test_waive_after_the_window_or_before_publication_is_refused(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "c", chat("T-1")))
    fid = ledger.month_findings("2026-11")[0]["id"]
    with pytest.raises(LedgerError, match="已过复核期"):
        waive(ledger, fid, "晚了", T0 + timedelta(days=1, seconds=1))
    with pytest.raises(LedgerError, match="早于"):
        waive(ledger, fid, "太早", T0 - timedelta(minutes=1))
    with pytest.raises(LedgerError, match="理由"):
        waive(ledger, fid, "  ", T0)
    with pytest.raises(LedgerError, match="没有编号"):
        waive(ledger, "F-ffffffffff", "x", T0)
    assert ledger.finding(fid)["waiver"] is None
    waive(ledger, fid, "正好一天", T0 + timedelta(days=1))


def test_a_retired_finding_cannot_be_waived(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "a", chat("T-1")))
    fid = ledger.month_findings("2026-11")[0]["id"]
    record(ledger, policy, write(tmp_path / "b", chat("T-1", agent_text="亲，可以退的")), at=T0 + timedelta(hours=1))
    with pytest.raises(LedgerError, match="不再有这处问题"):
        waive(ledger, fid, "x", T0 + timedelta(hours=2))


# ---- the API the quiz codes against --------------------------------------------------------

def test_exams_record_replace_and_read(ledger):
    taken = datetime(2026, 11, 28, 15, 0, tzinfo=CHINA)
    ledger.record_exam("小美", "2026-11", "paper-a", 55, 100, taken, {"wrong": ["q1", "q2"]})
    ledger.record_exam("小美", "2026-11", "paper-a", 88, 100, taken)          # same agent + paper: replaces
    ledger.record_exam("阿杰", "2026-11", "paper-a", 100, 100)
    ledger.record_exam("阿杰", "2026-12", "paper-b", 70, 80)
    rows = ledger.exam_results("2026-11")
    assert [(r["agent"], r["score"]) for r in rows] == [("小美", 88.0), ("阿杰", 100.0)]
    mine = ledger.exam_results("2026-11", agent="小美")[0]
    assert set(mine) == {"agent", "month", "paper_id", "score", "max_score", "taken_at", "details"}
    assert mine["taken_at"] == taken and mine["details"] == {} and mine["max_score"] == 100
    with pytest.raises(LedgerError):
        ledger.record_exam("小美", "2026-13", "p", 1, 100)
    with pytest.raises(LedgerError):
        ledger.record_exam("小美", "2026-11", "p", 120, 100)


def test_papers_and_question_history(ledger):
    ledger.record_paper("小美", "2026-10", "p-10", ["q1", "q2"])
    ledger.record_paper("小美", "2026-11", "p-11", ["q2", "q3"])
    ledger.record_paper("阿杰", "2026-11", "p-11", ["q9"])
    assert ledger.question_history("小美", ["2026-10", "2026-11"]) == {"q1", "q2", "q3"}
    assert ledger.question_history("小美", ["2026-11"]) == {"q2", "q3"}
    assert ledger.question_history("小美", []) == set()


def test_norm_counts_since(ledger, policy, tmp_path):
    record(ledger, policy, write(tmp_path / "c", chat("T-1", day="2026-10-30"), chat("T-2", day="2026-11-05")))
    assert ledger.norm_counts("小美")["harsh_language"] == 2
    assert ledger.norm_counts("小美", since=date(2026, 11, 1))["harsh_language"] == 1
    assert ledger.norm_counts("无名") == {}


def test_items_and_discretionary_need_a_reason(ledger):
    with pytest.raises(LedgerError, match="事由"):
        ledger.add_item("小美", "2026-11", "A5", 2, " ")
    with pytest.raises(LedgerError, match="理由"):
        ledger.set_discretionary("小美", "2026-11", 3, "")
    ledger.set_discretionary("小美", "2026-11", 3, "主动带新人")
    ledger.set_discretionary("小美", "2026-11", -2, "例会迟到两次")           # one per agent and month
    assert [(r["points"], r["reason"]) for r in ledger.discretionary("2026-11")] == [(-2, "例会迟到两次")]
