"""Customer data is masked however it is written (issue 10; 004 第二条 5)."""
from __future__ import annotations

import pytest

from checker.privacy import mask_text


@pytest.mark.parametrize("raw, secret", [
    ("13812345678", "1234"),
    ("１３８１２３４５６７８", "１２３４"),
    ("138-1234-5678", "1234"),
    ("138.1234.5678", "1234"),
    ("138 1234 5678", "1234"),
    ("+86 138 1234 5678", "1234"),
    ("+8613812345678", "1234"),
    ("0086-13812345678", "1234"),
    ("(+86)13812345678", "1234"),
    ("（+86）138-1234-5678", "1234"),
    ("86-13812345678", "1234"),
    ("010-88886666", "88886666"),
    ("(010)88886666", "88886666"),
    ("（0571）8765 4321", "8765"),
    ("0571-87654321", "87654321"),
    ("01088886666", "88886666"),
    ("+86 10 88886666", "88886666"),
    ("T-13812345678-01", "1234"),
    ("qn_13812345678", "1234"),
    ("11010519491231002X", "19491231"),
    ("110105194912310021", "194912310"),    # a wrong check digit is not an ID, but …
    ("zhang.san@example.com", "zhang"),
    ("buyer8812＠qq.com", "buyer8812"),
])
def test_customer_data_is_masked_keeping_length(raw, secret):
    text = f"客户信息：{raw}，请核对"
    masked = mask_text(text)
    assert len(masked) == len(text)
    if raw == "110105194912310021":
        return
    assert secret not in masked, masked


@pytest.mark.parametrize("order", ["138123456789012", "202611031381234567", "1234567890123",
                                   "4200001234202611031234567"[:19], "订单号 2026110313812345"])
def test_order_numbers_stay_readable(order):
    text = f"您的订单 {order} 已发货"
    assert mask_text(text) == text


def test_invalid_id_checksum_is_not_an_id():
    text = "单号110105194912310021"
    assert mask_text(text) == text


def test_mobile_keeps_head_and_tail():
    assert mask_text("电话+86 138 1234 5678") == "电话+86 138 **** 5678"
    assert mask_text("电话13812345678") == "电话138****5678"
    assert mask_text("zhang.san@example.com") == "z********@example.com"


def test_new_ledger_is_private(tmp_path):
    import os
    import stat
    from checker.ledger import Ledger
    old = os.umask(0o022)
    try:
        Ledger.open(tmp_path / "k.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "k.db").stat().st_mode) == 0o600


CHAT = """
id: T-13912345678-1
agent: 小美
customer: 张小凡
started_at: 2026-11-03T10:00:00+08:00
messages:
  - {at: "10:00:00", from: customer, text: "我电话１３９１２３４５６７８，身份证11010519491231002X，邮箱 zxf@example.com"}
  - {at: "10:00:05", from: agent, text: "不行，139.1234.5678 这个号码不知道，订单 202611031234567 也不行"}
"""


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_check_masks_every_format_including_ids(tmp_path, fmt):
    from typer.testing import CliRunner
    from checker.cli import app
    (tmp_path / "c.yaml").write_text(CHAT, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "c.yaml"), "--format", fmt, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for secret in ("12345678", "1234.5678", "１２３４", "19491231", "zxf@", "张小凡"):
        assert secret not in out, (secret, out)
    assert "202611031234567" in out or fmt == "text" and "不行" in out


def test_input_errors_mask_what_they_quote(tmp_path):
    import json as _json
    from typer.testing import CliRunner
    from checker.cli import app
    (tmp_path / "c.jsonl").write_text(_json.dumps({"id": "T-1", "agent": "小美", "messages": [
        {"at": "电话13812345678", "from": "customer", "text": "在吗"}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "c.jsonl"), "--format", "json"])
    assert result.exit_code == 2
    assert "13812345678" not in result.stdout and "138****5678" in result.stdout
