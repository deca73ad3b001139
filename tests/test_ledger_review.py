"""The review workflow of issue 12 in the ledger: visibility, disputes, decisions, manual
findings, items, the ±5, month close, audit rows, and a concurrent waive + record."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from checker.ledger import Ledger, LedgerError
from checker.ledger import review
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
