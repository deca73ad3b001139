"""Keeping a graded result: in the ledger (the scorecard reads it) and/or a result file.

A paper that already has a result is only graded again on purpose (`replace`); the
ledger keeps the result it replaces (exam_history)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from checker.conversation import CHINA

from .grade import GradeResult
from .history import ledger_errors, open_ledger
from .keyfile import dump_yaml


class StoreRefused(Exception):
    """The result was not stored; the message says why (Chinese)."""


@dataclass
class Stored:
    recorded: bool = False
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def store_result(result: GradeResult, out: Optional[Path], db: Optional[Path], replace: bool,
                 write: Optional[Callable[[str], None]] = None) -> Stored:
    """Record the result in the ledger (when there is one) and hand the result file's text
    to `write` (when given; `out` is that file, None for standard output)."""
    stored = Stored()
    try:
        with open_ledger(db, stored.notes) as ledger:
            old = [r for r in ledger.exam_results(result.month, result.agent)
                   if r["paper_id"] == result.paper] if ledger is not None else []
            if old and not replace:
                when = old[0].get("taken_at")
                raise StoreRefused(
                    f"试卷 {result.paper}（{result.agent}，{result.month}）已有成绩 {old[0]['score']:g}/"
                    f"{old[0]['max_score']:g}{f'（{when:%Y-%m-%d %H:%M}）' if when else ''}：重新评分请加 --replace，"
                    "旧成绩会保留在台账的历史记录里")
            if out is not None and out.exists() and not replace:
                raise StoreRefused(f"评分结果文件 {out} 已存在：替换请加 --replace，或换一个文件名")
            if write is not None:
                write(dump_yaml(result.to_dict()))
            if ledger is not None:
                ledger.record_exam(result.agent, result.month, result.paper, result.score, result.max_score,
                                   taken_at=datetime.now(CHINA), details=result.to_dict())
                stored.recorded, stored.replaced = True, bool(old)
    except ledger_errors() as exc:
        raise StoreRefused(str(exc)) from None
    return stored
