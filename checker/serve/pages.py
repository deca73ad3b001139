"""The HTML pages of `kefu serve` (Jinja2, autoescaped). Pages only read: every change is
a call of the JSON API by static/app.js, with the CSRF header. Data comes from the same
ledger functions as the API, so a page never shows what the API would refuse."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..ledger import LedgerError
from ..norms import NORMS
from .common import REVIEWERS, ROLE_NAMES, from_ledger, open_ledger, require_role, user_of

TEMPLATES = Path(__file__).parent / "templates"


def _highlight(text: str, finding_list) -> Markup:
    """The message text escaped, with the words of its findings in <mark>."""
    from ..scorecard.html.chat import highlighted
    marks = []
    for f in finding_list:
        spans = (f.get("details") or {}).get("spans") or f.get("spans") or []
        marks += [(int(s), int(e), f["id"]) for s, e in spans]
    return Markup(highlighted(text or "", marks))


env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)
env.filters["highlight"] = _highlight
env.filters["points"] = lambda p: f"+{p}" if isinstance(p, (int, float)) and p > 0 else str(p)
env.filters["norm"] = lambda key: NORMS.get(key, "人工录入" if key == "manual" else key)
env.filters["minute"] = lambda s: (s or "").replace("T", " ")[:16]
env.globals["ROLE_NAMES"] = ROLE_NAMES
env.globals["STATUS_NAMES"] = {"open": "待确认", "disputed": "申请复核中", "confirmed": "已确认", "waived": "已豁免（推翻）"}


def render(template: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(env.get_template(template).render(**context), status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    return render("error.html", status, status_code=status, message=message, user=None, month=None)


def page(path: str, work, roles: tuple[str, ...] | None = None, what: str = "查看这个页面") -> Route:
    """A page around `work(request, ledger, user) -> (template, context)`."""

    async def endpoint(request: Request) -> Response:
        def run():
            with open_ledger(request) as ledger:
                user = user_of(request, ledger)
                if user is None:
                    return RedirectResponse("/login?next=" + quote(str(request.url.path)), status_code=303)
                if roles:
                    require_role(user, roles, what)
                try:
                    template, context = work(request, ledger, user)
                except LedgerError as exc:
                    raise from_ledger(exc) from exc
                return render(template, user=user, path=request.url.path, **context)

        return await run_in_threadpool(run)

    return Route(path, endpoint, methods=["GET"])


async def login_page(request: Request) -> Response:
    nxt = request.query_params.get("next", "/")
    if not nxt.startswith("/") or nxt.startswith("//"):
        nxt = "/"
    return render("login.html", user=None, month=None, next=nxt)


async def report_css(request: Request) -> Response:
    from ..scorecard.html.assets import CSS
    return Response(CSS, media_type="text/css; charset=utf-8")


def routes() -> list[Route]:
    from . import views

    async def root(request: Request) -> Response:
        def run():
            with open_ledger(request) as ledger:
                user = user_of(request, ledger)
            if user is None:
                return RedirectResponse("/login", status_code=303)
            return RedirectResponse({"agent": "/my", "reviewer": "/review", "lead": "/lead"}[user.role], status_code=303)
        return await run_in_threadpool(run)

    return [
        Route("/", root, methods=["GET"]),
        Route("/login", login_page, methods=["GET"]),
        Route("/assets/report.css", report_css, methods=["GET"]),
        page("/my", views.my_month),
        page("/chats/{tid}", views.chat),
        page("/review", views.review, REVIEWERS, "查看复核队列"),
        page("/board", views.board),
        page("/lead", views.lead, ("lead",), "查看主管页面"),
    ]
