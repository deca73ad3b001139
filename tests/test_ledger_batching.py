"""Findings do not depend on how the chats were batched: with the ledger, concurrency (and
so the 20 s / 60 s deadline) is counted over every stored chat of the agent, and stored
neighbours are re-judged when a chat that overlaps them is recorded."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from checker.cli import app
from checker.ledger import Ledger
from checker.runner import run_check

CHINA = timezone(timedelta(hours=8))
runner = CliRunner()


def busy_chat(tid, start="2026-11-03T10:00:00", wait=30, agent="小美", close_after=600):
    """A chat whose only round is answered after `wait` seconds and that stays open
    `close_after` seconds (a closing thanks at the end)."""
    begin = datetime.fromisoformat(start).replace(tzinfo=CHINA)
    at = lambda s: (begin + timedelta(seconds=s)).isoformat()  # noqa: E731
    return {"id": tid, "agent": agent, "customer": f"buyer-{tid}", "messages": [
        {"at": at(0), "from": "customer", "text": "在吗"},
        {"at": at(wait), "from": "agent", "text": "亲，您好，在的呢，请问有什么可以帮您？"},
        {"at": at(close_after), "from": "customer", "text": "好的，谢谢"}]}


def write(path, *chats):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(chats), ensure_ascii=False), encoding="utf-8")
    return path


def record(ledger, *paths, args=()):
    """`kefu check --record` as a user runs it; returns the run's row of the runs table."""
    result = runner.invoke(app, ["check", *map(str, paths), "--record", "--db", str(ledger.path), "--format", "json",
                                 "--fail-on", "never", *args])
    assert result.exit_code == 0, result.stderr
    row = ledger.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
    return dict(zip([d[0] for d in row.description], row.fetchone()))


def late(ledger, month="2026-11", include_retired=False):
    return {f["transcript_id"]: f for f in ledger.month_findings(month, include_retired=include_retired)
            if f["norm"] == "response_time"}


def state(ledger):
    """What the scorecard reads: active findings with what they say."""
    return sorted((f["id"], f["transcript_id"], f["rule"], f["message"], f["active"],
                   json.dumps(f["details"], sort_keys=True))
                  for f in ledger.month_findings("2026-11", include_retired=True) if f["active"])


def test_one_file_at_a_time_gives_the_same_findings_as_all_together(policy, tmp_path):
    chats = [busy_chat(f"B{i}") for i in range(4)]           # four chats open at once: 60 s deadline
    files = [write(tmp_path / "in" / f"b{i}.json", c) for i, c in enumerate(chats)]
    with Ledger.open(tmp_path / "together.db") as together:
        record(together, *files)
        assert late(together) == {}
    with Ledger.open(tmp_path / "apart.db") as apart:
        for path in files:
            stats = record(apart, path)
        assert late(apart) == {}
        assert stats["recomputed"] == 3                          # the last file re-judged the three stored ones
        audit = apart.conn.execute("SELECT transcript_id, action, published, retired FROM transcript_changes "
                                   "WHERE run_id = ? ORDER BY transcript_id", (stats["id"],)).fetchall()
        assert audit == [("B0", "recomputed", 0, 1), ("B1", "recomputed", 0, 1), ("B2", "recomputed", 0, 1),
                         ("B3", "new", 0, 0)]
        with Ledger.open(tmp_path / "together.db") as together:
            assert state(apart) == state(together)


def test_the_finding_records_its_concurrency_basis(policy, tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "a.json", busy_chat("A1")))
        [f] = late(ledger).values()
        assert f["details"]["concurrency"] == 1 and f["details"]["concurrency_basis"] == "ledger"
    out = io.StringIO()
    summary = run_check(policy, [tmp_path / "a.json"], "json", out)
    [f] = [f for t in json.loads(out.getvalue())["transcripts"] for f in t["findings"] if f["norm"] == "response_time"]
    assert f["concurrency_basis"] == "run"
    assert any("本次检查" in n and "同时接待数" in n for n in summary.notices)


def test_a_chat_open_before_midnight_counts_for_the_next_day(policy, tmp_path):
    evening = [busy_chat(f"E{i}", start="2026-11-03T23:59:00", close_after=900) for i in range(3)]
    night = busy_chat("N1", start="2026-11-04T00:01:00", wait=90)      # late under either deadline
    day1, day2 = write(tmp_path / "d1.json", *evening), write(tmp_path / "d2.json", night)
    results = []
    for name, order in (("a.db", [day1, day2]), ("b.db", [day2, day1])):
        with Ledger.open(tmp_path / name) as ledger:
            for path in order:
                record(ledger, path)
            results.append(state(ledger))
    assert results[0] == results[1]
    [basis] = [json.loads(d) for _, tid, *_, d in results[0] if tid == "N1"]
    assert (basis["concurrency"], basis["deadline_seconds"]) == (4, 60)   # the evening chats were still open


