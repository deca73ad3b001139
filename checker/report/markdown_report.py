"""Markdown output: one section per transcript with findings, a table of findings."""
from __future__ import annotations

from ..mdtext import md_cell
from ..norms import NORMS
from ..privacy import mask_id, mask_name, mask_text
from . import excerpt
from .text_report import detail_text

LEVEL_NAMES = {"error": "错误", "warning": "警告", "review": "待复核"}


def cell(text: str) -> str:
    return md_cell(text)


class MarkdownReporter:
    def __init__(self, stream):
        self.stream = stream
        self.clean = 0

    def start(self, policy) -> None:
        self.stream.write(f"# 客服聊天质检报告\n\n规则库版本 `{policy.version}`，共 {len(policy.rules)} 条规则。\n\n")

    def transcript(self, result) -> None:
        t = result.transcript
        if not result.findings:
            self.clean += 1
            return
        customer = f"，顾客 {cell(mask_name(t.customer))}" if t.customer else ""
        self.stream.write(f"## {cell(mask_id(t.id))}\n\n客服 {cell(t.agent)}{customer}，得分 **{result.score}**，"
                          f"{len(result.findings)} 处问题。\n\n")
        self.stream.write("| 消息 | 级别 | 规则 | 规范 | 扣分 | 原话 | 原因 | 建议 |\n|---|---|---|---|---|---|---|---|\n")
        for f in result.findings:
            quote = ""
            if f.message is not None:
                text, s, e = excerpt(t.messages[f.message].text, f.span)
                text = mask_text(text, t.customer)
                quote = cell(text[:s]) + "**" + cell(text[s:e]) + "**" + cell(text[e:]) if e > s else cell(text)
            self.stream.write(
                f"| #{f.message} | {LEVEL_NAMES[f.level]} | `{f.rule}` {cell(f.title)} | {NORMS.get(f.norm, f.norm)} "
                f"| {f.points} | {quote}{cell(detail_text(f.details))} | {cell(f.reason)}（{cell(f.source)}） "
                f"| {cell(f.suggestion)} |\n")
        self.stream.write("\n")

    def finish(self, summary) -> None:
        self.stream.write("## 汇总\n\n")
        self.stream.write(f"- 检查会话 {summary.transcripts} 个（消息 {summary.messages} 条），无问题 {self.clean} 个\n")
        self.stream.write(f"- 发现问题 {summary.findings} 处：" + "，".join(
            f"{LEVEL_NAMES[k]} {v}" for k, v in sorted(summary.by_level.items())) + "\n")
        self.stream.write(f"- 跳过 {summary.skipped} 个无法读取的会话或文件\n")
        for err in summary.errors:
            self.stream.write(f"  - {cell(str(err))}\n")
        for notice in summary.notices:
            self.stream.write(f"- 注意：{cell(notice)}\n")
