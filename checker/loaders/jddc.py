"""The JDDC (JD.com 咚咚) tab-separated export.

Seven fields a line: session id, customer id, 是否客服发送 (1 agent / 0 customer),
is_transfer, is_repeat, sku, content. The content may itself hold tabs, so every
field after the sixth belongs to it. Consecutive lines with one session id are one
transcript. There are no timestamps. Text is kept exactly as written (including
leading/trailing spaces and any "!@@@!" separators), matching jddc2019.jsonl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from checker.loaders.encoding import iter_lines
from checker.model import LoadError, Message, Transcript

FIELDS = 7
AGENT = "jd-agent"
_NULL_SKUS = {"", "nan", "NULL", "null", "None"}


@dataclass
class _Session:
    session_id: str
    customer: str
    first_line: int
    messages: list[Message] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    transfers: list[int] = field(default_factory=list)

    def add(self, flag: str, transfer: str, sku: str, content: str) -> None:
        index = len(self.messages)
        role = "agent" if flag == "1" else "customer"
        self.messages.append(Message(index=index, role=role, text=content))
        if sku not in _NULL_SKUS and sku not in self.skus:
            self.skus.append(sku)
        if transfer == "1":
            self.transfers.append(index)

    def transcript(self, file: str) -> Transcript:
        extra: dict = {"source": "JDDC", "session_id": self.session_id}
        if self.skus:
            extra["skus"] = self.skus
        if self.transfers:
            extra["transfer_messages"] = self.transfers
        return Transcript(
            id="jddc-" + self.session_id[:12], agent=AGENT, messages=self.messages, channel="im",
            customer=self.customer or None, origin=f"{file}:{self.first_line}", extra=extra,
        )


def looks_like_jddc(line: str) -> bool:
    fields = line.split("\t")
    return len(fields) >= FIELDS and fields[2].strip() in ("0", "1")


def load_jddc(path: str | Path, encoding: str | None = None) -> Iterator[Transcript | LoadError]:
    file = str(path)
    session: _Session | None = None
    for number, line in iter_lines(path, encoding):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"第 {number} 行"
        if len(fields) < FIELDS:
            yield LoadError(file, where, f"只有 {len(fields)} 个字段：JDDC 导出每行应有 7 个以制表符分隔的字段"
                                         "（会话编号、顾客ID、是否客服发送、is_transfer、is_repeat、sku、内容），此行已跳过")
            continue
        session_id, customer, flag, transfer, _repeat, sku = (f.strip() for f in fields[:6])
        if not session_id:
            yield LoadError(file, where, "会话编号（第 1 个字段）为空，此行已跳过")
            continue
        if flag not in ("0", "1"):
            yield LoadError(file, where, f"第 3 个字段（是否客服发送）应为 1 或 0，实际是 \"{flag[:20]}\"，此行已跳过")
            continue
        if session is None or session.session_id != session_id:
            if session is not None:
                yield session.transcript(file)
            session = _Session(session_id, customer, number)
        session.add(flag, transfer, sku, "\t".join(fields[6:]))
    if session is not None:
        yield session.transcript(file)
