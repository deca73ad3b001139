"""The outputter registry: for every command that writes a report, its formats and, for
each format, the renderer and how the output is written. The one place that maps a
format name to a renderer; the command line derives its `--format` choices from it, and
the report packages (checker/report, checker/lint/report, checker/scorecard, quiz) look
their renderer up here. Renderers are named "module:attribute" and imported on use, so
naming a format loads nothing.

How each command calls its renderer differs (a reporter class fed chat by chat, or a
function given the whole result), and is the command's business; how its output reaches
a file or standard output is the same everywhere (checker/cli/output.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Output:
    renderer: str                     # "module:attribute"
    binary: bool = False              # bytes (xlsx, Anki): written as bytes, to `-o -` too
    encoding: str = "utf-8"           # of a file; a CSV file gets a BOM so Excel reads it
    newline: str | None = None        # None: the platform's; "" leaves the renderer's line ends alone

    def load(self):
        module, _, name = self.renderer.partition(":")
        return getattr(import_module(module), name)


_TEXT = Output("")                    # a listing the command prints itself (no renderer of its own)

OUTPUTS: dict[str, dict[str, Output]] = {
    "check": {
        "text": Output("checker.report.text_report:TextReporter"),
        "json": Output("checker.report.json_report:JsonReporter"),
        "markdown": Output("checker.report.markdown_report:MarkdownReporter"),
        "compact": Output("checker.report.compact_report:CompactReporter"),
    },
    "lint": {
        "text": Output("checker.lint.report.text:render"),
        "json": Output("checker.lint.report.json_out:render"),
        "sarif": Output("checker.lint.report.sarif:render"),
        "github": Output("checker.lint.report.github:render"),
        "junit": Output("checker.lint.report.junit:render"),
    },
    "scorecard": {
        "text": Output("checker.scorecard.text:render"),
        "json": Output("checker.scorecard.json_out:render"),
        "markdown": Output("checker.scorecard.markdown:render"),
        "csv": Output("checker.scorecard.csv_out:render", encoding="utf-8-sig", newline=""),
        "xlsx": Output("checker.scorecard.xlsx:render", binary=True),
        "html": Output("checker.scorecard.html:render"),
    },
    "rules list": {
        "text": Output("checker.cli.rules:table_rules"),
        "json": Output("checker.cli.rules:json_rules"),
        "markdown": Output("checker.cli.rules:markdown_rules"),
    },
    "quiz grade": {
        "text": Output("quiz.report:grade_text"),
        "json": Output("quiz.report:grade_json"),
    },
    "quiz stats": {
        "text": Output("quiz.report:stats_text"),
        "json": Output("quiz.report:stats_json"),
    },
    "quiz export": {
        "gift": Output("quiz.export_gift:write_gift"),
        "anki": Output("quiz.export_anki:write_anki", binary=True),
    },
    # listings of the ledger's commands (ledger, user list, audit, item/waive list, review queue, rescore)
    "listing": {"text": _TEXT, "json": _TEXT},
}


def formats(command: str) -> tuple[str, ...]:
    return tuple(OUTPUTS[command])


def output(command: str, fmt: str) -> Output:
    return OUTPUTS[command][fmt]


def renderer(command: str, fmt: str):
    """The renderer of a command's format (imported now)."""
    return OUTPUTS[command][fmt].load()
