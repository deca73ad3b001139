"""The review workflow of issue 12 in the ledger: visibility, disputes, decisions, manual
findings, items, the ±5, month close, audit rows, and a concurrent waive + record."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from checker.ledger import Ledger, LedgerError
from checker.ledger import review
from checker.ledger.review_state import scheme_of
from checker.ledger.errors import LedgerForbidden, LedgerNotFound
from checker.ledger.users import User
from checker.runner import run_check

MONTH = "2026-11"
MEI, JIE = User("小美", "agent"), User("阿杰", "agent")
WANG, LEAD = User("王质检", "reviewer"), User("主管", "lead")


def chat(tid, agent="小美", day="2026-11-03", agent_text="不行，这个退不了。"):
    return {"id": tid, "agent": agent, "customer": "张小凡", "messages": [
        {"at": f"{day}T10:00:00+08:00", "from": "customer", "text": "我是张小凡，电话13812345678，能退吗？"},
        {"at": "10:00:10", "from": "agent", "text": agent_text}]}


def record(ledger, policy, folder, *chats, at=None):
    folder.mkdir(parents=True, exist_ok=True)
    for c in chats:
        (folder / f"{c['id']}.json").write_text(json.dumps(c, ensure_ascii=False), encoding="utf-8")
    with ledger.recording(policy.version, at=at) as rec:
        run_check(policy, [folder], "json", io.StringIO(), sink=rec.add)
    return rec.stats


@pytest.fixture()
def ledger(tmp_path, policy):
    with Ledger.open(tmp_path / "kefu.db") as opened:
        record(opened, policy, tmp_path / "chats", chat("T-1"), chat("T-2", agent="阿杰"),
               chat("T-3", agent_text="您好，马上为您处理。"))
        yield opened


def first(ledger, actor=LEAD, agent="小美"):
    return review.list_findings(ledger, actor, MONTH, agent=agent)[0]


# ---- reading ---------------------------------------------------------------------------------
def test_list_findings_gives_status_window_and_masked_text(ledger):
    rows = review.list_findings(ledger, LEAD, MONTH)
    assert {r["agent"] for r in rows} == {"小美", "阿杰"} and all(r["status"] == "open" for r in rows)
    f = rows[0]
    for key in ("id", "chat", "message", "rule", "norm", "points", "level", "title", "reason", "suggestion",
                "span", "spans", "text", "published_at", "dispute_deadline", "dispute", "decision"):
        assert key in f
    assert f["dispute"] is None and f["decision"] is None
    assert f["dispute_deadline"] > f["published_at"]


def test_an_agent_only_ever_sees_their_own(ledger):
    mine = review.list_findings(ledger, MEI, MONTH, agent="阿杰")          # the agent filter is ignored
    assert mine and {r["agent"] for r in mine} == {"小美"}
    chat_ = review.get_chat(ledger, MEI, "T-1")
    assert chat_["agent"] == "小美" and chat_["findings"] and chat_["customer"] != "张小凡"
    assert "13812345678" not in chat_["messages"][0]["text"] and "张小凡" not in chat_["messages"][0]["text"]
    with pytest.raises(LedgerNotFound):
        review.get_chat(ledger, MEI, "T-2")
    with pytest.raises(LedgerNotFound):
        review.get_chat(ledger, LEAD, "T-404")
    assert review.get_chat(ledger, WANG, "T-2")["agent"] == "阿杰"
    with pytest.raises(LedgerForbidden):
        review.list_findings(ledger, User("小美", "agent", disabled=True), MONTH)
    with pytest.raises(LedgerForbidden):
        review.review_queue(ledger, MEI, MONTH)


def test_board_and_scorecard_and_change_token(ledger):
    board = {row["agent"]: row for row in review.board(ledger, MONTH)}
    assert board["小美"]["findings"]["open"] >= 1 and board["小美"]["daily"] < 80
    cards = review.scorecard(ledger, MEI, MONTH)
    assert [c["agent"] for c in cards] == ["小美"]
    token, changed = review.changes_since(ledger, None)
    assert changed and review.changes_since(ledger, token) == (token, False)


def test_review_queue_samples_chats_reproducibly(ledger):
    queue = review.review_queue(ledger, WANG, MONTH)
    assert queue and all(e["kind"] == "finding" for e in queue)
    sampled = review.review_queue(ledger, WANG, MONTH, sample_per_agent_day=1, seed="x")
    assert sampled == review.review_queue(ledger, WANG, MONTH, sample_per_agent_day=1, seed="x")
    assert all(e["sampled"] for e in sampled)
    assert len({(e["agent"], e["day"], e["chat"]) for e in sampled}) == 2     # one chat per agent per day


# ---- disputes and decisions -----------------------------------------------------------------------
def scored(ledger, agent="小美"):
    return next(c for c in review.scorecard(ledger, LEAD, MONTH) if c["agent"] == agent)["daily"]


def test_dispute_then_waive_counts_as_waived_and_is_audited(ledger):
    from checker.ledger.audit import audit_log
    f = first(ledger)
    before = scored(ledger)
    with pytest.raises(LedgerNotFound):
        review.dispute(ledger, JIE, f["id"], "不是我")                     # not theirs: not even visible
    with pytest.raises(LedgerForbidden):
        review.dispute(ledger, WANG, f["id"], "代申请")
    with pytest.raises(LedgerError, match="理由"):
        review.dispute(ledger, MEI, f["id"], " ")
    d = review.dispute(ledger, MEI, f["id"][:8], "顾客要求的是退差价")
    assert d["status"] == "disputed" and d["dispute"]["by"] == "小美"
    assert scored(ledger) == before                                       # disputed still counts
    with pytest.raises(LedgerError, match="申请过复核"):
        review.dispute(ledger, MEI, f["id"], "再来")
    with pytest.raises(LedgerForbidden):
        review.waive(ledger, MEI, f["id"], "自己豁免")
    w = review.waive(ledger, WANG, f["id"], "复核认定合理")
    assert w["status"] == "waived" and w["decision"]["by"] == "王质检"
    after = scored(ledger)
    assert after["waived"] == before["waived"] + 1 and after["raw"] > before["raw"]
    assert f["id"] in {x["id"] for x in review.list_findings(ledger, MEI, MONTH)}      # never deleted
    r = review.revoke_waiver(ledger, LEAD, f["id"], "复核有误")
    assert r["status"] == "confirmed" and scored(ledger) == before
    assert ledger.conn.execute("SELECT COUNT(*) FROM waivers").fetchone()[0] == 1      # kept, revoked
    log = [(a["actor"], a["action"]) for a in audit_log(ledger, target=f["id"])]
    assert log == [("主管", "finding.revoke_waiver"), ("王质检", "finding.waive"), ("小美", "finding.dispute")]


def test_the_dispute_window_and_the_override(ledger):
    f = first(ledger)
    late = review.list_findings(ledger, LEAD, MONTH)[0]["dispute_deadline"]
    from checker.ledger.clock import parse
    with pytest.raises(LedgerError, match="已过复核期.*第三条 6"):
        review.dispute(ledger, MEI, f["id"], "晚了", now=parse(late) + timedelta(seconds=1))
    with pytest.raises(LedgerError, match="override-window"):
        review.waive(ledger, WANG, f["id"], "倒签", as_of=parse(late) - timedelta(hours=1))
    with pytest.raises(LedgerError, match="已过复核期"):
        review.waive(ledger, WANG, f["id"], "超期", as_of=parse(late) + timedelta(days=3), override_window=True)
    w = review.waive(ledger, WANG, f["id"], "纸面申请在期内", as_of=parse(late) - timedelta(hours=1),
                     override_window=True)
    from checker.ledger.audit import audit_log
    row = audit_log(ledger, target=f["id"])[0]
    assert row["details"]["override_window"] is True and row["details"]["as_of"] < late
    assert w["decision"]["at"] == row["at"]                               # stored time = the real time


def test_a_waiver_after_the_window_needs_a_timely_dispute(ledger, policy, tmp_path):
    from datetime import datetime, timezone
    old = datetime(2026, 11, 4, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    record(ledger, policy, tmp_path / "old", chat("T-9", day="2026-11-04"), at=old)
    f = next(x for x in review.list_findings(ledger, LEAD, MONTH) if x["chat"] == "T-9")
    with pytest.raises(LedgerError, match="已过复核期"):
        review.waive(ledger, WANG, f["id"], "晚了")
    review.dispute(ledger, MEI, f["id"], "及时申请", now=old + timedelta(hours=2))
    assert review.waive(ledger, WANG, f["id"], "申请及时，复核成立")["status"] == "waived"


def test_confirm_and_the_queue_order(ledger):
    fs = review.list_findings(ledger, LEAD, MONTH, agent="小美")
    review.dispute(ledger, MEI, fs[-1]["id"], "请复核")
    queue = review.review_queue(ledger, WANG, MONTH)
    assert queue[0]["kind"] == "dispute" and queue[0]["finding"]["id"] == fs[-1]["id"]
    c = review.confirm(ledger, WANG, fs[-1]["id"], "确属违规")
    assert c["status"] == "confirmed" and c["decision"]["reason"] == "确属违规"
    with pytest.raises(LedgerError, match="已于"):
        review.confirm(ledger, WANG, fs[-1]["id"], "再确认")
    assert fs[-1]["id"] not in {e["finding"]["id"] for e in review.review_queue(ledger, WANG, MONTH)}


def test_manual_findings_on_a_message_by_rule_or_item(ledger, policy, tmp_path):
    before = scored(ledger)
    with pytest.raises(LedgerForbidden):
        review.add_manual_finding(ledger, MEI, "T-3", 1, "A1", "x")
    with pytest.raises(LedgerError, match="消息#9"):
        review.add_manual_finding(ledger, WANG, "T-3", 9, "A1", "x")
    with pytest.raises(LedgerError, match="没有规则或条目"):
        review.add_manual_finding(ledger, WANG, "T-3", 1, "no-such-rule", "x")
    rule = next(r for r in policy.rules if r.norm == "harsh_language")
    by_rule = review.add_manual_finding(ledger, WANG, "T-3", 1, rule.id, "抽检发现语气生硬")
    item = next(i for i in scheme_of(ledger).items.values() if i.code.startswith("A") and i.low == i.high)
    by_item = review.add_manual_finding(ledger, WANG, "T-3", 1, item.code.lower(), "抽检：未按流程")
    assert by_rule["manual"] and by_rule["status"] == "open" and by_item["rule"] == f"item-{item.code}"
    after = scored(ledger)
    assert after["raw"] < before["raw"]
    assert "manual" not in ledger.norm_counts("小美")                    # the quiz weights real norms only
    from checker.scorecard.view import norm_name
    assert norm_name(by_item["norm"]) == "人工录入"
    # re-recording the chat does not retire a reviewer's findings
    record(ledger, policy, tmp_path / "again", {**chat("T-3", agent_text="您好，马上为您处理！")})
    ids = {x["id"] for x in review.list_findings(ledger, LEAD, MONTH)}
    assert by_rule["id"] in ids and by_item["id"] in ids


# ---- items, the ±5, month close ---------------------------------------------------------------------
def test_items_refuse_unknown_agents_and_are_removed_not_deleted(ledger):
    from checker.ledger.audit import audit_log
    with pytest.raises(LedgerNotFound, match="--new-agent"):
        review.add_item(ledger, WANG, "小美美", MONTH, "A5", 3, "11-18 迟到")
    with pytest.raises(LedgerError, match="范围"):
        review.add_item(ledger, WANG, "小美", MONTH, "A5", 9, "迟到")
    with pytest.raises(LedgerForbidden):
        review.add_item(ledger, MEI, "小美", MONTH, "P9", None, "全勤")
    entry = review.add_item(ledger, WANG, "小美", MONTH, "a5", 3, "11-18 迟到 20 分钟")
    new = review.add_item(ledger, LEAD, "新人", MONTH, "P9", None, "全勤", new_agent=True)
    assert [i["id"] for i in review.list_items(ledger, MEI)] == [entry]            # agents: their own
    before = scored(ledger)
    with pytest.raises(LedgerError, match="理由"):
        review.remove_item(ledger, LEAD, entry, "")
    review.remove_item(ledger, LEAD, entry, "当天已请假，录错")
    with pytest.raises(LedgerError, match="已于"):
        review.remove_item(ledger, LEAD, entry, "再删")
    with pytest.raises(LedgerNotFound):
        review.remove_item(ledger, LEAD, 999, "x")
    assert scored(ledger)["raw"] == before["raw"] + 3
    assert [i["id"] for i in review.list_items(ledger, LEAD, MONTH)] == [new]
    removed = review.list_items(ledger, LEAD, MONTH, include_removed=True)[0]
    assert removed["removed_by"] == "主管" and removed["removed_reason"] == "当天已请假，录错"
    assert [a["action"] for a in audit_log(ledger, month=MONTH)][:3] == ["item.remove", "item.add", "item.add"]


def test_adjustment_is_lead_only_within_the_range_and_keeps_the_old_value(ledger):
    from checker.ledger.audit import audit_log
    with pytest.raises(LedgerForbidden):
        review.set_adjustment(ledger, WANG, "小美", MONTH, 3, "顶班")
    with pytest.raises(LedgerError, match="第三条 7"):
        review.set_adjustment(ledger, LEAD, "小美", MONTH, 6, "顶班")
    review.set_adjustment(ledger, LEAD, "小美", MONTH, 3, "双11 顶班")
    review.set_adjustment(ledger, LEAD, "小美", MONTH, -1, "例会迟到")
    row = audit_log(ledger, target=f"adjust:小美:{MONTH}")[0]
    assert row["details"]["old"] == {"points": 3, "reason": "双11 顶班"} and row["details"]["points"] == -1


def test_a_closed_month_changes_only_after_an_audited_reopen(ledger, policy, tmp_path):
    f = first(ledger)
    review.dispute(ledger, MEI, f["id"], "请复核")
    with pytest.raises(LedgerForbidden):
        review.close_month(ledger, WANG, MONTH)
    with pytest.raises(LedgerError, match="申请复核未处理"):
        review.close_month(ledger, LEAD, MONTH)
    review.confirm(ledger, WANG, f["id"], "确属违规")
    review.close_month(ledger, LEAD, MONTH, "11 月考核定稿")
    assert review.month_closed(ledger, MONTH)
    other = review.list_findings(ledger, LEAD, MONTH, agent="阿杰")[0]
    for attempt in (lambda: review.waive(ledger, WANG, other["id"], "x"),
                    lambda: review.add_item(ledger, WANG, "小美", MONTH, "A5", 3, "迟到"),
                    lambda: review.set_adjustment(ledger, LEAD, "小美", MONTH, 1, "x"),
                    lambda: review.add_manual_finding(ledger, WANG, "T-3", 1, "A1", "x"),
                    lambda: ledger.record_exam("小美", MONTH, "P-01", 80, 100),
                    lambda: record(ledger, policy, tmp_path / "late", chat("T-1", agent_text="好的，退不了。"))):
        with pytest.raises(LedgerError, match="已结账"):
            attempt()
    record(ledger, policy, tmp_path / "chats")                            # unchanged chats: nothing to write
    with pytest.raises(LedgerError, match="理由"):
        review.reopen_month(ledger, LEAD, MONTH, "")
    review.reopen_month(ledger, LEAD, MONTH, "补录 11-30 漏记的迟到")
    review.add_item(ledger, WANG, "小美", MONTH, "A5", 3, "11-30 迟到")
    from checker.ledger.audit import audit_log
    assert [a["action"] for a in audit_log(ledger, month=MONTH)][:3] == ["item.add", "month.reopen", "month.close"]


def test_a_waive_and_a_record_at_the_same_moment_lose_nothing(tmp_path, policy):
    """Two connections: a reviewer waives while `kefu check --record` holds its transaction
    open; both land (SQLite serialises writers; each waits for the other)."""
    import threading
    path = tmp_path / "kefu.db"
    with Ledger.open(path) as setup:
        record(setup, policy, tmp_path / "chats", chat("T-1"))
        fid = first(setup)["id"]
    inside, waived, errors = threading.Event(), {}, []

    def reviewer():
        inside.wait()
        try:
            with Ledger.open(path) as other:
                waived["f"] = review.waive(other, WANG, fid, "复核成立")
        except Exception as exc:                     # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=reviewer)
    thread.start()
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "T-5.json").write_text(json.dumps(chat("T-5", agent="阿杰"), ensure_ascii=False), encoding="utf-8")
    with Ledger.open(path) as recorder:
        with recorder.recording(policy.version) as rec:
            inside.set()                              # the reviewer starts while this run is open
            run_check(policy, [folder], "json", io.StringIO(), sink=rec.add)
    thread.join()
    assert not errors and waived["f"]["status"] == "waived"
    with Ledger.open(path) as check:
        rows = {f["id"]: f for f in review.list_findings(check, LEAD, MONTH)}
        assert rows[fid]["status"] == "waived" and any(f["chat"] == "T-5" for f in rows.values())
        from checker.ledger.audit import audit_log
        assert audit_log(check, target=fid)[0]["action"] == "finding.waive"


def test_upgrading_a_version_4_ledger_keeps_its_waivers_and_items(tmp_path, policy):
    with Ledger.open(tmp_path / "now.db") as now_:                    # runs/transcripts/findings: same in v4
        record(now_, policy, tmp_path / "chats", chat("T-1"))
    path = tmp_path / "v4.db"
    with Ledger.open(path, migrate_to=4) as old:
        old.conn.execute("ATTACH DATABASE ? AS src", (str(tmp_path / "now.db"),))
        for table in ("runs", "transcripts", "findings"):     # the columns a version-4 ledger has
            cols = ", ".join(r[1] for r in old.conn.execute(f"PRAGMA table_info({table})"))
            old.conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
        old.conn.execute("DETACH DATABASE src")
        fid = old.conn.execute("SELECT id FROM findings ORDER BY id").fetchone()[0]
        old.conn.execute("INSERT INTO waivers (finding_id, reason, reviewer, waived_at) VALUES (?, '旧豁免', '质检-王', "
                         "'2026-11-20T10:00:00+08:00')", (fid,))
        old.add_item("小美", MONTH, "A5", 3, "迟到")
        assert old.schema_version == 4
    with Ledger.open(path) as new:
        f = next(x for x in review.list_findings(new, LEAD, MONTH) if x["id"] == fid)
        assert f["status"] == "waived" and f["decision"]["reason"] == "旧豁免"
        assert [i["note"] for i in review.list_items(new, LEAD, MONTH)] == ["迟到"]
        review.revoke_waiver(new, LEAD, fid, "升级后复核")
        assert review.waive(new, WANG, fid, "重新豁免")["status"] == "waived"        # a new standing waiver
