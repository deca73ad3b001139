"""`kefu ledger`: look at the ledger (the default) and import results computed elsewhere."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .common import DbOption, PoliciesOption, load_policy_or_exit, open_ledger
from .output import format_choices, format_option

ListFormat = format_choices("listing")

ledger_app = typer.Typer(invoke_without_command=True,
                         help="台账：查看（默认）与导入在别处算好的检查结果。")


def show_ledger(fmt, db: Optional[Path]) -> None:
    """查看台账：文件、数据结构版本、记录数量、有记录的月份。"""
    import json
    with open_ledger(db) as opened:
        info = opened.info()
    if fmt.value == "json":
        typer.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    typer.echo(f"台账 {info['path']}（数据结构版本 {info['schema_version']}）")
    typer.echo(f"  会话 {info['transcripts']} 个，问题 {info['findings']} 处（当前有效 {info['active_findings']}，"
               f"已豁免 {info['waivers']}），考试 {info['exams']} 次，录入条目 {info['items']} 条，记录 {info['runs']} 次")
    typer.echo(f"  用户 {info['users']} 个，审计记录 {info['audit']} 条（kefu audit 查看）")
    typer.echo(f"  月份：{'、'.join(info['months']) or '无'}")
    if info["last_run"]:
        run = info["last_run"]
        typer.echo(f"  最近一次：#{run['id']} {run['kind']} {run['recorded_at']} 规则库 {run['policy_version']}")


@ledger_app.callback()
def ledger_main(
    ctx: typer.Context,
    fmt: ListFormat = format_option("listing", "text"),
    db: Optional[Path] = DbOption,
) -> None:
    """查看台账：文件、数据结构版本、记录数量、有记录的月份。"""
    if ctx.invoked_subcommand is None:
        show_ledger(fmt, db)


@ledger_app.command("info")
def ledger_info(fmt: ListFormat = format_option("listing", "text"), db: Optional[Path] = DbOption) -> None:
    """查看台账（同不带子命令的 kefu ledger）。"""
    show_ledger(fmt, db)


@ledger_app.command("import")
def ledger_import(
    results: List[Path] = typer.Argument(..., help="结果文件：kefu check --format json 的输出，或 --dask --out 写的分区文件"),
    chats: List[Path] = typer.Option(..., "--chats", help="判定时读取的会话文件或目录（台账保存会话原文，结果里没有）"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """把在别处（如 Dask 集群）算好的检查结果记入台账，与 kefu check --record 一样幂等、整批记入，
    响应时限按台账中该客服的全部会话重算。

    退出码：0 全部导入；2 有结果或会话无法导入（其余照常导入，并列出跳过的）。"""
    from .record import record_run
    from ..cluster.outfiles import ResultsError, imported_results, rejudge_timing
    from ..model import LoadError
    from ..report import RunSummary
    for path in results:
        if not path.is_file():
            typer.echo(f"结果文件不存在：{path}", err=True)
            raise typer.Exit(2)
    policy = load_policy_or_exit(policies)
    try:
        items = list(imported_results(results, chats, policy.version))
    except (ResultsError, OSError, UnicodeDecodeError) as exc:
        typer.echo(f"无法读取结果：{exc}", err=True)
        raise typer.Exit(2)
    summary = RunSummary(policy_version=policy.version)
    with record_run(True, db, policy, None, None) as recorder:
        done = [i for i in items if not isinstance(i, LoadError)]
        for result in rejudge_timing(policy, recorder, done):
            summary.add(result)
            recorder.add(result)
        summary.errors = [i for i in items if isinstance(i, LoadError)]
        summary.skipped = len(summary.errors)
        recorder.settle(policy, summary)
    for err in summary.errors:
        typer.echo(f"跳过 {err}", err=True)
    typer.echo(f"导入 {summary.transcripts} 个会话的结果，跳过 {summary.skipped} 个", err=True)
    raise typer.Exit(2 if summary.errors else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(ledger_app, name="ledger")
