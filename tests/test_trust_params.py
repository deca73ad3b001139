"""Chats dated before the first parameter takes effect (issue 10)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from checker.cli import app

runner = CliRunner()

OLD_CHAT = """
id: T-old-1
agent: 小美
started_at: 2019-05-01T10:00:00+08:00
messages:
  - {at: "10:00:00", from: customer, text: 在吗}
  - {at: "10:00:05", from: agent, text: 亲，在的呢，请问有什么可以帮您？}
"""


def test_chat_before_first_parameter_is_judged_by_earliest_values(tmp_path):
    (tmp_path / "old.yaml").write_text(OLD_CHAT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["summary"]["transcripts"] == 1
    assert any("最早" in n and "2019-05-01" in n for n in doc["summary"]["notices"])


def test_as_of_before_first_parameter_says_so(tmp_path):
    (tmp_path / "old.yaml").write_text(OLD_CHAT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "--as-of", "2000-01-01"])
    assert result.exit_code == 0, result.output
    assert "最早" in result.stdout and "2000-01-01" in result.stdout
