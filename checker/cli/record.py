"""The `--record` hook of `kefu check`: the ledger Recorder for run_check, one transaction
per run (see README, "What the ledger guarantees")."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from .common import fail, open_ledger


class _Discard(Exception):
    """--atomic and some input was unreadable: roll the whole run back."""


@contextmanager
def record_run(record: bool, db: Optional[Path], policy, as_of: Optional[date], only, atomic: bool = False):
    """The ledger Recorder for run_check (None without --record): every result in one
    transaction, or nothing. With unreadable inputs the readable chats are recorded and the
    summary says what was skipped; with `atomic`, nothing is recorded then."""
    if not record:
        yield None
        return
    from ..ledger import LedgerError
    if only:
        fail("--record 需要用完整规则库判定，不能与 --rule 同用（否则会把其他规则的问题当作已消失）")
    ledger = open_ledger(db, create=True)
    try:
        with ledger.recording(policy.version, as_of=as_of) as rec:
            yield rec
            if atomic and rec.stats.skipped:
                raise _Discard
        s = rec.stats
        typer.echo(f"已记入台账 {ledger.path}：{s.transcripts} 个会话（新 {s.new}，更新 {s.changed}，未变 {s.unchanged}），"
                   f"新公布问题 {s.published} 处，失效 {s.retired} 处"
                   + (f"，重算了 {s.recomputed} 个时间重叠的已记录会话" if s.recomputed else "")
                   + "；问题编号见 --format json 的 findings[].id，复核用 kefu waive 编号 --reason …", err=True)
        if s.skipped:
            typer.echo(f"另有 {s.skipped} 处输入被跳过、未记入台账（无法读取或不合要求；文件、位置和原因见报告，"
                       f"也记在台账第 {s.run_id} 次记录中）：修正后重新记录即可，已记入的会话不会重复计算", err=True)
    except _Discard:
        typer.echo(f"有 {rec.stats.skipped} 处输入被跳过（无法读取或不合要求，见报告），按 --atomic 本次什么也没有记入台账 "
                   f"{ledger.path}：修正后重新运行", err=True)
    except LedgerError as exc:
        fail(str(exc))
    finally:
        ledger.close()
