"""JSON output: every template with its findings, the input errors and a summary."""
from __future__ import annotations

import json


def finding_dict(f) -> dict:
    x = f.finding
    out = {
        "rule": x.rule, "norm": x.norm, "level": x.level, "points": x.points, "title": x.title,
        "reason": x.reason, "detail": f.detail or None, "suggestion": x.suggestion, "source": x.source or None,
        "text": x.text, "span": list(x.span) if x.span else None,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "waived": f.waived, "waiver_reason": f.waiver_reason or None,
    }
    if "spans" in x.details:
        out["spans"] = x.details["spans"]
    return out


def template_dict(result) -> dict:
    t = result.template
    return {
        "file": t.file, "line": t.line, "column": t.column, "index": t.index, "code": t.code,
        "group": t.group, "kind": t.kind, "expires": t.expires.isoformat() if t.expires else None,
        "text": t.text, "findings": [finding_dict(f) for f in result.findings],
    }


def render(run, stream) -> None:
    doc = {
        "tool": "kefu", "command": "lint",
        "policy": {"version": run.policy_version, "rules": len(run.rules)},
        "as_of": run.as_of.isoformat(), "fail_on": run.threshold or "never",
        "templates": [template_dict(r) for r in run.results],
        "errors": [e.to_dict() for e in run.summary.errors],
        "summary": run.summary.to_dict(),
    }
    stream.write(json.dumps(doc, ensure_ascii=False) + "\n")   # dumps: the C encoder
