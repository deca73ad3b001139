"""`kefu serve`'s JSON API, route by route and role by role: sessions, CSRF, the login
limit, what each role may see and do, the dispute window's edges, the audit trail, and a
review racing a `kefu check --record` (nothing lost)."""
from __future__ import annotations

import pytest

from serve_support import MONTH, ONE_SECOND, PASSWORD, deadline, findings, login, make_client
from serve_support import as_user, clock, db, template_db  # noqa: F401  (fixtures)

ROUTES = [("GET", "/api/me"), ("POST", "/api/logout"), ("GET", f"/api/findings?month={MONTH}"),
          ("GET", "/api/chats/T-1"), ("POST", "/api/findings/F-1234/dispute"), ("POST", "/api/findings/F-1234/confirm"),
          ("POST", "/api/findings/F-1234/waive"), ("POST", "/api/items"), ("GET", f"/api/scorecard?month={MONTH}"),
          ("GET", f"/api/board?month={MONTH}"), ("GET", f"/api/queue?month={MONTH}"), ("POST", "/api/adjustments"),
          ("POST", f"/api/months/{MONTH}/close"), ("GET", f"/api/audit?month={MONTH}"),
          ("GET", f"/api/export/scorecard.csv?month={MONTH}")]


def test_every_route_needs_a_session(db):
    client = make_client(db)
    for method, path in ROUTES:
        response = client.request(method, path, json={})
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"] == "请先登录"


