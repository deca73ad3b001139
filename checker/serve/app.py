"""The ASGI application of `kefu serve` (Starlette): routes, security headers, errors.

    app = create_app("kefu.db")          # uvicorn.run(app, host="127.0.0.1", port=8765)

No traceback ever reaches a user: every error is a Chinese message (JSON under /api, a
page elsewhere). Every response carries a Content-Security-Policy that allows only the
package's own script and style (checker/serve/static/), so the pages work offline and a
chat text can never run as code."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Callable

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from .auth import LoginLimiter, Sessions
from .common import ApiError

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
log = logging.getLogger("kefu.serve")


class SecurityHeaders:
    """Adds the security headers to every response; pages and API answers are not cached."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in HEADERS.items():
                    headers[key] = value
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    from .pages import error_page
    return error_page(request, status, message)


HTTP_MESSAGES = {404: "没有这个页面或接口", 405: "不支持这种请求方式"}


async def on_api_error(request: Request, exc: ApiError) -> Response:
    if exc.status == 401 and not _wants_json(request):
        from starlette.responses import RedirectResponse
        return RedirectResponse("/login", status_code=303)
    return _error(request, exc.status, exc.message)


async def on_http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, HTTP_MESSAGES.get(exc.status_code, "请求无效"))


async def on_crash(request: Request, exc: Exception) -> Response:
    log.exception("kefu serve: unexpected error on %s %s", request.method, request.url.path)
    return _error(request, 500, "服务器内部错误：操作没有完成，请稍后重试；如果一再出现，请把时间告诉管理员（详情见服务器日志）")


_CACHES: dict[str, dict] = {}


def shared_cache() -> dict:
    """The loaded rule base and scheme, shared by the apps of one policies directory."""
    from ..policy import default_policy_dir
    return _CACHES.setdefault(str(default_policy_dir()), {})


def create_app(db: str | Path, *, targets: Path | None = None, secure_cookies: bool = False,
               clock: Callable[[], datetime] | None = None) -> Starlette:
    """`clock` fixes "now" (tests); `targets` is the targets file or folder of `kefu scorecard`."""
    from .api import routes as api_routes
    from .pages import routes as page_routes

    app = Starlette(
        routes=[*api_routes(), *page_routes(), Mount("/static", StaticFiles(directory=STATIC), name="static")],
        exception_handlers={ApiError: on_api_error, HTTPException: on_http_error, Exception: on_crash},
    )
    app.add_middleware(SecurityHeaders)
    state = app.state
    state.db = Path(db)
    state.clock = clock
    state.secure_cookies = secure_cookies
    state.sessions = Sessions()
    state.name_limiter = LoginLimiter(limit=5, window=300)
    state.address_limiter = LoginLimiter(limit=30, window=300)
    state.targets = targets
    state.cache = shared_cache()

    def book():
        from ..scorecard import TargetBook
        return TargetBook(targets)

    state.book = book
    return app
