"""What every route of `kefu serve` shares: the ledger of a request, the user behind the
session, roles, months, and how a refused operation becomes an HTTP status."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

from starlette.requests import Request

from ..ledger import Ledger, LedgerError
from ..ledger.clock import MONTH_RE, now
from ..ledger.errors import LedgerForbidden, LedgerNotFound
from .auth import SESSION_COOKIE, Session

ROLE_NAMES = {"agent": "客服", "reviewer": "质检", "lead": "主管"}
REVIEWERS = ("reviewer", "lead")


class ApiError(Exception):
    """A refusal with its HTTP status and a Chinese message for the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def from_ledger(exc: LedgerError) -> ApiError:
    if isinstance(exc, LedgerForbidden):
        return ApiError(403, str(exc))
    if isinstance(exc, LedgerNotFound):
        return ApiError(404, str(exc))
    return ApiError(422, str(exc))


# The rule base and scoring scheme take half a second to load: the review functions keep
# them on the Ledger object (scheme_of / policy_of); the app keeps them across requests.
_CACHED = ("_review_scheme", "_review_policy")


@contextmanager
def open_ledger(request: Request) -> Iterator[Ledger]:
    """A connection for this request (SQLite connections stay in their thread)."""
    try:
        ledger = Ledger.open(request.app.state.db, create=False)
    except LedgerError as exc:
        raise ApiError(503, str(exc)) from exc
    cache = request.app.state.cache
    for attr in _CACHED:
        if attr in cache:
            setattr(ledger, attr, cache[attr])
    try:
        yield ledger
    finally:
        for attr in _CACHED:
            if getattr(ledger, attr, None) is not None:
                cache[attr] = getattr(ledger, attr)
        ledger.close()


def session_of(request: Request) -> Session | None:
    return request.app.state.sessions.get(request.cookies.get(SESSION_COOKIE))


def user_of(request: Request, ledger: Ledger):
    """The logged-in, enabled user, or None."""
    from ..ledger.users import get_user
    session = session_of(request)
    if session is None:
        return None
    user = get_user(ledger, session.name)
    if user is None or user.disabled:
        request.app.state.sessions.drop(session.token)
        return None
    return user


def require_user(request: Request, ledger: Ledger):
    user = user_of(request, ledger)
    if user is None:
        raise ApiError(401, "请先登录")
    return user


def require_role(user, roles: tuple[str, ...], what: str) -> None:
    if user.role not in roles:
        allowed = "、".join(ROLE_NAMES[r] for r in roles)
        raise ApiError(403, f"{user.name}（{ROLE_NAMES.get(user.role, user.role)}）不能{what}：只有{allowed}可以")


def clock_now(request: Request) -> datetime:
    """The server's clock (tests give the app a fixed one)."""
    clock = request.app.state.clock
    return clock() if clock else now()


def month_of(request: Request, value: str | None = None, ledger: Ledger | None = None) -> str:
    """?month=YYYY-MM; without it the current month (China time), or with a ledger the
    latest month on record up to now."""
    month = value if value is not None else request.query_params.get("month")
    if month is None or month == "":
        current = clock_now(request).strftime("%Y-%m")
        known = [m for m in (ledger.months() if ledger is not None else []) if m <= current]
        return current if not known or current in known else known[-1]
    if not MONTH_RE.match(month):
        raise ApiError(422, f"月份 {month!r} 格式不对：应为 YYYY-MM，如 2026-11")
    return month


def text_field(body: dict, key: str, label: str, required: bool = True) -> str:
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(422, f"请填写{label}")
    return value.strip()


def int_field(body: dict, key: str, label: str, required: bool = True) -> int | None:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise ApiError(422, f"请填写{label}")
        return None
    if isinstance(value, bool):
        raise ApiError(422, f"{label}应为整数")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ApiError(422, f"{label}应为整数，不能是 {value!r}") from None
