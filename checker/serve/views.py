"""What each page shows: the context of its template, read through the ledger functions
of checker/ledger/review.py (the API's), so a page shows only what the user may see."""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..ledger.clock import parse
from .common import clock_now, int_field, month_of, ApiError


def _review():
    from ..ledger import review
    return review


@lru_cache(maxsize=1)
def _rule_choices() -> tuple[tuple[str, str], ...]:
    from ..policy import load_policy
    return tuple((r.id, r.title) for r in load_policy(None).rules)


def _item_choices(ledger) -> list[dict]:
    from ..ledger.review_state import scheme_of
    return [{"code": i.code, "title": i.title, "points": i.points_text(), "low": i.low, "high": i.high}
            for i in scheme_of(ledger).items.values() if not i.auto]


def _agents(ledger, month: str) -> list[str]:
    from ..ledger.users import list_users
    return sorted(set(ledger.agents(month)) | {u.name for u in list_users(ledger) if u.role == "agent" and not u.disabled})


def _with_window(request, findings: list[dict]) -> list[dict]:
    now = clock_now(request)
    for f in findings:
        f["window_open"] = parse(f["dispute_deadline"]) > now
    return findings


def my_month(request, ledger, user):
    """An agent's month (a reviewer or lead picks the agent): scorecard and findings."""
    month = month_of(request, ledger=ledger)
    agents = _agents(ledger, month) if user.role != "agent" else [user.name]
    agent = user.name if user.role == "agent" else (request.query_params.get("agent") or (agents[0] if agents else None))
    review = _review()
    cards = review.scorecard(ledger, user, month, agent=agent, book=request.app.state.book()) if agent else []
    card = next((c for c in cards if c["agent"] == agent), None)
    findings = _with_window(request, review.list_findings(ledger, user, month, agent=agent)) if agent else []
    return "my.html", {"month": month, "agent": agent, "agents": agents, "card": card, "findings": findings}


def chat(request, ledger, user):
    review = _review()
    found = review.get_chat(ledger, user, request.path_params["tid"])
    findings = _with_window(request, found["findings"])
    by_message: dict[int, list[dict]] = {}
    general = []
    for f in findings:
        (by_message.setdefault(f["message"], []) if f["message"] is not None else general).append(f)
    reviewer = user.role in ("reviewer", "lead")
    return "chat.html", {
        "month": found["month"], "chat": found, "by_message": by_message, "general": general,
        "focus": request.query_params.get("finding"), "reviewer": reviewer,
        "may_dispute": user.role == "agent" and user.name == found["agent"],
        "rules": _rule_choices() if reviewer else (), "items": _item_choices(ledger) if reviewer else [],
        "closed": review.month_closed(ledger, found["month"]),
    }


def review(request, ledger, user):
    month = month_of(request, ledger=ledger)
    sample = int_field(dict(request.query_params), "sample", "每人每天抽查的会话数", required=False)
    if sample is not None and sample < 1:
        raise ApiError(422, "每人每天抽查的会话数应至少为 1")
    seed = request.query_params.get("seed") or None
    queue = _review().review_queue(ledger, user, month, sample_per_agent_day=sample, seed=seed)
    _with_window(request, [e["finding"] for e in queue if e["finding"]])
    return "review.html", {"month": month, "queue": queue, "sample": sample, "seed": seed or "",
                           "agents": _agents(ledger, month), "items": _item_choices(ledger),
                           "entries": _review().list_items(ledger, user, month),
                           "closed": _review().month_closed(ledger, month)}


def board(request, ledger, user):
    month = month_of(request, ledger=ledger)
    review = _review()
    token, _ = review.changes_since(ledger, None)
    rows = review.board(ledger, month, book=request.app.state.book(), as_of=clock_now(request))
    rows.sort(key=lambda r: (-r["daily"], r["agent"]))
    return "board.html", {"month": month, "rows": rows, "token": token, "wall": request.query_params.get("wall") == "1"}


def lead(request, ledger, user):
    """Every agent's scorecard with the charts of the HTML report, the ±5, closing, audit."""
    from ..ledger.audit import audit_log
    from ..ledger.review_state import scheme_of
    from ..scorecard import build_month
    from ..scorecard.html.charts import norm_bars, response_histogram, totals_bars
    month = month_of(request, ledger=ledger)
    report = build_month(ledger, scheme_of(ledger), month, request.app.state.book(), as_of=clock_now(request))
    charts = {"totals": Markup(totals_bars(report.cards, report.scheme.levels)),
              "norms": Markup(norm_bars(report.norm_counts)),
              "hists": [(c.agent, Markup(response_histogram(c.agent, c.stats["waits"])) if c.stats["waits"] else None)
                        for c in report.cards]}
    low, high = report.scheme.discretionary
    return "lead.html", {"month": month, "report": report, "charts": charts, "closed": _review().month_closed(ledger, month),
                         "adjustments": ledger.discretionary(month), "audit": audit_log(ledger, month=month, limit=200),
                         "agents": _agents(ledger, month), "low": low, "high": high}
