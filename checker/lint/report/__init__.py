"""Outputters of `kefu lint`: one LintRun, rendered as text, json, sarif, github or junit.
Rule logic never lives here."""
from __future__ import annotations

from ...norms import NORMS
from ...outputs import formats, renderer

LEVEL_NAMES = {"error": "错误", "warning": "警告", "review": "复核"}
FORMATS = formats("lint")


def render(fmt: str, run, stream) -> None:
    """The format's outputter, as the registry (checker/outputs.py) names it."""
    renderer("lint", fmt)(run, stream)


def headline(finding) -> str:
    """One line: what is wrong, in this template (Chinese)."""
    f = finding.finding
    quote = f"「{f.text}」" if f.text else ""
    return f"{f.title}{quote}：{finding.explanation}"


def full_message(finding) -> str:
    """The headline plus the suggestion, the source and the waiver, for one-line formats."""
    f = finding.finding
    parts = [headline(finding)]
    if finding.detail and finding.detail != f.reason:
        parts.append(f.reason)
    parts.append(f"建议：{f.suggestion}")
    if f.source:
        parts.append(f"依据：{f.source}")
    if finding.waived:
        parts.insert(0, f"【已豁免：{finding.waiver_reason}】")
    return " ".join(parts)


def template_label(template) -> str:
    bits = [f"快捷短语 {template.name}"]
    if template.group:
        bits.append(f"（{template.group}）")
    return "".join(bits)


def norm_name(norm: str) -> str:
    return NORMS.get(norm, norm)


def summary_line(run) -> str:
    s = run.summary
    parts = [f"检查快捷短语 {s.templates} 条（文件 {s.files} 个，检查日期 {run.as_of.isoformat()}）"]
    if s.findings:
        levels = "，".join(f"{LEVEL_NAMES[k]} {v}" for k, v in sorted(s.by_level.items(), key=lambda kv: -_rank(kv[0])))
        parts.append(f"{s.flagged} 条有问题，共 {s.findings} 处" + (f"（{levels}）" if levels else "")
                     + (f"，其中已豁免 {s.waived} 处" if s.waived else ""))
    else:
        parts.append("没有发现问题")
    if s.errors:
        parts.append(f"{len(s.errors)} 处输入无法读取")
    return "；".join(parts)


def _rank(level: str) -> int:
    return ("review", "warning", "error").index(level) if level in LEVEL_NAMES else -1
