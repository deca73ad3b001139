"""Pieces every command module shares: the rule base and the scoring scheme for a
command, `--rule` ids, the ledger, months, targets, usage errors, and the common options.
Heavy modules (the ledger, the scorecard, the scoring scheme) are imported on use, so a
command that does not need them never loads them."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Iterable, List, NoReturn, Optional

import typer

PoliciesOption = typer.Option(None, "--policies", envvar="KEFU_POLICIES",
                              help="规则目录（默认：项目自带的 policies/）")
DbOption = typer.Option(None, "--db", envvar="KEFU_DB", help="台账文件（默认：当前目录的 kefu.db）")
MonthOption = typer.Option(None, "--month", "-m", help="月份 YYYY-MM（默认：台账中最近的月份）")
TargetsOption = typer.Option(None, "--targets", "-t", envvar="KEFU_TARGETS",
                             help="目标文件（YAML/CSV）或按月存放的目录（默认：当前目录的 targets/）")
WHEN_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    review = "review"
    never = "never"


# Set by a command once its files are closed and its caches saved: the console script may
# then end the process without tearing it down (checker/cli/__init__.py `main`).
QUICK_EXIT = {"ok": False}


def fail(message: str) -> NoReturn:
    """A usage error: the message (Chinese) on standard error, exit code 2."""
    typer.echo(message, err=True)
    raise typer.Exit(2)


def load_policy_or_exit(directory: Optional[Path]):
    """The effective rule base (the base with the shop's kefu.toml laid over it), or
    every problem in it on stderr and exit code 2."""
    from ..config import ConfigError, active
    from ..overlay import effective_policy
    from ..policy import PolicyError, load_policy
    try:
        return effective_policy(load_policy(directory), active())
    except (PolicyError, ConfigError) as exc:
        what = "规则库" if isinstance(exc, PolicyError) else "配置"
        fail(f"{what}有 {len(exc.problems)} 处错误：\n" + "\n".join(f"  {p}" for p in exc.problems))


def require_rules(policy, rule_ids: Optional[Iterable[str]]) -> set[str] | None:
    """The selected rule ids (None: all); unknown ids are a usage error (exit 2)."""
    if not rule_ids:
        return None
    selected = set(rule_ids)
    unknown = sorted(selected - {r.id for r in policy.rules})
    if unknown:
        fail(f"未知的规则 id：{', '.join(unknown)}；用 `kefu rules list` 查看全部规则")
    return selected


def open_ledger(db: Optional[Path], create: bool = False):
    from ..ledger import Ledger, LedgerError
    try:
        return Ledger.open(db, create=create)
    except LedgerError as exc:
        fail(str(exc))


def load_scheme(policies: Optional[Path], policy=None):
    """The scoring scheme (policies/scoring), checked against the rule base when given."""
    from ..policy import PolicyError, default_policy_dir
    from ..scoring import load_scheme as load
    try:
        scheme = load((policies or default_policy_dir()) / "scoring")
    except PolicyError as exc:
        fail("计分方案有错误：\n" + "\n".join(f"  {p}" for p in exc.problems))
    if policy is not None:
        problems = scheme.check_rules(policy.rules)
        if problems:
            fail("计分方案与规则库不一致：\n" + "\n".join(f"  {p}" for p in problems))
    return scheme


def check_month(month: Optional[str], option: str = "") -> Optional[str]:
    """A YYYY-MM month (None stays None), or exit 2 saying what is wrong."""
    if month is None:
        return None
    from ..ledger import LedgerError
    from ..ledger.clock import check_month as check
    try:
        return check(month)
    except LedgerError as exc:
        fail(f"{option}：{exc}" if option else str(exc))


def ledger_month(ledger, month: Optional[str]) -> str:
    """The month asked for, or the ledger's latest; exit 2 on an empty ledger."""
    if month is None:
        months = ledger.months()
        if not months:
            fail(f"台账 {ledger.path} 是空的：先用 `kefu check 会话目录 --record` 记录会话")
        return months[-1]
    return check_month(month)


def target_book(targets: Optional[Path], promotions: Optional[List[str]]):
    from ..scorecard import TargetBook, TargetsError, parse_promotion
    if targets is None and Path("targets").is_dir():
        targets = Path("targets")
    try:
        return TargetBook(targets, [parse_promotion(p) for p in promotions or []])
    except TargetsError as exc:
        fail(str(exc))


def user_errors() -> tuple:
    """Errors whose message is for the user: reported, exit code 2."""
    from ..ledger import LedgerError
    from ..scorecard import TargetsError
    from ..scoring import ScoringError
    return LedgerError, ScoringError, TargetsError


def aware(value: Optional[datetime]) -> Optional[datetime]:
    from ..ledger.clock import aware as make_aware
    return make_aware(value) if value is not None else None
