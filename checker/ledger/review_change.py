"""Changing a finding's review state (issue 12): dispute, confirm, waive, revoke_waiver,
add_manual_finding. One transaction each, with its audit row; nothing is ever deleted.

The dispute window (004 第三条 6: 公布之后 1 天之内提出复核申请) limits when a review may
be *asked for*: an agent disputes within `dispute_window_days` of publication; a
reviewer may waive within that window, or later when the agent disputed in time. Outside
it a reviewer needs `override_window` with `as_of`: the window is then judged at `as_of`
(the moment the request was really made, e.g. on paper), the stored time is still the
real time, and the audit row says so.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime

from .audit import audit
from .clock import as_moment, iso, now as real_now, parse
from .errors import LedgerError, LedgerForbidden, LedgerNotFound
from .review_entries import item_points
from .review_state import finding_for, require_active, require_open_month, scheme_of, window_days
from .users import User, require_role

REVIEWERS = ("reviewer", "lead")


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(f"{what}必须写明理由（--reason），记录才能追溯")
    return reason


def _event(ledger, fid: str, kind: str, actor: str, at: str, reason: str) -> None:
    ledger.conn.execute("INSERT INTO finding_events (finding_id, kind, actor, at, reason) VALUES (?, ?, ?, ?, ?)",
                        (fid, kind, actor, at, reason))


def _details(f: dict, **more) -> dict:
    return {"month": f["month"], "agent": f["agent"], "chat": f["chat"], "rule": f["rule"], "points": f["points"],
            "status_before": f["status"], **more}


def _window_closed(ledger, scheme, f: dict) -> LedgerError:
    return LedgerError(f"已过复核期：问题 {f['id']} 于 {f['published_at']} 公布，复核申请须在公布后 "
                       f"{window_days(ledger, scheme):g} 天内（截至 {f['dispute_deadline']}）提出（004 第三条 6）")


def _live(f: dict, what: str) -> None:
    if not f["active"]:
        raise LedgerError(f"问题 {f['id']} 所在的会话已更新，新版本不再有这处问题，不能{what}")


def dispute(ledger, actor: User, finding_id: str, reason: str, now: datetime | None = None, scheme=None) -> dict:
    """The finding's own agent asks for a review (复核申请) with a reason, while the window
    is open (`now`: for tests; default the real time). One dispute per finding. Returns
    the finding (as list_findings)."""
    require_active(actor)
    reason = _reason(reason, "申请复核")
    moment = as_moment(now)
    with ledger.transaction():
        f = finding_for(ledger, actor, finding_id, scheme)
        if actor.role != "agent" or actor.name != f["agent"]:
            raise LedgerForbidden(f"只有客服 {f['agent']} 本人可以对问题 {f['id']} 申请复核")
        require_open_month(ledger, f["month"], "申请复核")
        _live(f, "申请复核")
        if f["dispute"]:
            raise LedgerError(f"问题 {f['id']} 已于 {f['dispute']['at']} 申请过复核（理由：{f['dispute']['reason']}）")
        if f["status"] == "waived":
            raise LedgerError(f"问题 {f['id']} 已豁免，无需申请复核")
        deadline = parse(f["dispute_deadline"])
        if moment > deadline:
            raise _window_closed(ledger, scheme, f)
        _event(ledger, f["id"], "dispute", actor.name, iso(moment), reason)
        audit(ledger, actor.name, "finding.dispute", f["id"], reason, _details(f))
    return finding_for(ledger, actor, f["id"], scheme)


def confirm(ledger, actor: User, finding_id: str, reason: str, scheme=None) -> dict:
    """A reviewer or lead upholds a finding (disputed or not yet reviewed): it counts."""
    require_role(actor, REVIEWERS, "确认问题")
    reason = _reason(reason, "确认问题")
    with ledger.transaction():
        f = finding_for(ledger, actor, finding_id, scheme)
        require_open_month(ledger, f["month"], "确认问题")
        _live(f, "确认")
        if f["status"] == "waived":
            raise LedgerError(f"问题 {f['id']} 已豁免：要恢复计分请撤销豁免（kefu waive revoke {f['id']} --reason …）")
        if f["status"] == "confirmed":
            raise LedgerError(f"问题 {f['id']} 已于 {f['decision']['at']} 由 {f['decision']['by']} 确认")
        _event(ledger, f["id"], "confirm", actor.name, iso(real_now()), reason)
        audit(ledger, actor.name, "finding.confirm", f["id"], reason, _details(f))
    return finding_for(ledger, actor, f["id"], scheme)


def waive(ledger, actor: User, finding_id: str, reason: str, as_of: datetime | None = None,
          override_window: bool = False, scheme=None) -> dict:
    """A reviewer or lead overturns a finding: it stays, counted as waived (the scorecard
    reads the standing waiver exactly as for the old `kefu waive`). Allowed within the
    dispute window, or after it when the agent disputed in time; otherwise only with
    `override_window=True` and `as_of` inside the window. The stored time is the real time."""
    require_role(actor, REVIEWERS, "豁免问题")
    reason = _reason(reason, "豁免")
    if as_of is not None and not override_window:
        raise LedgerError("--as-of 不能改写豁免时间（记录的总是实际时间）；只有复核人同时用 --override-window "
                          "并写明理由时，才按 --as-of 的时刻判断复核期")
    if override_window and as_of is None:
        raise LedgerError("--override-window 需要用 --as-of 指明复核申请实际提出的时刻（按该时刻判断复核期）")
    real = real_now()
    judged = as_moment(as_of) if as_of is not None else real
    with ledger.transaction():
        f = finding_for(ledger, actor, finding_id, scheme)
        require_open_month(ledger, f["month"], "豁免问题")
        if f["status"] == "waived":
            raise LedgerError(f"问题 {f['id']} 已于 {f['decision']['at']} 豁免（理由：{f['decision']['reason']}）")
        _live(f, "豁免")
        published, deadline = parse(f["published_at"]), parse(f["dispute_deadline"])
        if judged < published:
            raise LedgerError(f"判断时刻 {iso(judged)} 早于问题公布时间 {f['published_at']}")
        if judged > deadline and not (f["dispute"] and not override_window):
            raise _window_closed(ledger, scheme, f)
        ledger.conn.execute("INSERT INTO waivers (finding_id, reason, reviewer, waived_at) VALUES (?, ?, ?, ?)",
                            (f["id"], reason, actor.name, iso(real)))
        _event(ledger, f["id"], "waive", actor.name, iso(real), reason)
        extra = {"override_window": True, "as_of": iso(judged)} if override_window else {}
        audit(ledger, actor.name, "finding.waive", f["id"], reason, _details(f, **extra))
    return finding_for(ledger, actor, f["id"], scheme)


def revoke_waiver(ledger, actor: User, finding_id: str, reason: str, scheme=None) -> dict:
    """Undo a waiver (kept, marked revoked): the finding counts again (status confirmed)."""
    require_role(actor, REVIEWERS, "撤销豁免")
    reason = _reason(reason, "撤销豁免")
    with ledger.transaction():
        f = finding_for(ledger, actor, finding_id, scheme)
        require_open_month(ledger, f["month"], "撤销豁免")
        if f["status"] != "waived":
            raise LedgerError(f"问题 {f['id']} 没有豁免，无需撤销")
        at = iso(real_now())
        ledger.conn.execute("UPDATE waivers SET revoked_at = ?, revoked_by = ?, revoke_reason = ? "
                            "WHERE finding_id = ? AND revoked_at IS NULL", (at, actor.name, reason, f["id"]))
        _event(ledger, f["id"], "revoke", actor.name, at, reason)
        audit(ledger, actor.name, "finding.revoke_waiver", f["id"], reason, _details(f, waiver=f["waiver"]))
    return finding_for(ledger, actor, f["id"], scheme)


def policy_of(ledger, policy=None):
    if policy is not None:
        return policy
    cached = getattr(ledger, "_review_policy", None)
    if cached is None:
        from ..policy import PolicyError, load_policy
        try:
            cached = load_policy()
        except PolicyError as exc:
            raise LedgerError("规则库有错误：" + "；".join(str(p) for p in exc.problems)) from exc
        ledger._review_policy = cached
    return cached


def add_manual_finding(ledger, actor: User, transcript_id: str, message: int, rule_or_item: str, reason: str,
                       points: int | None = None, scheme=None, policy=None) -> dict:
    """A reviewer's own finding on message `message` (0-based index) of a chat: a rule id of
    the rule base (priced like the checker's findings) or a deduction item of 004 第四条
    (A1…C7, points inside its range). Published now: its dispute window opens now."""
    require_role(actor, REVIEWERS, "录入问题")
    reason = _reason(reason, "录入问题")
    scheme = scheme_of(ledger, scheme)
    row = ledger.conn.execute("SELECT agent, month, policy_version FROM transcripts WHERE id = ?",
                              (transcript_id,)).fetchone()
    if row is None:
        raise LedgerNotFound(f"台账中没有会话 {transcript_id}")
    agent, month, version = row
    chat = ledger.transcript(transcript_id)
    if not isinstance(message, int) or not 0 <= message < len(chat.messages):
        raise LedgerError(f"会话 {transcript_id} 没有消息#{message}：消息编号应在 0 至 {len(chat.messages) - 1} 之间")
    code = (rule_or_item or "").strip()
    details: dict = {"by": actor.name}
    item = scheme.items.get(code.upper())
    if item is not None:
        if item.bonus or item.auto:
            raise LedgerError(f"{item.code}（{item.title}）不是扣分条目：会话问题只能选 A、B、C 类扣分条目或规则")
        points = item_points(item, points)
        rule_id, norm, title, level, suggestion = f"item-{item.code}", "manual", item.title, "error", ""
        details["item"] = item.code
    else:
        rules = {r.id: r for r in policy_of(ledger, policy).rules}
        if code not in rules:
            raise LedgerError(f"没有规则或条目 {code!r}：规则见 `kefu rules list`，条目为 004 第四条的 A1–A14、B1–B8、C1–C7")
        rule = rules[code]
        rule_id, norm, title, level, suggestion = rule.id, rule.norm, rule.title, rule.level, rule.suggestion
        item, _ = scheme.deduction(rule.id, rule.norm, rule.points if points is None else points)
        if points is not None and not item.low <= points <= item.high:
            raise LedgerError(f"规则 {rule.id} 归入 {item.code}（{item.title}），分值应在 {item.points_text()} 范围内")
        points = rule.points if points is None else points
    text = chat.messages[message].text
    at = iso(real_now())
    fid = "F-" + hashlib.sha256(f"{transcript_id}\x1f{rule_id}\x1f{message}\x1f{at}\x1f{secrets.token_hex(4)}"
                                .encode()).hexdigest()[:10]
    with ledger.transaction():
        require_open_month(ledger, month, "录入问题")
        run_id = ledger.conn.execute("INSERT INTO runs (kind, recorded_at, policy_version, findings) VALUES "
                                     "('review', ?, ?, 1)", (at, version)).lastrowid
        ledger.conn.execute(
            "INSERT INTO findings (id, transcript_id, rule, norm, message, span_start, span_end, text, level, points, "
            "title, reason, suggestion, source, details, published_at, run_id) "
            "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?)",
            (fid, transcript_id, rule_id, norm, message, len(text), text, level, int(points), title, reason,
             suggestion, json.dumps(details, ensure_ascii=False), at, run_id))
        audit(ledger, actor.name, "finding.add", fid, reason,
              {"month": month, "agent": agent, "chat": transcript_id, "message": message, "rule": rule_id,
               "points": int(points)})
    return finding_for(ledger, actor, fid, scheme)


__all__ = ["add_manual_finding", "confirm", "dispute", "revoke_waiver", "waive"]