def test_login_sets_httponly_samesite_cookies_and_headers(db):
    client = make_client(db)
    response = client.post("/api/login", json={"name": "小美", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["role"] == "agent"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("kefu_session="))
    assert "HttpOnly" in session and "SameSite=strict" in session
    assert any(c.startswith("kefu_csrf=") and "HttpOnly" not in c for c in cookies)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    me = client.get("/api/me").json()
    assert me["name"] == "小美" and me["csrf"] == client.cookies["kefu_csrf"]


def test_wrong_password_then_rate_limit(db):
    client = make_client(db)
    for _ in range(5):
        response = client.post("/api/login", json={"name": "小美", "password": "wrong-password"})
        assert response.status_code == 401 and response.json()["error"] == "用户名或密码错误"
    response = client.post("/api/login", json={"name": "小美", "password": PASSWORD})     # right, but too late
    assert response.status_code == 429 and "登录失败次数过多" in response.json()["error"]
    assert login(make_client(db), "阿杰")                       # another name is not locked out
    assert client.post("/api/login", json={"name": "小美"}).status_code == 422
    assert client.post("/api/login", content=b"name=x", headers={"content-type": "text/plain"}).status_code == 415


def test_state_changes_need_the_csrf_token(as_user):
    agent = as_user("小美")
    fid = findings(agent)[0]["id"]
    token = agent.headers.pop("X-CSRF-Token")
    response = agent.post(f"/api/findings/{fid}/dispute", json={"reason": "理由"})
    assert response.status_code == 403 and "CSRF" in response.json()["error"]
    response = agent.post(f"/api/findings/{fid}/dispute", json={"reason": "理由"}, headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 403
    response = agent.post(f"/api/findings/{fid}/dispute", json={"reason": "理由"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200 and response.json()["finding"]["status"] == "disputed"


def test_logout_ends_the_session(as_user):
    agent = as_user("小美")
    assert agent.post("/api/logout").status_code == 200
    assert agent.get("/api/me").status_code == 401


def test_an_agent_sees_only_their_own(as_user):
    agent, reviewer = as_user("小美"), as_user("质检员")
    mine = findings(agent)
    assert mine and {f["agent"] for f in mine} == {"小美"}
    assert {f["agent"] for f in findings(agent, agent="阿杰")} == {"小美"}
    for key in ("id", "agent", "chat", "message", "rule", "norm", "points", "status", "dispute_deadline"):
        assert key in mine[0], key
    other = findings(reviewer, agent="阿杰")[0]
    assert agent.get(f"/api/chats/{other['chat']}").status_code == 404
    assert agent.get(f"/api/findings/{other['id']}").status_code == 404
    response = agent.post(f"/api/findings/{other['id']}/dispute", json={"reason": "不是我的"})
    assert response.status_code == 404 and "F-" in response.json()["error"]
    assert agent.get(f"/api/scorecard?month={MONTH}&agent=阿杰").json()["agents"][0]["agent"] == "小美"
    assert agent.get(f"/api/chats/{mine[0]['chat']}").json()["chat"]["agent"] == "小美"
    assert reviewer.get("/api/chats/T-nope").status_code == 404


def test_chat_text_is_masked(as_user):
    chat = as_user("小美").get("/api/chats/T-20261115-0666").json()["chat"]
    raw = str(chat)
    assert "13812345678" not in raw and "张小凡" not in raw and "138****5678" in raw
    assert chat["customer"] == "张*凡"


@pytest.mark.parametrize("offset, allowed", [(-ONE_SECOND, True), (0 * ONE_SECOND, True), (ONE_SECOND, False)])
def test_dispute_window_edges(as_user, clock, offset, allowed):
    agent = as_user("小美")
    finding = findings(agent)[0]
    clock.at = deadline(finding) + offset
    response = agent.post(f"/api/findings/{finding['id']}/dispute", json={"reason": "顾客是在开玩笑"})
    if allowed:
        assert response.status_code == 200 and response.json()["finding"]["status"] == "disputed"
        again = agent.post(f"/api/findings/{finding['id']}/dispute", json={"reason": "再来一次"})
        assert again.status_code == 422 and "已" in again.json()["error"]
    else:
        assert response.status_code == 422 and "已过复核期" in response.json()["error"]


def test_bad_input_is_a_chinese_422(as_user):
    agent, reviewer = as_user("小美"), as_user("质检员")
    fid = findings(agent)[0]["id"]
    assert agent.post(f"/api/findings/{fid}/dispute", json={"reason": "  "}).json()["error"] == "请填写申请复核的理由"
    assert agent.post(f"/api/findings/{fid}/dispute", content=b"{", headers={"content-type": "application/json"}
                      ).status_code == 422
    assert agent.post(f"/api/findings/{fid}/dispute", json=["x"]).status_code == 422
    assert agent.get("/api/findings?month=2026-13").status_code == 422
    assert agent.get(f"/api/findings?month={MONTH}&status=gone").status_code == 422
    assert reviewer.get(f"/api/queue?month={MONTH}&sample=x").status_code == 422
    response = reviewer.post("/api/items", json={"agent": "小美", "month": MONTH, "code": "A5", "points": 9, "note": "迟到"})
    assert response.status_code == 422 and "范围" in response.json()["error"]


def test_roles(as_user):
    agent, reviewer, lead = as_user("小美"), as_user("质检员"), as_user("组长")
    fid = findings(agent)[0]["id"]
    body = {"reason": "理由", "agent": "小美", "month": MONTH, "points": 1, "code": "A5", "note": "迟到"}
    for path in (f"/api/findings/{fid}/confirm", f"/api/findings/{fid}/waive", "/api/items", "/api/adjustments",
                 f"/api/months/{MONTH}/close"):
        response = agent.post(path, json=body)
        assert response.status_code == 403 and "只有" in response.json()["error"], path
    for path in (f"/api/queue?month={MONTH}", f"/api/audit?month={MONTH}", f"/api/export/scorecard.csv?month={MONTH}"):
        assert agent.get(path).status_code == 403, path
    for path in ("/api/adjustments", f"/api/months/{MONTH}/close"):
        assert reviewer.post(path, json=body).status_code == 403, path
    assert reviewer.get(f"/api/audit?month={MONTH}").status_code == 403
    assert reviewer.post(f"/api/findings/{fid}/dispute", json=body).status_code == 403     # only the agent disputes
    assert reviewer.get(f"/api/queue?month={MONTH}").status_code == 200
    assert lead.get(f"/api/audit?month={MONTH}").status_code == 200


def board_of(client) -> dict[str, dict]:
    return {row["agent"]: row for row in client.get(f"/api/board?month={MONTH}").json()["agents"]}


def test_dispute_then_overturn_changes_the_board_and_is_audited(as_user):
    agent, reviewer, lead = as_user("小美"), as_user("质检员"), as_user("组长")
    finding = next(f for f in findings(agent) if f["points"] > 0 and f["status"] == "open")
    before = board_of(lead)["小美"]
    token = lead.get(f"/api/board?month={MONTH}").json()["token"]
    assert lead.get(f"/api/board?month={MONTH}&since={token}").json() == {"month": MONTH, "token": token, "changed": False}
    assert agent.post(f"/api/findings/{finding['id']}/dispute", json={"reason": "顾客在开玩笑"}).status_code == 200
    queue = reviewer.get(f"/api/queue?month={MONTH}").json()["queue"]
    assert queue[0]["kind"] == "dispute" and queue[0]["finding"]["id"] == finding["id"]
    response = reviewer.post(f"/api/findings/{finding['id']}/waive", json={"reason": "复核：不算生硬"})
    assert response.status_code == 200 and response.json()["finding"]["status"] == "waived"
    changed = lead.get(f"/api/board?month={MONTH}&since={token}").json()
    assert changed["changed"] and changed["token"] != token
    after = {r["agent"]: r for r in changed["agents"]}["小美"]
    assert after["findings"]["waived"] == before["findings"]["waived"] + 1
    assert after["daily"] >= before["daily"]
    seen = [f for f in findings(agent, status="waived") if f["id"] == finding["id"]]
    assert seen and seen[0]["decision"]["reason"] == "复核：不算生硬"          # the agent sees the outcome
    rows = lead.get(f"/api/audit?month={MONTH}").json()["audit"]
    actions = {(r["actor"], r["action"], r["target"], r["reason"]) for r in rows}
    assert ("小美", "finding.dispute", finding["id"], "顾客在开玩笑") in actions
    assert ("质检员", "finding.waive", finding["id"], "复核：不算生硬") in actions
    assert all(r["at"] for r in rows)


def test_confirm_and_manual_entries(as_user):
    agent, reviewer = as_user("小美"), as_user("质检员")
    finding = findings(agent)[0]
    response = reviewer.post(f"/api/findings/{finding['id']}/confirm", json={"reason": "属实"})
    assert response.status_code == 200 and response.json()["finding"]["status"] == "confirmed"
    manual = reviewer.post("/api/items", json={"chat": finding["chat"], "message": finding["message"],
                                               "rule": "A7", "points": 5, "reason": "抽查：回复申诉不耐心"})
    assert manual.status_code == 200, manual.text
    added = manual.json()["finding"]["id"]
    assert any(f["id"] == added and f["status"] == "open" for f in findings(agent))
    item = reviewer.post("/api/items", json={"agent": "小美", "month": MONTH, "code": "A5", "points": 2,
                                             "note": "11-20 迟到 15 分钟"})
    assert item.status_code == 200 and isinstance(item.json()["item"], int)
    lines = agent.get(f"/api/scorecard?month={MONTH}").json()["agents"][0]["daily"]["lines"]
    assert any(line["code"] == "A5" and line["points"] == -2 for line in lines)


def test_lead_adjusts_closes_and_reopens(as_user):
    agent, lead = as_user("小美"), as_user("组长")
    fid = findings(agent)[0]["id"]
    assert lead.post("/api/adjustments", json={"agent": "小美", "month": MONTH, "points": 6, "reason": "x"}
                     ).status_code == 422
    assert lead.post("/api/adjustments", json={"agent": "小美", "month": MONTH, "points": 3}).status_code == 422
    response = lead.post("/api/adjustments", json={"agent": "小美", "month": MONTH, "points": 3, "reason": "主动顶班"})
    assert response.status_code == 200
    assert agent.post(f"/api/findings/{fid}/dispute", json={"reason": "不服"}).status_code == 200
    refused = lead.post(f"/api/months/{MONTH}/close", json={})
    assert refused.status_code == 422 and "复核" in refused.json()["error"]
    assert lead.post(f"/api/findings/{fid}/confirm", json={"reason": "属实"}).status_code == 200
    assert lead.post(f"/api/months/{MONTH}/close", json={"reason": "月底结账"}).status_code == 200
    assert lead.get(f"/api/scorecard?month={MONTH}").json()["closed"] is True
    other = findings(agent)[1]["id"]
    frozen = agent.post(f"/api/findings/{other}/dispute", json={"reason": "不服"})
    assert frozen.status_code == 422 and "结账" in frozen.json()["error"]
    assert lead.post(f"/api/months/{MONTH}/reopen", json={}).status_code == 422
    assert lead.post(f"/api/months/{MONTH}/reopen", json={"reason": "补录迟到"}).status_code == 200
    actions = [r["action"] for r in lead.get(f"/api/audit?month={MONTH}").json()["audit"]]
    assert {"adjust.set", "month.close", "month.reopen", "finding.confirm"} <= set(actions)


def test_exports_are_the_scorecard_files_and_masked(as_user):
    lead = as_user("组长")
    csv = lead.get(f"/api/export/scorecard.csv?month={MONTH}")
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    text = csv.content.decode("utf-8-sig")
    assert "小美" in text and "13812345678" not in text
    xlsx = lead.get(f"/api/export/scorecard.xlsx?month={MONTH}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert lead.get(f"/api/export/scorecard.pdf?month={MONTH}").status_code == 404


def test_errors_never_show_a_traceback(db, monkeypatch):
    from checker.ledger import review_read
    client = login(make_client(db, raise_server_exceptions=False), "组长")
    assert client.get("/api/nothing").json()["error"] == "没有这个页面或接口"

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(review_read, "board", broken)
    monkeypatch.setattr("checker.ledger.review.board", broken)
    response = client.get(f"/api/board?month={MONTH}")
    assert response.status_code == 500 and "服务器内部错误" in response.json()["error"]
    assert "secret" not in response.text and "Traceback" not in response.text
    page = client.get(f"/board?month={MONTH}")
    assert page.status_code == 500 and "服务器内部错误" in page.text and "secret" not in page.text


def test_a_review_and_a_recorded_check_at_the_same_moment_lose_nothing(db, as_user, tmp_path):
    """`kefu check --record` (one transaction for the run) and a reviewer's waive race for
    the ledger: SQLite serialises them and both land."""
    import io
    import threading

    from checker.ledger import Ledger
    from checker.policy import load_policy
    from checker.runner import run_check
    from conftest import ROOT

    agent, reviewer = as_user("小美"), as_user("质检员")
    fid = findings(agent)[0]["id"]
    new_chat = tmp_path / "new"
    new_chat.mkdir()
    text = (ROOT / "transcripts" / "im" / "t07_xiaomei_fitted_sheet_blaming.yaml").read_text(encoding="utf-8")
    (new_chat / "new.yaml").write_text(text.replace("id: T-", "id: T-RACE-", 1), encoding="utf-8")
    policy = load_policy(None)
    start = threading.Barrier(2)
    out: dict = {}

    def record():
        with Ledger.open(db) as ledger:
            start.wait()
            with ledger.recording(policy.version) as rec:
                run_check(policy, [new_chat], "json", io.StringIO(), sink=rec.add)
            out["stats"] = rec.stats

    def review():
        start.wait()
        out["waive"] = reviewer.post(f"/api/findings/{fid}/waive", json={"reason": "复核：同时进行"})

    threads = [threading.Thread(target=record), threading.Thread(target=review)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert out["waive"].status_code == 200, out["waive"].text
    assert out["stats"].new == 1
    with Ledger.open(db) as ledger:
        assert ledger.conn.execute("SELECT COUNT(*) FROM transcripts WHERE id LIKE 'T-RACE-%'").fetchone()[0] == 1
        assert ledger.finding(fid)["waiver"]["reason"] == "复核：同时进行"
    assert any(f["id"] == fid and f["status"] == "waived" for f in findings(agent))
