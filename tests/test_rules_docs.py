"""`kefu rules docs`: the handbook generated from the rule base (every rule, its source
quote, bad and good examples, suggestion, points), as Markdown and HTML."""
from __future__ import annotations

from html.parser import HTMLParser

from typer.testing import CliRunner

from checker.cli import app
from checker.rules_docs import build_docs, escape_md, markdown_renderer
from conftest import ROOT

runner = CliRunner()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def test_every_rule_is_in_the_handbook(policy):
    docs = build_docs(policy)
    text = html_text(docs["rules.html"])
    for rule in policy.rules:
        for part in (rule.id, rule.title, rule.message, rule.source.quote, rule.suggestion, f"扣分：{rule.points} 分"):
            assert part in text, (rule.id, part)
        for example in rule.bad + rule.good:
            if example.conversation is not None:
                for msg in example.conversation["messages"]:
                    assert msg["text"] in text, (rule.id, msg["text"])
            elif example.template is None:
                assert example.agent in text, (rule.id, example.agent)
                if example.customer:
                    assert example.customer in text
    assert policy.version in docs["rules.md"]


def test_parameters_and_procedures_are_in_the_handbook(policy):
    text = html_text(build_docs(policy)["rules.html"])
    for name in policy.parameters.parameters:
        assert name in text
    assert "投诉处理流程" in text and "您好我是皇家卫士的客服代表" in text


def test_markdown_escaping_keeps_data_literal():
    md = markdown_renderer()
    for raw in ("<script>alert(1)</script>", "1. 不是列表", "# 不是标题", "**不加粗**", "a|b", "- 不是列表", "！！！"):
        rendered = md.render(escape_md(raw))
        assert html_text(rendered).strip() == raw, (raw, rendered)
        assert "<script>" not in rendered


def test_cli_writes_both_files_and_checks_drift(tmp_path, policy):
    result = runner.invoke(app, ["rules", "docs", "--out", str(tmp_path), "--policies", str(ROOT / "policies")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rules.md").is_file() and (tmp_path / "rules.html").is_file()
    check = ["rules", "docs", "--check", "--out", str(tmp_path), "--policies", str(ROOT / "policies")]
    assert runner.invoke(app, check).exit_code == 0
    (tmp_path / "rules.md").write_text("# 手工改过\n", encoding="utf-8")
    stale = runner.invoke(app, check)
    assert stale.exit_code == 1 and "rules.md" in stale.output


def test_cli_prints_markdown_or_html():
    md = runner.invoke(app, ["rules", "docs", "--policies", str(ROOT / "policies")])
    assert md.exit_code == 0 and md.output.startswith("# kefu 服务规范手册")
    html = runner.invoke(app, ["rules", "docs", "--html", "--policies", str(ROOT / "policies")])
    assert html.exit_code == 0 and html.output.startswith("<!DOCTYPE html>")
