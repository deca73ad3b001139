"""Read a candidate's answers (YAML or CSV, one row per question) and normalise what they
wrote: letters in any width or case, 对/错 in the usual spellings, a number with or
without its unit, an order written with or without separators."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .keyfile import load_yaml

QUESTION_KEYS = ("题号", "question", "number", "no", "序号")
ANSWER_KEYS = ("答案", "answer", "作答")
TRUE_WORDS = {"对", "√", "✓", "✔", "T", "TRUE", "正确", "是", "Y", "YES"}
FALSE_WORDS = {"错", "×", "✗", "✘", "X", "F", "FALSE", "错误", "否", "N", "NO"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class AnswersError(ValueError):
    pass


@dataclass
class AnswerSheet:
    answers: dict[int, str]
    paper: str = ""
    agent: str = ""


def read_answers(path: Path) -> AnswerSheet:
    if not path.is_file():
        raise AnswersError(f"找不到作答文件 {path}")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _from_csv(path)
    raise AnswersError(f"作答文件 {path} 应为 .yaml/.yml 或 .csv")


def _put(out: dict[int, str], number, answer, where: str) -> None:
    try:
        n = int(str(number).strip())
    except ValueError:
        raise AnswersError(f"{where}：题号 {number!r} 不是整数") from None
    if n in out:
        raise AnswersError(f"{where}：第 {n} 题出现了两次")
    out[n] = "" if answer is None else str(answer).strip()


def _pick(row: dict, keys: tuple[str, ...]):
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for key in keys:
        if key.lower() in lowered:
            return True, lowered[key.lower()]
    return False, None


def _from_yaml(path: Path) -> AnswerSheet:
    try:
        data = load_yaml(path)
    except Exception as exc:  # noqa: BLE001
        raise AnswersError(f"无法读取 {path}：{exc}") from exc
    paper = agent = ""
    if isinstance(data, dict) and "answers" in data:
        paper, agent = str(data.get("paper") or ""), str(data.get("agent") or "")
        data = data["answers"]
    out: dict[int, str] = {}
    if isinstance(data, dict):
        for number, answer in data.items():
            _put(out, number, answer, str(path))
    elif isinstance(data, list):
        for i, row in enumerate(data):
            if not isinstance(row, dict):
                raise AnswersError(f"{path} 第 {i + 1} 行应为 {{题号: …, 答案: …}}")
            has_q, number = _pick(row, QUESTION_KEYS)
            has_a, answer = _pick(row, ANSWER_KEYS)
            if not has_q:
                raise AnswersError(f"{path} 第 {i + 1} 行缺少题号（题号/question）")
            _put(out, number, answer, f"{path} 第 {i + 1} 行")
    else:
        raise AnswersError(f"{path} 应为 {{题号: 答案}} 映射，或 [{{题号, 答案}}] 列表")
    return AnswerSheet(out, paper, agent)


def _from_csv(path: Path) -> AnswerSheet:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AnswersError(f"{path} 既不是 UTF-8 也不是 GB18030 编码")
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return AnswerSheet({})
    q_col, a_col, start = 0, 1, 0
    header = [c.strip().lower() for c in rows[0]]
    if any(h in [k.lower() for k in QUESTION_KEYS] for h in header):
        q_col = next(i for i, h in enumerate(header) if h in [k.lower() for k in QUESTION_KEYS])
        a_col = next((i for i, h in enumerate(header) if h in [k.lower() for k in ANSWER_KEYS]), q_col + 1)
        start = 1
    out: dict[int, str] = {}
    for line, row in enumerate(rows[start:], start + 1):
        _put(out, row[q_col] if q_col < len(row) else "", row[a_col] if a_col < len(row) else "",
             f"{path} 第 {line} 行")
    return AnswerSheet(out)


def normalise(qtype: str, text: str) -> str | None:
    """What the candidate meant, in the key's form; None if it cannot be read."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    if qtype == "true_false":
        word = text.upper().rstrip("。.")
        return "对" if word in TRUE_WORDS else "错" if word in FALSE_WORDS else None
    if qtype == "number":
        m = NUMBER.search(text)
        return _number(m.group()) if m else None
    letters = re.sub(r"[\s,，、;；.。>→\-–—|/]+", "", text).upper()
    if not letters.isascii() or not letters.isalpha():
        return None
    if qtype == "ordering":
        return letters
    return letters if len(letters) == 1 else None


def _number(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else str(value)
