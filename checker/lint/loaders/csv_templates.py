"""CSV template files: the 千牛 快捷短语 export.

    快捷编码,短语内容,分组
    hy,亲，您好，欢迎光临小店！有什么可以帮您？,欢迎语

Columns are found by their header (in any order); 短语内容 is required, 快捷编码 and 分组
are read when present, other columns of the export are ignored. Optional columns this
tool adds: 类型 (欢迎语 / 活动), 有效期至 (YYYY-MM-DD) and 备注, where a cell may carry
waivers (`kefu: disable=RULE 理由`, one per line). UTF-8 (with or without BOM) and
GB18030 both load; commas or tabs separate the cells.
"""
from __future__ import annotations

import csv
import io

from .. import directives
from ..entries import check_fields
from ..model import InputError, Template, Waiver
from ..positions import Anchor, SourceText

HEADERS = {
    "code": ("快捷编码", "编码", "快捷短语编码", "code"),
    "text": ("短语内容", "快捷短语", "短语", "内容", "text"),
    "group": ("分组", "分组名称", "group"),
    "kind": ("类型", "kind"),
    "expires": ("有效期至", "有效期", "截止日期", "过期时间", "expires"),
    "note": ("备注", "note"),
}


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff") for h in header]
    found = {}
    for key, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases or name.lower() in aliases:
                found[key] = i
                break
    return found


def _field_starts(raw: str, delimiter: str) -> list[int]:
    """Offsets where each cell of one CSV record starts (quotes respected)."""
    starts = [0]
    quoted = False
    i = 0
    while i < len(raw):
        char = raw[i]
        if quoted:
            if char == '"':
                if raw.startswith('"', i + 1):
                    i += 1
                else:
                    quoted = False
        elif char == '"' and i == starts[-1]:
            quoted = True
        elif char == delimiter:
            starts.append(i + 1)
        elif char == "\n":
            break
        i += 1
    return starts


def load(source: SourceText, file: str) -> tuple[list[Template], list[InputError]]:
    text = source.text
    first = source.line_text(1) if text else ""
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    errors: list[InputError] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [InputError(file, 1, 0, f"CSV 格式错误：{exc}")]
    if not header:
        return [], []
    columns = _columns(header)
    if "text" not in columns:
        return [], [InputError(file, 1, 1, "缺少“短语内容”列：千牛快捷短语导出的表头为 快捷编码,短语内容,分组")]
    width = len(header)
    templates: list[Template] = []
    last_line = reader.line_num
    while True:
        start_line = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(InputError(file, start_line, 0, f"CSV 格式错误：{exc}"))
            break
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        row = [cell.replace("\r\n", "\n") for cell in row]
        row_start = source.offset(start_line, 1)
        row_end = source.starts[last_line] if last_line < source.lines else len(text)
        cells = [row_start + s for s in _field_starts(text[row_start:row_end], delimiter)]
        if len(row) > width:
            errors.append(InputError(file, start_line, 1, f"这一行有 {len(row)} 格，比表头多 {len(row) - width} 格："
                                                          "短语内容里有英文逗号时，整格要用双引号括起来"))
            continue
        template = _template(source, file, len(templates), row, cells, row_end, columns, start_line, errors)
        if template is not None:
            templates.append(template)
    return templates, errors


def _template(source, file, index, row, cells, row_end, columns, line, errors) -> Template | None:
    def cell(key: str) -> str | None:
        i = columns.get(key)
        return row[i] if i is not None and i < len(row) else None

    def where(key: str) -> tuple[int, int]:
        i = columns.get(key)
        return source.position(cells[i]) if i is not None and i < len(cells) else (line, 1)

    raw = {k: cell(k) for k in ("code", "group", "text", "kind", "expires")}
    fields, problems = check_fields(raw)
    for fld, problem in problems:
        errors.append(InputError(file, *where(fld), problem))
    if problems:
        return None
    positions = {k: where(k) for k in columns if k != "note"}
    template = Template(file=file, index=index, text=fields["text"], line=line, column=1,
                        code=fields["code"], group=fields["group"], kind=fields["kind"],
                        expires=fields["expires"], fields=positions)
    i = columns["text"]
    if i < len(cells):
        start = cells[i] + (1 if source.text.startswith('"', cells[i]) else 0)
        end = cells[i + 1] if i + 1 < len(cells) else row_end
        template.anchor = Anchor(source, start, end)
    note = cell("note")
    if note and "kefu" in note:
        at = where("note")
        for directive in directives.in_cell(note, *at):
            for problem in directive.problems:
                errors.append(InputError(file, *at, problem))
            template.waivers.extend(Waiver(rule, reason, *at) for rule, reason in directive.waivers)
    return template
