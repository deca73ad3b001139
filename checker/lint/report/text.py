"""Terminal output: compiler-style `file:line:column` lines, the words highlighted."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ...report import excerpt
from . import LEVEL_NAMES, norm_name, summary_line, template_label

STYLES = {"error": "bold red", "warning": "yellow", "review": "cyan"}


def render(run, stream) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True)
    for result in run.results:
        t = result.template
        for f in result.findings:
            head = Text()
            head.append(f"{t.file}:{f.line}:{f.column}", style="bold")
            head.append("  ")
            if f.waived:
                head.append(f"[已豁免·{LEVEL_NAMES[f.level]}]", style="dim")
            else:
                head.append(f"[{LEVEL_NAMES[f.level]}]", style=STYLES[f.level])
            head.append(f" {f.rule} ", style="bold")
            head.append(f"{f.finding.title}（{norm_name(f.finding.norm)}）")
            head.append(f"  {template_label(t)}", style="dim")
            console.print(head)
            if t.text.strip():
                shown, s, e = excerpt(t.text.replace("\n", " "), f.finding.span, 40)
                quote = Text("    “")
                body = Text(shown)
                if e > s:
                    body.stylize("bold white on red", s, e)
                quote.append_text(body)
                quote.append("”")
                console.print(quote)
            console.print(Text(f"    原因：{f.explanation}"))
            if f.detail and f.detail != f.finding.reason:
                console.print(Text(f"    说明：{f.finding.reason}", style="dim"))
            if f.finding.source:
                console.print(Text(f"    依据：{f.finding.source}", style="dim"))
            console.print(Text(f"    建议：{f.finding.suggestion}", style="green"))
            if f.waived:
                console.print(Text(f"    豁免理由：{f.waiver_reason}", style="dim"))
    for err in run.summary.errors:
        console.print(Text(f"{err}", style="red"))
    style = "bold red" if run.summary.failing or run.summary.errors else "bold green"
    console.print(Text(summary_line(run), style=style))
