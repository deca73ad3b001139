"""The review routes of the API: findings, chats, disputes, reviews, items, adjustments,
month closing, scorecards, the board, the audit log and the exports. Each one calls the
ledger function of checker/ledger/review.py that the CLI calls too."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from starlette.responses import Response

from .api import route
from .common import REVIEWERS, ApiError, clock_now, int_field, month_of, text_field

STATUSES = ("open", "disputed", "confirmed", "waived")


def _review():
    from ..ledger import review
    return review


def _reason(body: dict, label: str = "理由") -> str:
    return text_field(body, "reason", label)


def findings(request, ledger, user, body) -> dict:
    month = month_of(request, ledger=ledger)
    status = request.query_params.get("status") or None
    if status is not None and status not in STATUSES:
        raise ApiError(422, f"状态 {status!r} 无效：应为 open、disputed、confirmed 或 waived")
    agent = request.query_params.get("agent") or None
    return {"month": month, "findings": _review().list_findings(ledger, user, month, agent=agent, status=status)}


def finding(request, ledger, user, body) -> dict:
    from ..ledger.review_state import finding_for
    return {"finding": finding_for(ledger, user, request.path_params["fid"])}


def chat(request, ledger, user, body) -> dict:
    return {"chat": _review().get_chat(ledger, user, request.path_params["tid"])}


def dispute(request, ledger, user, body) -> dict:
    fid = request.path_params["fid"]
    return {"finding": _review().dispute(ledger, user, fid, _reason(body, "申请复核的理由"), now=clock_now(request))}


def confirm(request, ledger, user, body) -> dict:
    return {"finding": _review().confirm(ledger, user, request.path_params["fid"], _reason(body, "确认的理由"))}


def waive(request, ledger, user, body) -> dict:
    """Overturn: the finding stays, counted as waived. The ledger judges the window by the real time."""
    return {"finding": _review().waive(ledger, user, request.path_params["fid"], _reason(body, "推翻（豁免）的理由"))}


def revoke(request, ledger, user, body) -> dict:
    return {"finding": _review().revoke_waiver(ledger, user, request.path_params["fid"], _reason(body, "撤销豁免的理由"))}


def items(request, ledger, user, body) -> dict:
    """A manual finding on a chat message (`chat`, `message`, `rule`) or a non-chat item
    for an agent (`agent`, `month`, `code`)."""
    review = _review()
    points = int_field(body, "points", "分值", required=False)
    if body.get("chat") not in (None, ""):
        chat_id = text_field(body, "chat", "会话编号")
        message = int_field(body, "message", "消息序号")
        rule = text_field(body, "rule", "规则或条目")
        found = review.add_manual_finding(ledger, user, chat_id, message, rule, _reason(body), points=points)
        return {"finding": found}
    agent = text_field(body, "agent", "客服")
    month = month_of(request, text_field(body, "month", "月份"))
    code = text_field(body, "code", "条目").upper()
    note = text_field(body, "note", "事由（何时、何事）")
    if points is None:
        raise ApiError(422, "请填写分值")
    entry = review.add_item(ledger, user, agent, month, code, points, note, new_agent=bool(body.get("new_agent")))
    return {"item": entry}


def remove_item(request, ledger, user, body) -> dict:
    item_id = int_field({"id": request.path_params["item"]}, "id", "条目编号")
    _review().remove_item(ledger, user, item_id, _reason(body, "删除的理由"))
    return {"ok": True}


def list_items(request, ledger, user, body) -> dict:
    month = month_of(request, ledger=ledger)
    agent = request.query_params.get("agent") or None
    return {"month": month, "items": _review().list_items(ledger, user, month, agent=agent)}


def queue(request, ledger, user, body) -> dict:
    month = month_of(request, ledger=ledger)
    sample = int_field(dict(request.query_params), "sample", "每人每天抽查的会话数", required=False)
    if sample is not None and sample < 1:
        raise ApiError(422, "每人每天抽查的会话数应至少为 1")
    seed = request.query_params.get("seed") or None
    return {"month": month, "queue": _review().review_queue(ledger, user, month, sample_per_agent_day=sample, seed=seed)}


def adjust(request, ledger, user, body) -> dict:
    agent = text_field(body, "agent", "客服")
    month = month_of(request, text_field(body, "month", "月份"))
    points = int_field(body, "points", "额外奖惩分")
    _review().set_adjustment(ledger, user, agent, month, points, _reason(body, "额外奖惩的理由"),
                             new_agent=bool(body.get("new_agent")))
    return {"ok": True}


def close_month(request, ledger, user, body) -> dict:
    month = month_of(request, request.path_params["month"])
    _review().close_month(ledger, user, month, text_field(body, "reason", "理由", required=False))
    return {"month": month, "closed": True}


def reopen_month(request, ledger, user, body) -> dict:
    month = month_of(request, request.path_params["month"])
    _review().reopen_month(ledger, user, month, _reason(body, "重新打开的理由"))
    return {"month": month, "closed": False}


def scorecard(request, ledger, user, body) -> dict:
    month = month_of(request, ledger=ledger)
    agent = request.query_params.get("agent") or None
    return {"month": month, "closed": _review().month_closed(ledger, month),
            "agents": _review().scorecard(ledger, user, month, agent=agent, book=request.app.state.book())}


def board(request, ledger, user, body) -> dict:
    month = month_of(request, ledger=ledger)
    since = request.query_params.get("since") or None
    token, changed = _review().changes_since(ledger, since)
    out = {"month": month, "token": str(token), "changed": bool(changed) or since is None}
    if out["changed"]:
        out["agents"] = _review().board(ledger, month, book=request.app.state.book(), as_of=clock_now(request))
    return out


def audit_rows(request, ledger, user, body) -> dict:
    from ..ledger.audit import audit_log
    month = request.query_params.get("month") or None
    if month is not None:
        month = month_of(request, ledger=ledger)
    return {"audit": audit_log(ledger, month=month, target=request.query_params.get("target") or None)}


def export(request, ledger, user, body) -> Response:
    """The month's scorecards as CSV or XLSX: the files `kefu scorecard` writes."""
    from ..ledger.audit import audit
    from ..ledger.review_state import scheme_of
    from ..scorecard import build_month, render
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise ApiError(404, "只能导出 csv 或 xlsx")
    month = month_of(request, ledger=ledger)
    report = build_month(ledger, scheme_of(ledger), month, request.app.state.book())
    name = f"kefu-scorecard-{month}.{fmt}"
    if fmt == "csv":
        stream = io.StringIO()
        render(report, "csv", stream)
        data, media = ("\ufeff" + stream.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            render(report, "xlsx", path)
            data = path.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit(ledger, user.name, "export", name, "", {"month": month, "format": fmt})
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def routes() -> list:
    post = ("POST",)
    return [
        route("/api/findings", findings),
        route("/api/findings/{fid}", finding),
        route("/api/chats/{tid}", chat),
        route("/api/findings/{fid}/dispute", dispute, post),
        route("/api/findings/{fid}/confirm", confirm, post, REVIEWERS, "确认问题"),
        route("/api/findings/{fid}/waive", waive, post, REVIEWERS, "推翻（豁免）问题"),
        route("/api/findings/{fid}/revoke", revoke, post, REVIEWERS, "撤销豁免"),
        route("/api/items", list_items),
        route("/api/items", items, post, REVIEWERS, "录入问题或考核条目"),
        route("/api/items/{item}/remove", remove_item, post, REVIEWERS, "删除录入条目"),
        route("/api/queue", queue, roles=REVIEWERS, what="查看复核队列"),
        route("/api/adjustments", adjust, post, ("lead",), "设置额外奖惩"),
        route("/api/months/{month}/close", close_month, post, ("lead",), "结账"),
        route("/api/months/{month}/reopen", reopen_month, post, ("lead",), "重新打开月份"),
        route("/api/scorecard", scorecard),
        route("/api/board", board),
        route("/api/audit", audit_rows, roles=("lead",), what="查看审计日志"),
        route("/api/export/scorecard.{fmt}", export, roles=("lead",), what="导出考核表"),
    ]
