"""The JSON API under /api: what the pages call, and what scripts may call.

Every route opens its own ledger connection in a worker thread, finds the user behind the
session cookie (401 without one), checks the CSRF token of a state-changing request and
the role, then calls the ledger function the CLI calls too: the business rules live in
checker/ledger/, never here. A refused operation maps to 422 (403 forbidden, 404 not
found) with the ledger's Chinese message."""
from __future__ import annotations

import json
import math
from typing import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..ledger import LedgerError
from .auth import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, csrf_ok
from .common import (ApiError, ROLE_NAMES, from_ledger, open_ledger, require_role, require_user, session_of,
                     text_field)

MAX_BODY = 64 * 1024


async def read_json(request: Request) -> dict:
    if request.method != "POST":
        return {}
    raw = await request.body()
    if not raw.strip():
        return {}
    if not request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
        raise ApiError(415, "请求体应为 JSON（Content-Type: application/json）")
    if len(raw) > MAX_BODY:
        raise ApiError(413, "请求体太大")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise ApiError(422, "请求体不是有效的 JSON") from None
    if not isinstance(body, dict):
        raise ApiError(422, "请求体应为 JSON 对象，如 {\"reason\": \"…\"}")
    return body


def check_csrf(request: Request) -> None:
    session = session_of(request)
    if session is None or not csrf_ok(session, request.headers.get(CSRF_HEADER), request.cookies.get(CSRF_COOKIE)):
        raise ApiError(403, "CSRF 令牌缺失或不符：请刷新页面后重试（脚本请在 X-CSRF-Token 头中带上 kefu_csrf Cookie 的值）")


Work = Callable[[Request, object, object, dict], object]


def route(path: str, work: Work, methods: tuple[str, ...] = ("GET",), roles: tuple[str, ...] | None = None,
          what: str = "执行这个操作") -> Route:
    """An API route around `work(request, ledger, user, body)`, which returns a dict or a Response."""
    write = "POST" in methods

    async def endpoint(request: Request) -> Response:
        body = await read_json(request)

        def run():
            with open_ledger(request) as ledger:
                user = require_user(request, ledger)
                if write:
                    check_csrf(request)
                if roles:
                    require_role(user, roles, what)
                try:
                    return work(request, ledger, user, body)
                except LedgerError as exc:
                    raise from_ledger(exc) from exc

        result = await run_in_threadpool(run)
        return result if isinstance(result, Response) else JSONResponse(result)

    return Route(path, endpoint, methods=list(methods))


# ---- sessions -------------------------------------------------------------------------------
def set_session_cookies(response: Response, request: Request, session) -> None:
    secure = request.app.state.secure_cookies
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="strict", secure=secure, path="/")
    response.set_cookie(CSRF_COOKIE, session.csrf, httponly=False, samesite="strict", secure=secure, path="/")


async def login(request: Request) -> Response:
    from ..ledger.users import authenticate
    body = await read_json(request)
    name = text_field(body, "name", "用户名")
    password = body.get("password")
    if not isinstance(password, str) or not password:
        raise ApiError(422, "请填写密码")
    state = request.app.state
    address = request.client.host if request.client else "unknown"
    wait = max(state.name_limiter.wait(name), state.address_limiter.wait(address))
    if wait:
        raise ApiError(429, f"登录失败次数过多：请 {math.ceil(wait / 60)} 分钟后再试")

    def check():
        with open_ledger(request) as ledger:
            return authenticate(ledger, name, password)

    user = await run_in_threadpool(check)
    if user is None:
        state.name_limiter.failed(name)
        state.address_limiter.failed(address)
        raise ApiError(401, "用户名或密码错误")
    state.name_limiter.succeeded(name)
    old = session_of(request)
    if old is not None:
        state.sessions.drop(old.token)
    session = state.sessions.create(user.name)
    response = JSONResponse(me_dict(user, session))
    set_session_cookies(response, request, session)
    return response


def me_dict(user, session) -> dict:
    return {"name": user.name, "role": user.role, "role_name": ROLE_NAMES.get(user.role, user.role),
            "csrf": session.csrf}


def logout(request, ledger, user, body) -> Response:
    session = session_of(request)
    request.app.state.sessions.drop(session.token if session else None)
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def me(request, ledger, user, body) -> dict:
    return me_dict(user, session_of(request))


def routes() -> list[Route]:
    from .api_review import routes as review_routes
    return [Route("/api/login", login, methods=["POST"]),
            route("/api/logout", logout, ("POST",)),
            route("/api/me", me),
            *review_routes()]
