"""Read a candidate's answers (YAML or CSV, one row per question) and normalise what they
wrote: letters in any width or case, 对/错 in the usual spellings, a number with or
without its unit, an order written with or without separators."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


QUESTION_KEYS = ("题号", "question", "number", "no", "序号")
ANSWER_KEYS = ("答案", "answer", "作答")
TRUE_WORDS = {"对", "√", "✓", "✔", "T", "TRUE", "正确", "是", "Y", "YES"}
FALSE_WORDS = {"错", "×", "✗", "✘", "X", "F", "FALSE", "错误", "否", "N", "NO"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class AnswersError(ValueError):
    pass


MAX_FILE_BYTES = 256 * 1024        # a sheet of a few dozen short answers is a few hundred bytes
MAX_ANSWER_CHARS = 200


@dataclass
class AnswerSheet:
    answers: dict[int, str]
    paper: str = ""
    agent: str = ""
    lines: dict[int, int] = field(default_factory=dict)     # question number -> line in the file


def read_answers(path: Path) -> AnswerSheet:
    """The answers of a file; any problem is an AnswersError naming the file and line."""
    if not path.is_file():
        raise AnswersError(f"找不到作答文件 {path}")
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv", ".txt"):
        raise AnswersError(f"作答文件 {path} 应为 .yaml/.yml 或 .csv")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AnswersError(f"作答文件 {path} 过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）："
                               "应为每题一行「题号,答案」")
        raw = path.read_bytes()
    except OSError as exc:
        raise AnswersError(f"无法读取作答文件 {path}：{exc.strerror or exc}") from None
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise AnswersError(f"作答文件 {path} 是空的：应为每题一行「题号,答案」（未答的题答案留空）")
    sheet = _from_yaml(path, raw) if suffix in (".yaml", ".yml") else _from_csv(path, raw)
    if not sheet.answers:
        raise AnswersError(f"作答文件 {path} 没有任何作答行：应为每题一行「题号,答案」（未答的题答案留空）")
    return sheet


def check_numbers(sheet: AnswerSheet, numbers: list[int], path: Path) -> None:
    """Every question of the paper once, and no other: else an AnswersError naming the lines."""
    unknown = sorted(set(sheet.answers) - set(numbers))
    if unknown:
        where = "、".join(f"第 {sheet.lines.get(n, '?')} 行（第 {n} 题）" for n in unknown)
        raise AnswersError(f"{path} {where}：试卷只有第 {min(numbers)}–{max(numbers)} 题，请核对题号")
    missing = sorted(set(numbers) - set(sheet.answers))
    if missing:
        raise AnswersError(f"{path} 缺少第 {', '.join(map(str, missing))} 题：作答文件不完整，"
                           "每题都应有一行（未答的题保留题号、答案留空）")


def _put(sheet: AnswerSheet, number, answer, path: Path, line: int | None) -> None:
    where = f"{path} 第 {line} 行" if line else str(path)
    try:
        n = int(str(number).strip())
    except ValueError:
        raise AnswersError(f"{where}：题号 {str(number)[:20]!r} 不是整数") from None
    if n in sheet.answers:
        raise AnswersError(f"{where}：第 {n} 题出现了两次（第 {sheet.lines.get(n, '?')} 行已有）")
    text = "" if answer is None else str(answer).strip()
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswersError(f"{where}：第 {n} 题的答案过长（{len(text)} 个字符，上限 {MAX_ANSWER_CHARS}）："
                           "是不是引号没有闭合，或把别的内容粘贴进来了？")
    sheet.answers[n] = text
    if line:
        sheet.lines[n] = line


def _pick(row: dict, keys: tuple[str, ...]):
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for key in keys:
        if key.lower() in lowered:
            return True, lowered[key.lower()]
    return False, None


def _line(node, key=None, index=None) -> int | None:
    try:
        return (node.lc.key(key) if index is None else node.lc.item(index))[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def _from_yaml(path: Path, raw: bytes) -> AnswerSheet:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    try:
        data = YAML().load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnswersError(f"{path} 不是 UTF-8 编码的 YAML") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第 {mark.line + 1} 行" if mark else ""
        raise AnswersError(f"{path}{where}：YAML 格式错误（{getattr(exc, 'problem', None) or exc}）") from None
    sheet = AnswerSheet({})
    if isinstance(data, dict) and "answers" in data:
        sheet.paper, sheet.agent = str(data.get("paper") or ""), str(data.get("agent") or "")
        data = data["answers"]
    if isinstance(data, dict):
        for number, answer in data.items():
            _put(sheet, number, answer, path, _line(data, key=number))
    elif isinstance(data, list):
        for i, row in enumerate(data):
            line = _line(data, index=i) or i + 1
            if not isinstance(row, dict):
                raise AnswersError(f"{path} 第 {line} 行应为 {{题号: …, 答案: …}}")
            has_q, number = _pick(row, QUESTION_KEYS)
            has_a, answer = _pick(row, ANSWER_KEYS)
            if not has_q:
                raise AnswersError(f"{path} 第 {line} 行缺少题号（题号/question）")
            _put(sheet, number, answer, path, line)
    elif data is None:
        raise AnswersError(f"作答文件 {path} 是空的：应为 {{题号: 答案}} 映射")
    else:
        raise AnswersError(f"{path} 应为 {{题号: 答案}} 映射，或 [{{题号, 答案}}] 列表")
    return sheet


_CSV_ERRORS = {
    "unexpected end of data": "引号没有闭合，直到文件末尾",
    "expected after": "右引号后面应紧跟逗号",
    "field larger than field limit": "这一格过长",
    "line contains NUL": "含有空字符（NUL），不是文本文件？",
}


def _csv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of each non-blank row; a broken quote is an error at its line."""
    reader = csv.reader(io.StringIO(text), strict=True)
    out, start = [], 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = next((v for k, v in _CSV_ERRORS.items() if k in str(exc)), str(exc))
            raise AnswersError(f"{path} 第 {start} 行：CSV 格式错误（{reason}）：引号应成对；"
                               "答案里有逗号时整格用英文双引号括起") from None
        end = reader.line_num
        if end > start:
            raise AnswersError(f"{path} 第 {start} 行：引号没有闭合，这一格一直延续到第 {end} 行；"
                               "请补上右引号，或去掉引号")
        if any(c.strip() for c in row):
            out.append((start, row))
        start = end + 1
    return out


def _from_csv(path: Path, raw: bytes) -> AnswerSheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AnswersError(f"{path} 既不是 UTF-8 也不是 GB18030 编码")
    rows = _csv_rows(path, text)
    sheet = AnswerSheet({})
    if not rows:
        return sheet
    q_col, a_col, start = 0, 1, 0
    header = [c.strip().lower() for c in rows[0][1]]
    if any(h in [k.lower() for k in QUESTION_KEYS] for h in header):
        q_col = next(i for i, h in enumerate(header) if h in [k.lower() for k in QUESTION_KEYS])
        a_col = next((i for i, h in enumerate(header) if h in [k.lower() for k in ANSWER_KEYS]), q_col + 1)
        start = 1
    last = a_col >= max(len(header) - 1, q_col + 1)
    for line, row in rows[start:]:
        cells = row[a_col:] if last else row[a_col:a_col + 1]   # an unquoted order C,A,D,B spans cells
        answer = ",".join(c.strip() for c in cells if c.strip())
        _put(sheet, row[q_col] if q_col < len(row) else "", answer, path, line)
    return sheet


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
