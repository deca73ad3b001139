"""Pieces every command module shares: loading the rule base for a command, checking
`--rule` ids, and the common options. Kept apart from checker/cli.py so that command
modules (quiz/cli.py, checker/cli_scorecard.py) can import it without a cycle."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

import typer

from .policy import Policy, PolicyError, load_policy

PoliciesOption = typer.Option(None, "--policies", envvar="KEFU_POLICIES",
                              help="规则目录（默认：项目自带的 policies/）")


def load_policy_or_exit(directory: Optional[Path]) -> Policy:
    """The effective rule base (the base with the shop's kefu.toml laid over it), or
    every problem in it on stderr and exit code 2."""
    from .config import ConfigError, active
    from .overlay import effective_policy
    try:
        return effective_policy(load_policy(directory), active())
    except (PolicyError, ConfigError) as exc:
        what = "规则库" if isinstance(exc, PolicyError) else "配置"
        typer.echo(f"{what}有 {len(exc.problems)} 处错误：", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2)


def require_rules(policy: Policy, rule_ids: Optional[Iterable[str]]) -> set[str] | None:
    """The selected rule ids (None: all); unknown ids are a usage error (exit 2)."""
    if not rule_ids:
        return None
    selected = set(rule_ids)
    unknown = sorted(selected - {r.id for r in policy.rules})
    if unknown:
        typer.echo(f"未知的规则 id：{', '.join(unknown)}；用 `kefu rules list` 查看全部规则", err=True)
        raise typer.Exit(2)
    return selected
