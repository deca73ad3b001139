"""Ledger administration commands (issue 12): user, month, audit. Argument handling only;
the rules are in checker/ledger/users.py, review_entries.py and audit.py."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .common import DbOption, fail, open_ledger
from .output import format_choices, format_option
from .acting import ByOption, acting_user, echo_json, run_or_fail

ListFormat = format_choices("listing")

user_app = typer.Typer(no_args_is_help=True, help="台账用户：客服、质检/复核、主管（网页登录与 --by 用）。")
month_app = typer.Typer(no_args_is_help=True, help="结账：月份结账后任何更改都须主管留痕重新打开。")


# ---- kefu user ------------------------------------------------------------------------------
@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="用户名（客服用聊天记录中的客服名）"),
    role: str = typer.Option(..., "--role", help="agent（客服）| reviewer（质检/复核）| lead（主管）"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读密码（一行）"),
    db: Optional[Path] = DbOption,
) -> None:
    """添加用户（密码以 scrypt 加盐哈希保存）。"""
    from ..ledger.users import add_user
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    else:
        fail("请用 --password-stdin 从标准输入提供密码，如：echo '密码' | kefu user add 小美 --role agent --password-stdin")
    with open_ledger(db, create=True) as ledger:
        user = run_or_fail(lambda: add_user(ledger, name, role, password))
    typer.echo(f"已添加用户 {user.name}（{user.role_name}）")


@user_app.command("list")
def user_list(fmt: ListFormat = format_option("listing", "text"), db: Optional[Path] = DbOption) -> None:
    """列出用户（不显示密码）。"""
    from ..ledger.users import list_users
    with open_ledger(db) as ledger:
        users = list_users(ledger)
    if fmt.value == "json":
        echo_json([{"name": u.name, "role": u.role, "disabled": u.disabled} for u in users])
        return
    for u in users:
        typer.echo(f"{u.name}\t{u.role_name}" + ("\t已停用" if u.disabled else ""))
    if not users:
        typer.echo("（还没有用户：kefu user add 名字 --role lead --password-stdin）")


@user_app.command("disable")
def user_disable(name: str = typer.Argument(...), reason: str = typer.Option("", "--reason", "-r"),
                 by: Optional[str] = ByOption, db: Optional[Path] = DbOption) -> None:
    """停用用户（不删除：历史记录仍指向此人）。"""
    from ..ledger.users import disable_user
    with open_ledger(db) as ledger:
        actor = acting_user(ledger, by) if by else None
        run_or_fail(lambda: disable_user(ledger, name, actor, reason))
    typer.echo(f"已停用用户 {name}")


# ---- kefu month / kefu audit -------------------------------------------------------------------
@month_app.command("close")
def month_close(month: str = typer.Argument(..., help="YYYY-MM"), reason: str = typer.Option("", "--reason", "-r"),
                by: Optional[str] = ByOption, db: Optional[Path] = DbOption) -> None:
    """结账（主管）：复核申请须已全部处理；之后该月的复核、录入、额外奖惩、考试与会话更新都被拒绝。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        run_or_fail(lambda: review.close_month(ledger, acting_user(ledger, by), month, reason))
    typer.echo(f"{month} 已结账")


@month_app.command("reopen")
def month_reopen(month: str = typer.Argument(..., help="YYYY-MM"), reason: str = typer.Option(..., "--reason", "-r"),
                 by: Optional[str] = ByOption, db: Optional[Path] = DbOption) -> None:
    """重新打开已结账的月份（主管，须写理由，留痕）。"""
    from ..ledger import review
    with open_ledger(db) as ledger:
        run_or_fail(lambda: review.reopen_month(ledger, acting_user(ledger, by), month, reason))
    typer.echo(f"{month} 已重新打开：{reason}")


def audit(
    month: Optional[str] = typer.Option(None, "--month", "-m"),
    target: Optional[str] = typer.Option(None, "--target", help="对象：问题编号、item:编号、month:YYYY-MM、用户名等"),
    limit: int = typer.Option(500, "--limit"),
    fmt: ListFormat = format_option("listing", "text"),
    by: Optional[str] = ByOption,
    db: Optional[Path] = DbOption,
) -> None:
    """审计记录（主管）：每一次更改的操作人、时间、动作、对象与理由，最新的在前。"""
    from ..ledger.audit import audit_log
    from ..ledger.users import require_role
    with open_ledger(db) as ledger:
        run_or_fail(lambda: require_role(acting_user(ledger, by), "lead", "查看审计记录"))
        rows = audit_log(ledger, month, target, limit)
    if fmt.value == "json":
        echo_json(rows)
        return
    for r in rows:
        typer.echo(f"#{r['id']}\t{r['at']}\t{r['actor']}\t{r['action']}\t{r['target']}\t{r['reason']}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(month_app, name="month")
    app.command("audit")(audit)
