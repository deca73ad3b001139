"""Who acts in the ledger commands, and how they report (kefu item, waive, adjust, review,
user, month, audit).

Who acts: `--by NAME`. Once the ledger has users (`kefu user add`), NAME must be an
enabled user and that user's role decides what is allowed; in a ledger without users
the command line acts as the lead (its name recorded as NAME or 命令行)."""
from __future__ import annotations

from typing import Optional

import typer
from typer.core import TyperGroup

from .common import fail, user_errors

ByOption = typer.Option(None, "--by", help="操作人（台账有用户后须为已登记的质检/复核或主管）")


class DefaultGroup(TyperGroup):
    """A group whose first argument, when it is not a subcommand, goes to `add`: keeps
    `kefu item AGENT …` and `kefu waive ID …` working beside `list`/`remove`/`revoke`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


def acting_user(ledger, by: Optional[str]):
    """The users.User acting as `--by NAME` (the lead, in a ledger without users); exits 2
    with the reason when NAME is missing, unknown or disabled."""
    from ..ledger.users import CLI_ACTOR, User, get_user, has_users
    if not has_users(ledger):
        return User((by or "").strip() or CLI_ACTOR, "lead")
    if not by:
        fail(f"台账 {ledger.path} 已有用户：请用 --by 写明操作人（用户见 kefu user list）")
    user = get_user(ledger, by)
    if user is None:
        fail(f"没有用户 {by}：用户见 kefu user list")
    if user.disabled:
        fail(f"用户 {by} 已停用")
    return user


def run_or_fail(action):
    """`action()`, or its refusal (LedgerError and the other user errors) printed, exit 2."""
    try:
        return action()
    except user_errors() as exc:
        fail(str(exc))


def echo_json(data) -> None:
    """A listing's `--format json`: indented, Chinese unescaped."""
    import json
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
