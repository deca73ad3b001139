"""`kefu rules docs`: the handbook generated from the rule base, so it cannot drift from
what `kefu check` enforces. Markdown is built from the rules' own metadata (title, norm,
level, points, message, source quote, suggestion, examples), the parameters and the exam
procedures; HTML is rendered from that Markdown with markdown-it-py."""
from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt

from .kinds import KINDS
from .norms import NORMS
from .policy import Example, Policy, Rule

LEVEL_NAMES = {"error": "错误", "warning": "警告", "review": "待复核"}
ROLE_NAMES = {"customer": "顾客", "agent": "客服", "system": "系统"}
MARKDOWN_FILE = "rules.md"
HTML_FILE = "rules.html"

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~{}])")
_LEADING = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=>])")

CSS = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 52em;
       margin: 2em auto; padding: 0 1em; line-height: 1.7; color: #222; }
h1, h2, h3 { line-height: 1.3; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
blockquote { margin: .5em 0; padding: .2em 1em; border-left: 4px solid #c8d6e5; background: #f6f8fa; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
code { background: #f3f3f3; padding: 0 .2em; }
""".strip()


def escape_md(text: object) -> str:
    """Data text as literal Markdown inline text: special characters backslash-escaped,
    a leading list or heading marker neutralised, line breaks folded."""
    text = " / ".join(part.strip() for part in str(text).splitlines() if part.strip()) or str(text).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: (m.group(1) or "") + m.group(2) + "\\" + m.group(3) if m.group(2)
                        else (m.group(4) or "") + "\\" + m.group(5), text, count=1)


def markdown_renderer() -> MarkdownIt:
    # Raw HTML off: every string is data, never markup.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_html(markdown: str, title: str) -> str:
    body = markdown_renderer().render(markdown)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def _example_lines(example: Example) -> list[str]:
    """One example as Markdown list content (first line, then indented continuation lines)."""
    if example.conversation is not None:
        conv = example.conversation
        head = []
        if conv.get("channel") == "phone":
            head.append("电话回访")
        if conv.get("concurrency"):
            head.append(f"客服同时接待 {conv['concurrency']} 位顾客")
        if conv.get("service_at"):
            head.append(f"服务完成于 {conv['service_at']}")
        lines = ["对话" + (f"（{'，'.join(escape_md(h) for h in head)}）" if head else "") + "："]
        for msg in conv.get("messages", []):
            at = f" {escape_md(msg['at'])}" if msg.get("at") else ""
            lines.append(f"{ROLE_NAMES.get(msg.get('from'), escape_md(msg.get('from')))}{at}：{escape_md(msg.get('text', ''))}")
        if conv.get("note"):
            lines.append(f"说明：{escape_md(conv['note'])}")
        return lines
    if example.template is not None:
        return [escape_md(example.label())]
    turn = [f"{ROLE_NAMES[role]}：{escape_md(text)}" for role, text in example.turn]
    if example.customer or turn:
        head = [f"顾客：{escape_md(example.customer)}"] if example.customer else []
        return head + [f"客服：{escape_md(example.agent)}"] + turn
    return [escape_md(example.agent)]


def _examples_md(examples: list[Example], mark: str) -> list[str]:
    out = []
    for example in examples:
        lines = _example_lines(example)
        out.append(f"- {mark} " + "\\\n  ".join(lines))
    return out


def rule_markdown(rule: Rule) -> list[str]:
    kind = KINDS.get(rule.kind)
    out = [f"### {escape_md(rule.title)}", "",
           f"- 规则 id：`{rule.id}`",
           f"- 规范：{escape_md(NORMS.get(rule.norm, rule.norm))}（`{rule.norm}`）",
           f"- 级别：{LEVEL_NAMES.get(rule.level, rule.level)}　扣分：{rule.points} 分/次",
           f"- 检测方式：`{rule.kind}`" + (f"，{escape_md(kind.DESCRIPTION)}" if kind and getattr(kind, "DESCRIPTION", "") else ""),
           "",
           f"**为什么不对**：{escape_md(rule.message)}", "",
           f"**出处**：{escape_md(rule.source.seed)} {escape_md(rule.source.section)}", "",
           f"> {escape_md(rule.source.quote)}", "",
           f"**建议**：{escape_md(rule.suggestion)}", ""]
    if rule.bad:
        out += ["**违规示例**：", "", *_examples_md(rule.bad, "✗"), ""]
    if rule.good:
        out += ["**合规示例**：", "", *_examples_md(rule.good, "✓"), ""]
    return out


def _parameters_md(policy: Policy) -> list[str]:
    params = getattr(policy.parameters, "parameters", None) or {}
    if not params:
        return []
    out = ["## 参数（按生效日期）", "", "| 参数 | 说明 | 生效日期 | 取值 | 出处 |", "| --- | --- | --- | --- | --- |"]
    for name, p in params.items():
        for v in p.history:
            value = "、".join(str(x) for x in v.value) if isinstance(v.value, list) else str(v.value)
            note = f"（{v.note}）" if v.note else ""
            out.append(f"| `{name}` | {escape_md(p.description)} | {v.start.isoformat()} | "
                       f"{escape_md(value)} {escape_md(p.unit)} | {escape_md(v.source + note)} |")
    return out + [""]


def _procedures_md(policy: Policy) -> list[str]:
    try:
        from quiz.policydata import load_procedures
        procedures = load_procedures(Path(policy.directory))
    except ImportError:
        return []
    if not procedures:
        return []
    out = ["## 流程", ""]
    for proc in procedures:
        out += [f"### {escape_md(proc.title)}", "", f"出处：{escape_md(proc.source.text())}", ""]
        if proc.note:
            out += [f"说明：{escape_md(proc.note)}", ""]
        for i, step in enumerate(proc.steps, 1):
            out.append(f"{i}. {escape_md(step.name)}\\\n   「{escape_md(step.quote)}」")
        out.append("")
    return out


def render_markdown(policy: Policy) -> str:
    by_norm: dict[str, list[Rule]] = {}
    for rule in policy.rules:
        by_norm.setdefault(rule.norm, []).append(rule)
    norms = [n for n in NORMS if n in by_norm]
    out = ["# kefu 服务规范手册", "",
           f"本手册由规则库自动生成（规则库版本 `{policy.version}`，共 {len(policy.rules)} 条规则），"
           "与 `kefu check` 执行的规则完全一致。请勿手工修改：修改 `policies/` 后运行 `kefu rules docs` 重新生成。", "",
           "## 目录", ""]
    for norm in norms:
        out.append(f"- {escape_md(NORMS[norm])}（`{norm}`）：{len(by_norm[norm])} 条")
    out.append("")
    for norm in norms:
        out += [f"## {escape_md(NORMS[norm])}（{norm}）", ""]
        for rule in by_norm[norm]:
            out += rule_markdown(rule)
    out += _parameters_md(policy)
    out += _procedures_md(policy)
    return "\n".join(out).rstrip() + "\n"


def build_docs(policy: Policy) -> dict[str, str]:
    markdown = render_markdown(policy)
    return {MARKDOWN_FILE: markdown, HTML_FILE: render_html(markdown, "kefu 服务规范手册")}


def write_docs(docs: dict[str, str], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in docs.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_docs(docs: dict[str, str], out_dir: Path) -> list[str]:
    """The files of out_dir that differ from what the rule base generates now (docs)."""
    return [name for name, text in docs.items()
            if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text]
