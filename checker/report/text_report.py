"""Terminal output with rich: grouped by transcript, the offending words highlighted."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..norms import NORMS
from ..privacy import mask_id, mask_name, mask_text
from . import excerpt

LEVEL_STYLE = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "review": ("复核", "cyan")}


DETAIL_NAMES = {"wait_seconds": "等待 {} 秒", "deadline_seconds": "时限 {} 秒", "concurrency": "同时接待 {} 个会话",
                "missing_parts": "缺少：{}", "delay_days": "服务后第 {} 天回访", "limit_days": "时限 {} 天",
                "called_at": "拨打时间 {}", "window": "休息时段 {}", "concurrency_basis": "同时接待数按{}统计"}
VALUE_NAMES = {"run": "本次检查的会话", "ledger": "台账中的全部会话"}


def detail_text(details: dict) -> str:
    parts = []
    for key, template in DETAIL_NAMES.items():
        if key in details:
            value = details[key]
            value = "、".join(value) if isinstance(value, list) else VALUE_NAMES.get(value, value)
            parts.append(template.format(value))
    return "；".join(parts)


class TextReporter:
    def __init__(self, stream):
        self.console = Console(file=stream, highlight=False, soft_wrap=True)
        self.clean = 0

    def start(self, policy) -> None:
        pass

    def transcript(self, result) -> None:
        t = result.transcript
        if not result.findings:
            self.clean += 1
            return
        head = Text()
        head.append(mask_id(t.id), style="bold")
        head.append(f"  客服 {t.agent}")
        if t.customer:
            head.append(f"  顾客 {mask_name(t.customer)}")
        head.append(f"  得分 {result.score}", style="bold")
        head.append(f"  {len(result.findings)} 处问题")
        self.console.print(head)
        for f in result.findings:
            name, style = LEVEL_STYLE[f.level]
            line = Text("  ")
            line.append(f"[{name}]", style=style)
            line.append(f" 消息#{f.message} ")
            line.append(f.rule, style="bold")
            line.append(f" {f.title}（{NORMS.get(f.norm, f.norm)}）扣 {f.points} 分")
            self.console.print(line)
            if f.message is not None:
                text, s, e = excerpt(t.messages[f.message].text, f.span)
                quote = Text("    “")
                body = Text(mask_text(text, t.customer))
                if e > s:
                    body.stylize("bold white on red", s, e)
                quote.append_text(body)
                quote.append("”")
                self.console.print(quote)
            self.console.print(Text(f"    原因：{f.reason}"))
            self.console.print(Text(f"    依据：{f.source}", style="dim"))
            self.console.print(Text(f"    建议：{f.suggestion}", style="green"))
            facts = detail_text(f.details)
            if facts:
                self.console.print(Text(f"    {facts}", style="dim"))
        self.console.print()

    def finish(self, summary) -> None:
        parts = [f"检查会话 {summary.transcripts} 个（消息 {summary.messages} 条），无问题 {self.clean} 个"]
        levels = "，".join(f"{LEVEL_STYLE[k][0]} {v}" for k, v in sorted(summary.by_level.items()))
        parts.append(f"发现问题 {summary.findings} 处" + (f"（{levels}）" if levels else ""))
        parts.append(f"跳过 {summary.skipped} 个")
        self.console.print(Text("；".join(parts), style="bold"))
        for err in summary.errors:
            self.console.print(Text(f"  跳过 {err}", style="red"))
        for notice in summary.notices:
            self.console.print(Text(f"  注意：{notice}", style="yellow"))
