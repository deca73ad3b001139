"""`kefu serve`'s pages by role (server-rendered, escaped, masked), the entries and
reviews beyond the common path (items, revoking a waiver, spot-check sampling, a disabled
user), and the `kefu serve` command itself."""
from __future__ import annotations

from serve_support import MONTH, findings, login, make_client
from serve_support import as_user, clock, db, template_db  # noqa: F401  (fixtures)


def test_pages_by_role(as_user, db):
    from checker.ledger import Ledger
    anonymous = make_client(db)
    response = anonymous.get("/my", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    login_page = anonymous.get("/login")
    assert login_page.status_code == 200 and 'id="login-form"' in login_page.text and "<script>" not in login_page.text
    agent, reviewer, lead = as_user("小美"), as_user("质检员"), as_user("组长")
    assert agent.get("/", follow_redirects=False).headers["location"] == "/my"
    mine = agent.get(f"/my?month={MONTH}").text
    finding = findings(agent)[0]
    assert finding["id"] in mine and "阿杰" not in mine
    chat = agent.get(f"/chats/T-20261115-0666").text
    assert "&lt;script&gt;document" in chat and "<script>document" not in chat and "<img src=x" not in chat
    assert "13812345678" not in chat and "张小凡" not in chat and "138****5678" in chat
    assert '<mark data-findings="F-' in chat and "申请复核" in chat and "复核申请截止" in chat
    assert agent.get("/lead").status_code == 403 and "不能" in agent.get("/review").text
    with Ledger.open(db) as ledger:
        other = ledger.month_findings(MONTH, "阿杰")[0]["transcript_id"]
    assert agent.get(f"/chats/{other}").status_code == 404
    queue = reviewer.get(f"/review?month={MONTH}").text
    assert 'class="q-row' in queue and "快捷键" in queue and "录入考核条目" in queue
    assert "确认" in reviewer.get(f"/chats/{finding['chat']}").text
    page = lead.get(f"/lead?month={MONTH}").text
    assert '<svg class="totals"' in page and '<svg class="hist"' in page and "审计日志" in page and "导出 XLSX" in page
    board = agent.get(f"/board?month={MONTH}").text
    assert 'id="board"' in board and "小美" in board and "阿杰" in board
    for path in ("/static/app.js", "/static/app.css", "/assets/report.css"):
        assert anonymous.get(path).status_code == 200, path


def test_kefu_serve_refuses_a_missing_ledger_and_warns_beyond_loopback(db, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from checker.cli import app
    from checker.cli.serve import is_loopback
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "不存在" in result.stderr
    started = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: started.update(kw))
    import inspect
    import socket

    from checker.cli.serve import serve
    assert inspect.signature(serve).parameters["port"].default.default == 8765
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = str(probe.getsockname()[1])
    result = runner.invoke(app, ["serve", "--db", str(db), "--port", free])
    assert result.exit_code == 0 and started["host"] == "127.0.0.1" and started["port"] == int(free)
    assert "警告" not in result.stderr
    result = runner.invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", free])
    assert result.exit_code == 0 and started["host"] == "0.0.0.0" and "警告" in result.stderr and "TLS" in result.stderr
    assert is_loopback("localhost") and is_loopback("::1") and not is_loopback("192.168.1.5")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = runner.invoke(app, ["serve", "--db", str(db), "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 2 and "无法监听" in result.stderr and "Traceback" not in result.output


def test_items_are_listed_and_removed_never_deleted(as_user):
    agent, reviewer, lead = as_user("小美"), as_user("质检员"), as_user("组长")
    entry = reviewer.post("/api/items", json={"agent": "小美", "month": MONTH, "code": "A5", "points": 3,
                                              "note": "11-21 早退半小时"}).json()["item"]
    assert [i["id"] for i in agent.get(f"/api/items?month={MONTH}").json()["items"]] == [entry]
    assert agent.get(f"/api/items?month={MONTH}&agent=阿杰").json()["items"][0]["agent"] == "小美"
    assert "11-21 早退半小时" in reviewer.get(f"/review?month={MONTH}").text
    assert agent.post(f"/api/items/{entry}/remove", json={"reason": "x"}).status_code == 403
    assert reviewer.post(f"/api/items/{entry}/remove", json={}).status_code == 422
    assert reviewer.post("/api/items/999/remove", json={"reason": "x"}).status_code == 404
    assert reviewer.post(f"/api/items/{entry}/remove", json={"reason": "记错了人"}).status_code == 200
    assert agent.get(f"/api/items?month={MONTH}").json()["items"] == []
    rows = lead.get(f"/api/audit?month={MONTH}").json()["audit"]
    assert {(r["action"], r["reason"]) for r in rows} >= {("item.add", "11-21 早退半小时"), ("item.remove", "记错了人")}


def test_a_waiver_is_revoked_not_deleted(as_user):
    agent, reviewer = as_user("小美"), as_user("质检员")
    fid = findings(agent)[0]["id"]
    assert reviewer.post(f"/api/findings/{fid}/waive", json={"reason": "误判"}).status_code == 200
    again = reviewer.post(f"/api/findings/{fid}/waive", json={"reason": "再次"})
    assert again.status_code == 422 and "已" in again.json()["error"]
    assert agent.post(f"/api/findings/{fid}/revoke", json={"reason": "x"}).status_code == 403
    response = reviewer.post(f"/api/findings/{fid}/revoke", json={"reason": "复查后属实"})
    assert response.status_code == 200 and response.json()["finding"]["status"] == "confirmed"
    assert agent.get(f"/api/findings/{fid}").json()["finding"]["status"] == "confirmed"


def test_spot_check_sampling(as_user):
    reviewer = as_user("质检员")
    queue = reviewer.get(f"/api/queue?month={MONTH}&sample=1&seed=s1").json()["queue"]
    sampled = [e for e in queue if e["sampled"]]
    assert sampled and all(e["kind"] in ("finding", "sample") for e in sampled)
    per_day = {(e["agent"], e["day"]) for e in sampled}
    chats = {(e["agent"], e["day"], e["chat"]) for e in sampled}
    assert len(chats) == len(per_day)                           # one chat per agent and day
    assert reviewer.get(f"/api/queue?month={MONTH}&sample=1&seed=s1").json()["queue"] == queue
    page = reviewer.get(f"/review?month={MONTH}&sample=1&seed=s1").text
    assert "抽查" in page
    assert reviewer.get(f"/api/queue?month={MONTH}&sample=0").status_code == 422


def test_a_disabled_user_loses_the_session(as_user, db):
    from checker.ledger import Ledger
    from checker.ledger.users import disable_user
    agent = as_user("阿杰")
    assert agent.get("/api/me").status_code == 200
    with Ledger.open(db) as ledger:
        disable_user(ledger, "阿杰", None, "离职")
    assert agent.get("/api/me").status_code == 401
    refused = make_client(db).post("/api/login", json={"name": "阿杰", "password": "correct-horse-42"})
    assert refused.status_code == 401


def test_pages_keep_to_the_content_security_policy(as_user):
    """No inline script, style or event handler anywhere: the CSP would block them."""
    import re
    agent, reviewer, lead = as_user("小美"), as_user("质检员"), as_user("组长")
    chat = findings(agent)[0]["chat"]
    pages = [agent.get(f"/my?month={MONTH}"), agent.get(f"/chats/{chat}"), agent.get(f"/board?month={MONTH}"),
             reviewer.get(f"/review?month={MONTH}"), reviewer.get(f"/chats/{chat}"), lead.get(f"/lead?month={MONTH}"),
             lead.get(f"/my?month={MONTH}&agent=阿杰"), agent.get("/lead")]
    for response in pages:
        html = response.text
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), response.url
        assert not re.search(r"\sstyle=|<style", html), response.url
        assert not re.search(r"\son[a-z]+\s*=", html), response.url
        assert "javascript:" not in html, response.url


def test_the_chat_page_follows_the_dispute_window(as_user, clock):
    from serve_support import ONE_SECOND, deadline
    agent = as_user("小美")
    finding = findings(agent)[0]
    clock.at = deadline(finding) - ONE_SECOND
    page = agent.get(f"/chats/{finding['chat']}").text
    block = page[page.index(f'id="{finding["id"]}"'):]
    block = block[:block.index("</aside>")]
    assert "dispute-form" in block and "复核申请截止" in block
    clock.at = deadline(finding) + ONE_SECOND
    page = agent.get(f"/chats/{finding['chat']}").text
    block = page[page.index(f'id="{finding["id"]}"'):]
    block = block[:block.index("</aside>")]
    assert "dispute-form" not in block and "复核期已过" in block
    assert "（已过）" in agent.get(f"/my?month={MONTH}").text
