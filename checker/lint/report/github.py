"""GitHub Actions workflow commands: one annotation per finding, on the offending line.

    ::error file=templates/售后.yaml,line=12,col=9,endLine=12,endColumn=11,title=…::…

error -> ::error, warning -> ::warning, review and waived findings -> ::notice.
Values are escaped as the runner expects (% \\r \\n everywhere, plus : and , in properties).
"""
from __future__ import annotations

from . import LEVEL_NAMES, full_message, summary_line

COMMANDS = {"error": "error", "warning": "warning", "review": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    names = {"end_line": "endLine", "end_column": "endColumn"}
    body = ",".join(f"{names.get(k, k)}={escape_property(str(v))}" for k, v in props.items() if v not in (None, "", 0))
    return f"::{kind} {body}::{escape_data(message)}" if body else f"::{kind}::{escape_data(message)}"


def render(run, stream) -> None:
    for result in run.results:
        t = result.template
        for f in result.findings:
            kind = "notice" if f.waived else COMMANDS[f.level]
            tag = "已豁免" if f.waived else LEVEL_NAMES[f.level]
            title = f"kefu {f.rule}（{tag}）{f.finding.title}"
            spans = (f.end_line, f.end_column) > (f.line, f.column)
            stream.write(command(kind, full_message(f), file=t.file, line=f.line, col=f.column,
                                 end_line=f.end_line if spans and f.end_line != f.line else None,
                                 end_column=f.end_column if spans and f.end_line == f.line else None,
                                 title=title) + "\n")
    for err in run.summary.errors:
        stream.write(command("error", f"无法读取：{err.reason}", file=err.file, line=err.line or None,
                             col=err.column or None, title="kefu lint 输入错误") + "\n")
    stream.write(summary_line(run) + "\n")
