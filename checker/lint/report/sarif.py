"""SARIF 2.1.0 (OASIS), as GitHub code scanning reads it.

One run; the driver lists every rule that ran. Columns are Unicode code points
(run.columnKind). A waived finding is a `note` with an inSource suppression carrying the
reason. Unreadable input goes to the invocation's toolExecutionNotifications and makes
executionSuccessful false.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from . import full_message, headline, norm_name

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "review": "note"}


def uri(path: str) -> str:
    posix = PurePath(path).as_posix()
    return quote(posix, safe="/:._-~")


def rule_descriptor(rule) -> dict:
    source = rule.source.cite()
    text = rule.message + (f"（依据：{source}）" if source else "")
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": text},
        "help": {"text": f"{rule.message}\n建议：{rule.suggestion}" + (f"\n依据：{source}" if source else "")},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"norm": rule.norm, "normName": norm_name(rule.norm), "kind": rule.kind,
                       "points": rule.points, "tags": [rule.norm, rule.scope]},
    }


def result(f, template, index: dict[str, int]) -> dict:
    region = {"startLine": f.line, "startColumn": f.column}
    if (f.end_line, f.end_column) > (f.line, f.column):
        region.update(endLine=f.end_line, endColumn=f.end_column)
    if f.finding.text:
        region["snippet"] = {"text": f.finding.text}
    out = {
        "ruleId": f.rule,
        "level": "note" if f.waived else LEVELS[f.level],
        "message": {"text": full_message(f) if f.waived else headline(f) + f" 建议：{f.finding.suggestion}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri(template.file)},
            "region": region,
        }}],
        "properties": {"template": template.name, "group": template.group, "norm": f.finding.norm,
                       "severity": f.level, "points": f.finding.points},
    }
    if f.rule in index:
        out["ruleIndex"] = index[f.rule]
    if f.waived:
        out["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": f.waiver_reason}]
    return out


def notification(err) -> dict:
    location = {"physicalLocation": {"artifactLocation": {"uri": uri(err.file)}}}
    if err.line:
        region = {"startLine": err.line}
        if err.column:
            region["startColumn"] = err.column
        location["physicalLocation"]["region"] = region
    return {"level": "error", "message": {"text": err.reason}, "locations": [location]}


def build(run) -> dict:
    rules = [rule_descriptor(r) for r in run.rules]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [result(f, r.template, index) for r in run.results for f in r.findings]
    invocation = {"executionSuccessful": not run.summary.errors,
                  "properties": {"asOf": run.as_of.isoformat(), "failOn": run.threshold or "never"}}
    if run.summary.errors:
        invocation["toolExecutionNotifications"] = [notification(e) for e in run.summary.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kefu", "version": _version(),
                                "semanticVersion": _version(), "rules": rules,
                                "properties": {"policyVersion": run.policy_version}}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("kefu")
    except Exception:  # noqa: BLE001 - not installed: running from the source tree
        return "0.1.0"


def render(run, stream) -> None:
    stream.write(json.dumps(build(run), ensure_ascii=False, indent=1) + "\n")
