"""The KPI values of 附件2 from one agent's month of recorded chats and the targets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Promotion:
    name: str
    start: date
    end: date                  # inclusive

    def covers(self, day: str) -> bool:
        return self.start.isoformat() <= day <= self.end.isoformat()


def _pct(num: int, den: int) -> float | None:
    return round(num * 100 / den, 2) if den else None


def _persons(chats: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for chat in chats:
        out.setdefault(chat["customer_key"], []).append(chat)
    return out


def _paid(outcome: dict) -> bool:
    return bool(outcome.get("paid"))


def _ordered(outcome: dict) -> bool:
    return bool(outcome.get("ordered") or outcome.get("paid"))


def _sale(outcome: dict) -> float:
    """The amount a chat adds to sales: paid and not refunded (004 附件2 备注: 不包含退款，退换货)."""
    if not _paid(outcome) or outcome.get("refunded"):
        return 0.0
    return float(outcome.get("amount") or 0)


def measure(chats: list[dict], target: float, followup: float | None, daily_score: int,
            replied_when: str = "all_rounds_answered") -> dict[str, tuple[float | None, dict]]:
    """{kpi key: (value, inputs)} for one agent's month. `chats` are ledger rows
    (customer_key, channel, outcome, metrics, waits, id)."""
    consulting = [c for c in chats if c["outcome"]]
    persons = _persons(consulting)
    ordered = [k for k, cs in persons.items() if any(_ordered(c["outcome"]) for c in cs)]
    paid = [k for k, cs in persons.items() if any(_paid(c["outcome"]) for c in cs)]
    sales = round(sum(_sale(c["outcome"]) for c in consulting), 2)
    im_paid_chats = [c for c in consulting if c["channel"] == "im" and _sale(c["outcome"]) > 0]
    im_paid_persons = {c["customer_key"] for c in im_paid_chats}
    im_sales = round(sum(_sale(c["outcome"]) for c in im_paid_chats), 2)

    received = _persons([c for c in chats if c["channel"] == "im" and (c["metrics"].get("rounds") or 0) > 0])

    def replied(cs: list[dict]) -> bool:
        if replied_when == "any_round_answered":
            return any(c["metrics"]["rounds"] > (c["metrics"].get("unanswered_rounds") or 0) for c in cs)
        return all(not c["metrics"].get("unanswered_rounds") for c in cs)

    replied_persons = [k for k, cs in received.items() if replied(cs)]
    waits = [w for c in chats if c["channel"] == "im" for w in c["waits"]]
    return {
        "target_completion": (_pct_f(sales, target), {"销售额": sales, "计划销售额": target}),
        "conversion": (_pct(len(ordered), len(persons)), {"下单人数": len(ordered), "咨询人数": len(persons),
                                                          "会话": [c["id"] for c in consulting]}),
        "order_success": (_pct(len(paid), len(ordered)), {"付款人数": len(paid), "下单人数": len(ordered)}),
        "order_value": (round(im_sales / len(im_paid_persons), 2) if im_paid_persons else None,
                        {"IM 付款销售额": im_sales, "付款人数": len(im_paid_persons)}),
        "reply_rate": (_pct(len(replied_persons), len(received)),
                       {"回复过的客户数": len(replied_persons), "接待客户数": len(received),
                        "未回复会话": [c["id"] for cs in received.values() for c in cs
                                    if c["metrics"].get("unanswered_rounds")]}),
        "response_time": (round(sum(waits) / len(waits), 1) if waits else None,
                          {"已回复轮次": len(waits), "等待总秒数": round(sum(waits), 1)}),
        "followup": (followup, {"跟进服务金额": followup}),
        "execution": (float(daily_score), {"日常考核得分": daily_score}),
    }


def _pct_f(num: float, den: float) -> float | None:
    return round(num * 100 / den, 2) if den else None


def revenue(chats: list[dict], promotions: list[Promotion]) -> tuple[float, float]:
    """(个人总营业额, the part of it during promotions): paid IM and phone orders, refunds and
    the customer's own orders (outcome.self_service) excluded."""
    total = promo = 0.0
    for chat in chats:
        if chat["outcome"].get("self_service"):
            continue
        amount = _sale(chat["outcome"])
        total += amount
        if amount and any(p.covers(chat["day"]) for p in promotions):
            promo += amount
    return round(total, 2), round(promo, 2)
