"""The fields of one canonical transcript record, validated (checker/loaders/canonical.py):
a message, a string field, the outcome. Problems are (where, reason) pairs."""
from __future__ import annotations

import math
from typing import Any

from checker.loaders.times import Problem, kind_of, show
from checker.model import Message

ROLE_ALIASES = {
    "customer": "customer", "agent": "agent", "system": "system",
    "客服": "agent", "顾客": "customer", "买家": "customer", "客户": "customer", "系统": "system",
}


# The shop's automatic reply, marked by its own label: exports that list it under the agent (as 千牛
# does) still mean a system message, no human reply (it neither greets nor answers a round).
AUTO_REPLY = ("[自动回复]", "【自动回复】")


def message_of(index: int, data: Any, problems: list[Problem]) -> tuple[Message | None, Any]:
    if isinstance(data, dict):      # the common case first, without building any error text
        value, text = data.get("from"), data.get("text")
        role = ROLE_ALIASES.get(value) if isinstance(value, str) else None
        if role is not None and isinstance(text, str):
            if role == "agent" and "自动回复" in text[:12] and text.lstrip().startswith(AUTO_REPLY):
                role = "system"
            speaker = data.get("speaker")
            if speaker is not None and not isinstance(speaker, str):
                speaker = str(speaker)
            return Message(index=index, role=role, text=text, speaker=speaker), data.get("at")
    where = f"messages[{index}]"
    if not isinstance(data, dict):
        problems.append((where, f"{where} 应为对象（含 from、text），实际是{kind_of(data)}"))
        return None, None
    key = "from" if "from" in data else "role" if "role" in data else None
    role = None
    if key is None:
        problems.append((where, f"{where} 缺少 from：请注明发送方 customer、agent 或 system"))
    else:
        value = data[key]
        role = ROLE_ALIASES.get(value.strip().lower()) if isinstance(value, str) else None
        if role is None:
            problems.append((where, f"{where}.{key} 的值 {show(value)} 无效：应为 customer、agent 或 system"))
    text = data.get("text")
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if text is None:
        problems.append((where, f"{where} 缺少 text：请填写消息内容（可以是空字符串 \"\"）"))
    elif not isinstance(text, str):
        problems.append((where, f"{where}.text 应为字符串，实际是{kind_of(text)}"))
    speaker = data.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        speaker = str(speaker)
    if role is None or not isinstance(text, str):
        return None, None
    if role == "agent" and text.lstrip().startswith(AUTO_REPLY):
        role = "system"
    return Message(index=index, role=role, text=text, speaker=speaker), data.get("at")


def string_of(data: dict, key: str, problems: list[Problem], *, required: bool) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(("", f"缺少 {key}：请填写{'负责该会话的客服' if key == 'agent' else key}（字符串）"))
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.append(("", f"{key} 应为字符串，实际是{kind_of(value)}"))
        return None
    if required and not value.strip():
        problems.append(("", f"{key} 不能为空"))
    return value


def outcome_of(value: Any, problems: list[Problem]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(("", f"outcome 应为对象（ordered、paid、amount），实际是{kind_of(value)}"))
        return {}
    out = {str(k): v for k, v in value.items()}
    for flag in ("ordered", "paid"):
        if flag in out and not isinstance(out[flag], bool):
            problems.append(("", f"outcome.{flag} 的值 {show(out[flag])} 无效：应为 true 或 false"))
    amount = out.get("amount")
    if "amount" in out and (isinstance(amount, bool) or not isinstance(amount, (int, float))
                            or not _finite(amount)):
        problems.append(("", f"outcome.amount 的值 {show(amount)} 无效：应为数字（单位：元），如 268.00"))
    return out


def _finite(amount: int | float) -> bool:
    try:
        return math.isfinite(amount)
    except OverflowError:           # an integer too big for a float
        return False
