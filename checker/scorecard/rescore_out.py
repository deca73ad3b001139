"""How `kefu rescore` shows its comparison (text and json)."""
from __future__ import annotations

import json

from ..norms import NORMS
from ..privacy import mask_id, mask_text
from ..report.text_report import detail_text
from .rescore import Rescore, change_dict


def _finding(f: dict) -> str:
    where = f"会话 {mask_id(f['transcript_id'])}" + (f" 消息#{f['message']}" if f.get("message") is not None else "")
    said = f"「{mask_text(f['text'])}」" if f.get("text") else ""
    facts = detail_text(f.get("details") or {})
    return f"{f['id']} {where}{said} {f['rule']}（{NORMS.get(f['norm'], f['norm'])}）" + (f"：{facts}" if facts else "")


def render_text(outcome: Rescore, stream, applied=None) -> None:
    w = stream.write
    w(f"{outcome.month} 按 {outcome.as_of} 生效的参数重新判定：规则库 {outcome.policy_version}"
      f"（台账原记录：{', '.join(outcome.stored_versions) or '—'}）\n")
    for change in outcome.changes:
        b, a = change.before, change.after
        if not change.changed:
            w(f"\n■ {change.agent}：无变化（日常考核 {b.daily.score}，KPI 总分 {b.total:g}）\n")
            continue
        w(f"\n■ {change.agent}：新增 {len(change.added)} 处问题，消失 {len(change.removed)} 处\n")
        for f in change.added:
            w(f"   + {_finding(f)}\n")
        for f in change.removed:
            w(f"   - {_finding(f)}\n")
        w(f"   日常考核 {b.daily.score} → {a.daily.score}；KPI 总分 {b.total:g} → {a.total:g}；"
          f"等级 {b.level or '不计入'} → {a.level or '不计入'}；提成 {b.commission.rate:g}% → {a.commission.rate:g}%"
          f"（{b.commission.amount:,.2f} → {a.commission.amount:,.2f} 元）；绩效奖金 {b.bonus:,.2f} → {a.bonus:,.2f} 元\n")
    if applied is None:
        w("\n预览：台账未改动。加 --apply 把这次判定记入台账（新出现的问题自记录时起公布，复核期重新起算）。\n")
    else:
        w(f"\n已记入台账：{applied.transcripts} 个会话，其中 {applied.changed} 个的判定有变化；"
          f"新公布 {applied.published} 处问题，{applied.retired} 处失效（保留记录，不删除）。\n")


def render_json(outcome: Rescore, stream, applied=None) -> None:
    doc = {"tool": "kefu", "kind": "rescore", "month": outcome.month, "as_of": outcome.as_of.isoformat(),
           "policy_version": outcome.policy_version, "stored_versions": outcome.stored_versions,
           "agents": [change_dict(c) for c in outcome.changes], "applied": applied is not None}
    if applied is not None:
        doc["run"] = {"id": applied.run_id, "transcripts": applied.transcripts, "changed": applied.changed,
                      "published": applied.published, "retired": applied.retired}
    json.dump(doc, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
