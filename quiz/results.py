"""Where graded papers come from for `kefu quiz stats`: result files written by
`kefu quiz grade --out`, or the ledger's exam results (their `details`)."""
from __future__ import annotations

import json
from pathlib import Path

from .grade import RESULT_FORMAT
from .keyfile import load_yaml


def load_graded(paths: list[Path], month: str, notes: list[str]) -> list[dict]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json"))
        elif path.exists():
            files.append(path)
        else:
            notes.append(f"找不到 {path}")
    out = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8")) if file.suffix == ".json" else load_yaml(file)
        except Exception as exc:  # noqa: BLE001 - an unreadable file is reported and skipped
            notes.append(f"跳过 {file}：无法读取（{exc}）")
            continue
        if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
            continue                      # keys, papers and other YAML in the folder
        if data.get("month") == month:
            out.append(data)
    return out


def results_from_ledger(ledger, month: str, notes: list[str]) -> list[dict]:
    out = []
    for row in ledger.exam_results(month):
        details = row.get("details") if isinstance(row, dict) else None
        if isinstance(details, str):
            try:
                details = json.loads(details)
            except ValueError:
                details = None
        if not isinstance(details, dict) or "questions" not in details:
            notes.append(f"台账中 {row.get('agent', '?')} 的成绩没有逐题记录，不计入试题分析")
            continue
        merged = dict(details)
        merged.setdefault("agent", row.get("agent"))
        merged.setdefault("score", row.get("score"))
        merged.setdefault("max_score", row.get("max_score"))
        out.append(merged)
    return out
