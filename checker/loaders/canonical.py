"""The canonical transcript format (see shared/spec/transcript-format.md).

.yaml/.yml: one mapping or a sequence of mappings (several documents allowed);
.json: one object or an array; .jsonl: one object per line, blank lines skipped.
Each record is validated on its own: a bad record becomes a LoadError and the
others in the same file still load.
"""
from __future__ import annotations

import json
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from checker.loaders.encoding import LoaderProblem, iter_lines, load_text
from checker.loaders.fields import AUTO_REPLY, ROLE_ALIASES, message_of, outcome_of, string_of
from checker.loaders.times import Clock, Problem, check_zones, kind_of, message_time, parse_when, show
from checker.model import CHANNELS, LoadError, Message, Transcript

KNOWN_KEYS = {"id", "channel", "agent", "customer", "started_at", "service_at",
              "tags", "outcome", "messages"}
_JSON_MESSAGES = {  # json's English messages, for users reading Chinese
    "Expecting value": "缺少值",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "键名应使用双引号",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有未转义的控制字符",
    "Invalid \\escape": "无效的转义序列",
    "Extra data": "多余的内容",
}



# ---------------------------------------------------------------- one record

def parse_record(data: Any) -> tuple[Transcript | None, list[Problem]]:
    """Validate one transcript mapping; a Transcript (origin unset) or the problems found."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [("", f"记录应为对象（含 id、agent、messages），实际是{kind_of(data)}")]

    tid = data.get("id")
    if tid is None:
        problems.append(("", "缺少 id：请为每个会话填写唯一的 id（字符串或整数）"))
    elif isinstance(tid, bool) or not isinstance(tid, (str, int)):
        problems.append(("", f"id 的值 {show(tid)} 无效：应为字符串或整数"))
    elif not str(tid).strip():
        problems.append(("", "id 不能为空"))
    agent = string_of(data, "agent", problems, required=True)
    customer = string_of(data, "customer", problems, required=False)

    channel = data.get("channel", "im")
    if channel is None:
        channel = "im"
    if channel not in CHANNELS:
        problems.append(("", f"channel 的值 {show(channel)} 无效：应为 im 或 phone（省略时为 im）"))

    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(("", f"tags 应为字符串列表，如 [complaint]，实际是{kind_of(tags)}"))
        tags = []
    outcome = outcome_of(data.get("outcome"), problems)

    stamps: dict[str, datetime | None] = {}
    for key in ("started_at", "service_at"):
        value = data.get(key)
        stamps[key] = None
        if value is not None:
            try:
                stamps[key] = parse_when(value, key, bare_ok=False)  # type: ignore[assignment]
            except ValueError as exc:
                problems.append(("", str(exc)))

    messages: list[Message] = []
    late: list[Problem] = []        # the times' problems, after those of the messages
    clock = Clock(stamps["started_at"], late)
    resolve = clock.resolve
    items = data.get("messages")
    if items is None:
        problems.append(("", "缺少 messages：请提供消息列表"))
    elif not isinstance(items, list):
        problems.append(("", f"messages 应为列表，实际是{kind_of(items)}"))
    elif not items:
        problems.append(("", "没有消息：messages 是空列表，至少需要一条消息"))
    else:
        role_of = ROLE_ALIASES.get
        for index, item in enumerate(items):
            role = None
            if isinstance(item, dict):      # the common case of `message_of`, inline
                value, text = item.get("from"), item.get("text")
                if isinstance(value, str) and isinstance(text, str):
                    role = role_of(value)
                    if role == "agent" and "自动回复" in text[:12] and text.lstrip().startswith(AUTO_REPLY):
                        role = "system"
                    speaker = item.get("speaker")
                    if role is not None and not (speaker is None or isinstance(speaker, str)):
                        role = None
                    at = item.get("at")
            if role is None:
                message, at = message_of(index, item, problems)
                if message is None:
                    continue
            when = None
            if at is not None:
                try:
                    when = message_time(at) if isinstance(at, str) else parse_when(at, "", bare_ok=True)
                except ValueError:
                    try:
                        parse_when(at, f"messages[{index}].at", bare_ok=True)
                    except ValueError as exc:       # the same problem, now named
                        problems.append((f"messages[{index}]", str(exc)))
            if role is None:
                if when is not None:
                    message.at = resolve(index, when)
                messages.append(message)
            else:
                messages.append(Message(index, role, text, None if when is None else resolve(index, when), speaker))
    problems.extend(late)
    zones = {v.tzinfo is None for v in stamps.values() if v is not None} | clock.naive
    if len(zones) > 1:        # mixed: name the first of each kind
        named = [(k, v) for k, v in stamps.items() if v is not None]
        named += [(f"messages[{m.index}].at", m.at) for m in messages if m.at is not None]
        check_zones(named, problems)  # type: ignore[arg-type]

    if problems:
        return None, problems
    return Transcript(
        id=str(tid), agent=agent or "", messages=messages, channel=channel, customer=customer,
        started_at=stamps["started_at"], service_at=stamps["service_at"], tags=list(tags),
        outcome=outcome, extra={str(k): v for k, v in data.items() if k not in KNOWN_KEYS},
    ), []


def record_result(data: Any, file: str, where: str, origin: str) -> Transcript | LoadError:
    """One record as a Transcript, or a LoadError carrying all of its problems."""
    transcript, problems = parse_record(data)
    if transcript is not None:
        transcript.origin = origin
        return transcript
    inner, reason = problems[0]
    if len(problems) > 1:
        rest = [r for _, r in problems[1:]]
        shown = "；".join(rest[:3]) + ("；……" if len(rest) > 3 else "")
        reason += f"（此记录另有 {len(rest)} 处问题：{shown}）"
    location = " ".join(part for part in (where, inner) if part)
    return LoadError(file, location, reason)


# ---------------------------------------------------------------- files

def _records(top: list[Any], file: str, single: bool) -> Iterator[Transcript | LoadError]:
    if single:
        yield record_result(top[0], file, "", file)
        return
    for number, data in enumerate(top, start=1):
        yield record_result(data, file, f"第 {number} 条记录", f"{file}#{number}")


def _json_reason(exc: json.JSONDecodeError) -> str:
    for english, chinese in _JSON_MESSAGES.items():
        if exc.msg.startswith(english):
            return f"{chinese}（{exc.msg}）"
    return exc.msg


def load_json(path: str | Path) -> Iterator[Transcript | LoadError]:
    file = str(path)
    text = load_text(path)
    try:
        top = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoaderProblem(f"不是合法的 JSON：{_json_reason(exc)}。文件可能被截断或有语法错误，请修正后重试",
                            f"第 {exc.lineno} 行第 {exc.colno} 列") from None
    except (ValueError, RecursionError) as exc:
        raise LoaderProblem(f"无法解析 JSON：{_overload(exc)}") from None
    if isinstance(top, dict):
        yield from _records([top], file, single=True)
    elif isinstance(top, list):
        yield from _records(top, file, single=False)
    else:
        raise LoaderProblem(f"JSON 文件的顶层应为会话对象或会话数组，实际是{kind_of(top)}")


def load_jsonl(path: str | Path) -> Iterator[Transcript | LoadError]:
    file = str(path)
    for number, line in iter_lines(path):
        if line.strip():
            yield jsonl_record(file, number, line)


def jsonl_record(file: str, number: int, line: str) -> Transcript | LoadError:
    """One non-blank line of a .jsonl file (1-based line number) as a Transcript."""
    where = f"第 {number} 行"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return LoadError(file, where, f"不是合法的 JSON（第 {exc.colno} 列）：{_json_reason(exc)}。"
                                      ".jsonl 文件每行应是一个完整的会话对象")
    except (ValueError, RecursionError) as exc:
        return LoadError(file, where, f"无法解析 JSON：{_overload(exc)}")
    return record_result(data, file, where, f"{file}:{number}")


def _overload(exc: BaseException) -> str:
    return "嵌套层次过深" if isinstance(exc, RecursionError) else str(exc)


def load_yaml(path: str | Path) -> Iterator[Transcript | LoadError]:
    from ruamel.yaml import YAML                       # imported here: a .jsonl run never needs it
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    file = str(path)
    text = load_text(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            documents = list(YAML(typ="safe", pure=True).load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        hint = "同一个映射里不能有重复的键" if isinstance(exc, DuplicateKeyError) else "请检查缩进、冒号和引号"
        raise LoaderProblem(f"不是合法的 YAML：{exc.problem or exc.context}。{hint}", where) from None
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise LoaderProblem(f"YAML 内容有误：{_overload(exc)}") from None
    top: list[Any] = []
    for document in documents:
        if isinstance(document, list):
            top.extend(document)
        elif isinstance(document, dict):
            top.append(document)
        elif document is not None:
            raise LoaderProblem(f"YAML 文件的顶层应为会话映射或会话序列，实际是{kind_of(document)}")
    if not top:
        raise LoaderProblem("YAML 文件里没有任何会话记录")
    single = len(documents) == 1 and isinstance(documents[0], dict)
    yield from _records(top, file, single=single)
