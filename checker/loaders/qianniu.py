"""The 千牛/旺旺 chat-record text export: one file, one transcript.

    与buyer_8812的聊天记录                  <- optional title / separator lines
    buyer_8812 2026-11-03 10:00:01          <- header: nickname, date, time
    在吗                                     <- message text, one or more lines
    小美家居旗舰店:小美 2026-11-03 10:00:15
    亲，在的呢

A nickname with a colon (店铺名:子账号) is the shop's own sub-account: role agent.
Texts starting with [自动回复] / 【自动回复】 and senders like 系统消息 are role system.
Header times are naive (the export carries no time zone).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from checker.loaders.encoding import iter_lines
from checker.loaders.fields import AUTO_REPLY
from checker.model import LoadError, Message, Transcript

HEADER = re.compile(
    r"\s*(?P<nick>\S.*?)[ \t\u3000]+"
    r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})[ \t]+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2})\s*"
)
_TITLE = re.compile(r"聊天记录|消息记录|聊天对象|导出|^[\s\-=_*~—─━·.#]+$")
_SYSTEM_NICK = re.compile(r"系统(消息|通知|提示)?")
_COLONS = re.compile(r"[:：]")
MAX_HEADER = 200  # characters; a header is a nickname and a time


@dataclass
class _Block:
    nick: str
    at: datetime
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = self.lines
        start, end = 0, len(lines)
        while start < end and not lines[start].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        return "\n".join(lines[start:end])


def _role(nick: str, text: str) -> str:
    if _SYSTEM_NICK.fullmatch(nick) or text.lstrip().startswith(AUTO_REPLY):
        return "system"
    return "agent" if _COLONS.search(nick) else "customer"


def _sub_account(nick: str) -> str:
    sub = _COLONS.split(nick, maxsplit=1)[1].strip()
    return sub or nick


def match_header(line: str) -> re.Match[str] | None:
    """The header match for ``line``; long lines are message text (and would be slow to try)."""
    return HEADER.fullmatch(line) if len(line) <= MAX_HEADER else None


def header_time(match: re.Match[str]) -> datetime:
    """The header's datetime; raises ValueError for an impossible date or time."""
    parts = ("year", "month", "day", "hour", "minute", "second")
    return datetime(*(int(match[p]) for p in parts))


def load_qianniu(path: str | Path, encoding: str | None = None) -> Iterator[Transcript | LoadError]:
    file = str(path)
    blocks: list[_Block] = []
    for number, line in iter_lines(path, encoding):
        match = match_header(line)
        if match:
            try:
                blocks.append(_Block(match["nick"], header_time(match)))
            except ValueError:
                yield LoadError(file, f"第 {number} 行", f"消息头里的时间无效：{line.strip()[:60]}；"
                                                          "应为 YYYY-MM-DD HH:MM:SS 的真实日期时间")
                return
        elif blocks:
            blocks[-1].lines.append(line)
        elif line.strip() and not _TITLE.search(line):
            yield LoadError(file, f"第 {number} 行", "第一条消息之前有无法识别的内容："
                                                      "千牛聊天记录应以「昵称 YYYY-MM-DD HH:MM:SS」的消息头开始"
                                                      "（标题行或分隔线可以保留）")
            return
    if not blocks:
        yield LoadError(file, "", "没有找到任何消息头：千牛聊天记录的每条消息应以「昵称 YYYY-MM-DD HH:MM:SS」一行开始")
        return

    messages = []
    for index, block in enumerate(blocks):
        text = block.text
        messages.append(Message(index=index, role=_role(block.nick, text), text=text, at=block.at,
                                speaker=block.nick))
    agents = [b.nick for b, m in zip(blocks, messages) if m.role == "agent"]
    shop = agents or [b.nick for b in blocks if _COLONS.search(b.nick)]
    if not shop:
        yield LoadError(file, "", "找不到客服：没有昵称形如「店铺名:子账号」的发送者，无法确定负责的客服。"
                                  "请导出包含客服回复的完整聊天记录")
        return
    customers = [b.nick for b, m in zip(blocks, messages) if m.role == "customer"]
    yield Transcript(
        id=Path(path).stem, agent=_sub_account(shop[0]), messages=messages, channel="im",
        customer=customers[0] if customers else None, started_at=blocks[0].at, origin=file,
        extra={"source": "qianniu"},
    )
