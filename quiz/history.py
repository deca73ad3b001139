"""Where exam history lives: the SQLite ledger (checker.ledger) when there is one, else a
YAML history file. The ledger is used when --db is given, KEFU_DB is set or ./kefu.db
exists, and its module is installed; otherwise papers are remembered in --history FILE
and grading only prints."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .keyfile import dump_yaml, load_yaml


class LedgerUnavailable(Exception):
    pass


def ledger_wanted(db: Path | None) -> bool:
    return db is not None or bool(os.environ.get("KEFU_DB")) or Path("kefu.db").exists()


def ledger_class():
    try:
        from checker.ledger import Ledger
    except ImportError:
        return None
    return Ledger


@contextmanager
def open_ledger(db: Path | None, notes: list[str]) -> Iterator[object | None]:
    """The open ledger, or None (and a note saying why) when there is none to use."""
    if not ledger_wanted(db):
        yield None
        return
    cls = ledger_class()
    if cls is None:
        if db is not None:
            raise LedgerUnavailable("指定了 --db，但本安装没有台账模块（checker.ledger）")
        notes.append("找到了台账设置（KEFU_DB 或 ./kefu.db），但本安装没有台账模块，改用历史文件")
        yield None
        return
    try:
        opened = cls.open(db)
    except Exception as exc:  # noqa: BLE001 - checker.ledger.LedgerError and sqlite errors: tell the user
        raise LedgerUnavailable(str(exc)) from exc
    with opened as ledger:
        yield ledger


def ledger_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a ledger call may raise with a message for users."""
    try:
        from checker.ledger import LedgerError
    except ImportError:
        return (LedgerUnavailable,)
    return (LedgerUnavailable, LedgerError)


class HistoryFile:
    """papers: [{agent, month, paper, questions: [ids]}], one entry per agent and month."""

    def __init__(self, path: Path):
        self.path = path
        data = load_yaml(path) if path.exists() else None
        self.papers: list[dict] = list((data or {}).get("papers") or [])

    def question_history(self, agent: str, months: list[str]) -> set[str]:
        return {qid for p in self.papers if p.get("agent") == agent and p.get("month") in months
                for qid in p.get("questions") or []}

    def record_paper(self, agent: str, month: str, paper_id: str, question_ids: list[str]) -> None:
        self.papers = [p for p in self.papers if not (p.get("agent") == agent and p.get("month") == month)]
        self.papers.append({"agent": agent, "month": month, "paper": paper_id, "questions": list(question_ids)})
        self.papers.sort(key=lambda p: (str(p.get("month")), str(p.get("agent"))))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(dump_yaml({"papers": self.papers}), encoding="utf-8")
