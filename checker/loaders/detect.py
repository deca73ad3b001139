"""Which text export a .txt file is, judged from its first lines."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from checker.loaders.encoding import LoaderProblem, iter_lines
from checker.loaders.jddc import looks_like_jddc
from checker.loaders.qianniu import match_header

HEAD_LINES = 20  # non-empty lines looked at
SUPPORTED = ("JDDC 制表符分隔导出（每行 7 个字段：会话编号、顾客ID、是否客服发送、is_transfer、is_repeat、sku、内容）；"
             "千牛/旺旺聊天记录（每条消息以「昵称 YYYY-MM-DD HH:MM:SS」一行开始）")


def detect_lines(lines: Iterable[str]) -> str | None:
    """"jddc", "qianniu" or None, from the first non-empty lines of a text file."""
    head = [line for line in lines if line.strip()][:HEAD_LINES]
    if not head:
        return None
    if looks_like_jddc(head[0]):
        return "jddc"
    if any(match_header(line) for line in head):
        return "qianniu"
    return None


def detect_text_format(path: str | Path, encoding: str | None = None) -> str:
    """The format of a .txt file; raises LoaderProblem when it is none we know."""
    head: list[str] = []
    for _, line in iter_lines(path, encoding):
        if line.strip():
            head.append(line)
            if len(head) >= HEAD_LINES:
                break
    found = detect_lines(head)
    if found is None:
        reason = "文件是空的" if not head else "无法识别的文本格式"
        raise LoaderProblem(f"{reason}：.txt 文件支持以下格式——{SUPPORTED}")
    return found