def test_rejected_and_duplicate_records_do_not_count_toward_concurrency(policy, tmp_path):
    good = [busy_chat(f"G{i}") for i in range(3)]
    duplicate = busy_chat("G0")
    disordered = busy_chat("X1")
    disordered["messages"][1]["at"] = "2026-11-03T09:59:00+08:00"
    invalid = busy_chat("X2")
    invalid["channel"] = "fax"
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [*good, duplicate, disordered, invalid]),
                    encoding="utf-8")
    out = io.StringIO()
    summary = run_check(policy, [path], "json", out)
    assert summary.skipped == 3
    late_ones = [f for t in json.loads(out.getvalue())["transcripts"] for f in t["findings"]
                 if f["norm"] == "response_time"]
    assert len(late_ones) == 3 and {f["concurrency"] for f in late_ones} == {3}


def test_a_waiver_survives_a_timing_finding_that_goes_and_comes_back(policy, tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "a.json", busy_chat("W1")))
        [f] = late(ledger).values()
        from checker.ledger import review
        from checker.ledger.users import User
        review.waive(ledger, User("主管", "lead"), f["id"], "顾客中途离开")
        others = [busy_chat(f"W{i}") for i in (2, 3, 4)]
        record(ledger, write(tmp_path / "b.json", *others))
        assert late(ledger) == {}                              # four open at once: no longer late
        gone = late(ledger, include_retired=True)["W1"]
        assert gone["id"] == f["id"] and not gone["active"] and gone["waiver"]["reason"] == "顾客中途离开"
        moved = busy_chat("W4", start="2026-11-03T15:00:00")   # W4 was re-exported with its real time
        stats = record(ledger, write(tmp_path / "c.json", moved))
        assert stats["changed"] == 1 and stats["recomputed"] == 3
        back = late(ledger)
        assert back["W1"]["id"] == f["id"] and back["W1"]["active"]
        assert back["W1"]["waiver"]["reason"] == "顾客中途离开"
        assert ledger.conn.execute("SELECT COUNT(*) FROM waivers").fetchone()[0] == 1


def test_a_re_recorded_chat_with_new_content_replaces_the_stored_one_and_is_audited(policy, tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "a.json", busy_chat("R1")))
        record(ledger, write(tmp_path / "b.json", busy_chat("R1", wait=5)))
        assert late(ledger) == {}
        rows = ledger.conn.execute("SELECT run_id, transcript_id, action, old_hash IS NOT NULL, new_hash IS NOT NULL "
                                   "FROM transcript_changes ORDER BY run_id").fetchall()
        assert [r[1:] for r in rows] == [("R1", "new", 0, 1), ("R1", "replaced", 1, 1)]
        runs = ledger.conn.execute("SELECT new, changed, retired FROM runs ORDER BY id").fetchall()
        assert runs == [(1, 0, 0), (0, 1, 1)]


# ---- the month of a chat without timestamps -------------------------------------------------

def undated(tid, agent="阿杰"):
    return {"id": tid, "agent": agent, "customer": f"buyer-{tid}", "messages": [
        {"from": "customer", "text": "这个能退吗"}, {"from": "agent", "text": "亲，可以退的，我帮您处理"}]}


def months(ledger):
    return dict(ledger.conn.execute("SELECT id, day FROM transcripts ORDER BY id").fetchall())


def test_an_undated_chat_belongs_to_the_month_its_source_names(tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "jddc_20261028.json", undated("J1")))
        record(ledger, write(tmp_path / "export.json", undated("J2")), args=["--month", "2026-09"])
        record(ledger, write(tmp_path / "2026-08-15" / "export.json", undated("J3")))
        assert months(ledger) == {"J1": "2026-10-28", "J2": "2026-09-01", "J3": "2026-08-15"}
        assert [r["id"] for r in ledger.month_transcripts("2026-10")] == ["J1"]


def test_record_refuses_a_chat_with_no_date_at_all(tmp_path):
    path = write(tmp_path / "export.json", undated("J1"), busy_chat("T1"))
    result = runner.invoke(app, ["check", str(path), "--record", "--db", str(tmp_path / "k.db"), "--format", "json",
                                 "--fail-on", "never"])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    [error] = json.loads(result.stdout)["errors"]
    assert "J1" in error["error"] and "--month" in error["error"] and "文件名" in error["error"]
    with Ledger.open(tmp_path / "k.db") as ledger:
        assert list(months(ledger)) == ["T1"]
    plain = runner.invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never"])
    assert plain.exit_code == 0                     # without the ledger the chat is still checked


# ---- unreadable inputs ---------------------------------------------------------------------------

def test_a_run_with_unreadable_inputs_records_the_readable_ones_and_says_so(tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.json", busy_chat("G1"))
    (folder / "broken.json").write_text("{ 坏了", encoding="utf-8")
    db = tmp_path / "k.db"
    result = runner.invoke(app, ["check", str(folder), "--record", "--db", str(db)])
    assert result.exit_code == 2
    assert "1 处输入被跳过" in result.stderr and "未记入台账" in result.stderr
    with Ledger.open(db) as ledger:
        assert list(months(ledger)) == ["G1"]
        skipped, errors = ledger.conn.execute("SELECT skipped, errors FROM runs").fetchone()
        assert skipped == 1 and "broken.json" in json.loads(errors)[0]["file"]


def test_atomic_records_nothing_when_an_input_is_unreadable(tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.json", busy_chat("G1"))
    (folder / "broken.json").write_text("{ 坏了", encoding="utf-8")
    db = tmp_path / "k.db"
    result = runner.invoke(app, ["check", str(folder), "--record", "--atomic", "--db", str(db)])
    assert result.exit_code == 2 and "--atomic" in result.stderr and "什么也没有记入" in result.stderr
    with Ledger.open(db) as ledger:
        assert months(ledger) == {} and ledger.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0
    result = runner.invoke(app, ["check", str(folder / "good.json"), "--record", "--atomic", "--db", str(db)])
    assert result.exit_code == 0


def test_upgrading_stores_when_each_stored_chat_opens_and_closes(tmp_path):
    import sqlite3

    from checker.ledger.codec import encode_transcript
    from checker.ledger.schema import LATEST, migrate
    from checker.loaders import iter_transcripts
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=4)
    [transcript] = iter_transcripts([write(tmp_path / "c.json", busy_chat("OLD"))])
    blob, digest = encode_transcript(transcript)
    conn.execute("INSERT INTO runs (kind, recorded_at, policy_version) VALUES ('check', '2026-11-03T12:00:00+08:00', 'v')")
    conn.execute("INSERT INTO transcripts (id, agent, channel, day, month, timed, content_hash, content, policy_version,"
                 " first_recorded_at, recorded_at, run_id) VALUES ('OLD', '小美', 'im', '2026-11-03', '2026-11', 1, ?, ?,"
                 " 'v', 'x', 'x', 1)", (digest, blob))
    conn.close()
    with Ledger.open(path) as ledger:
        assert ledger.schema_version == LATEST >= 6
        opened, closed = ledger.conn.execute("SELECT opened_at, closed_at FROM transcripts").fetchone()
        begin = datetime(2026, 11, 3, 10, 0, tzinfo=CHINA).timestamp()
        assert (opened, closed) == (begin, begin + 600)
        assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_month_and_atomic_usage_errors(tmp_path):
    path = write(tmp_path / "c.json", undated("J1"))
    bad = runner.invoke(app, ["check", str(path), "--record", "--db", str(tmp_path / "k.db"), "--month", "2026-13"])
    assert bad.exit_code == 2 and "--month" in bad.stderr and "YYYY-MM" in bad.stderr
    lone = runner.invoke(app, ["check", str(path), "--atomic"])
    assert lone.exit_code == 2 and "--record" in lone.stderr
    assert not (tmp_path / "k.db").exists()


def test_a_chat_handed_to_another_agent_no_longer_counts_for_the_first(tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "a.json", busy_chat("X")))
        mates = [busy_chat(f"A{i}") for i in range(3)]
        record(ledger, write(tmp_path / "b.json", busy_chat("X", agent="阿杰"), *mates))
        assert {tid: f["details"]["concurrency"] for tid, f in late(ledger).items()} == \
            {"X": 1, "A0": 3, "A1": 3, "A2": 3}


def test_re_judging_a_stored_undated_chat_keeps_its_month(policy, tmp_path):
    from checker.engine import Engine
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "export.json", undated("J1")), args=["--month", "2026-09"])
        result = Engine(policy).check(ledger.transcript("J1"))          # as kefu rescore --apply does
        result.policy_version += "-other"
        with ledger.recording(result.policy_version) as rec:
            rec.add(result)
        assert rec.stats.changed == 1 and months(ledger) == {"J1": "2026-09-01"}


def test_a_neighbour_judged_by_another_rule_base_is_named_not_re_judged(tmp_path):
    with Ledger.open(tmp_path / "k.db") as ledger:
        record(ledger, write(tmp_path / "a.json", busy_chat("S1")))
        ledger.conn.execute("UPDATE transcripts SET policy_version = 'older@2026-01-01'")
        result = runner.invoke(app, ["check", str(write(tmp_path / "b.json", busy_chat("S2"))), "--record", "--db",
                                     str(ledger.path), "--format", "json", "--fail-on", "never"])
        notices = json.loads(result.stdout)["summary"]["notices"]
        assert any("1 个重叠的已记录会话" in n and "kefu rescore" in n for n in notices)
        assert late(ledger)["S1"]["details"]["concurrency"] == 1          # left as it was judged
