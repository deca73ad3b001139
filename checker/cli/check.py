"""`kefu check`: chats against the rule base, locally (--jobs) or on Dask (--dask)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import List, Optional

import typer

from .common import (QUICK_EXIT, DbOption, FailOn, PoliciesOption, check_month, fail, load_policy_or_exit,
                     require_rules)
from .output import format_choices, format_option, is_stdout, output_option, report_stream

CheckFormat = format_choices("check")
LintFormat = format_choices("lint")


def check(
    paths: List[Path] = typer.Argument(..., help="会话文件或目录（.yaml .json .jsonl .txt）"),
    fmt: CheckFormat = format_option("check", "text"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别的问题使退出码为 1"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = output_option(),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按该日期生效的参数判定（默认：每个会话自己的日期）"),
    policies: Optional[Path] = PoliciesOption,
    record: bool = typer.Option(False, "--record", help="把结果记入台账，供月度考核（kefu scorecard）使用"),
    db: Optional[Path] = DbOption,
    month: Optional[str] = typer.Option(None, "--month", "-m",
                                        help="没有时间戳的会话属于哪个月 YYYY-MM（默认：文件名中的日期）"),
    atomic: bool = typer.Option(False, "--atomic", help="有输入无法读取时什么也不记入台账（默认：记入能读取的会话）"),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS",
                                       help="在 Dask 集群上检查：local[:N] 在本机启动 N 个工作进程，"
                                            "或调度器地址 tcp://host:8786（需 pip install 'kefu[dask]'）"),
    out_dir: Optional[str] = typer.Option(None, "--out", metavar="DIR",
                                          help="配合 --dask：每个分区的结果另写一个文件到 DIR（本地目录或 fsspec URL）"),
    out_format: str = typer.Option("jsonl", "--out-format", help="--out 文件的格式：jsonl 或 parquet（需 pyarrow）"),
    summary_only: bool = typer.Option(False, "--summary-only", help="只输出汇总，不列出每个会话"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="并行检查的进程数（默认：CPU 核数；输出与 --jobs 1 完全相同）"),
) -> None:
    """检查聊天会话，列出每一处违反服务规范的地方。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法错误或有无法读取的输入（--record 时其余会话照常记入台账，
    加 --atomic 则什么也不记入）。"""
    from ..runner import default_jobs

    local = not (dask or out_dir)
    jobs = (jobs or default_jobs()) if local else jobs
    _check(paths, fmt, fail_on, rule, output, as_of, policies, record, db, month, atomic, dask, out_dir,
           out_format, summary_only, jobs)


def _check(paths, fmt, fail_on, rule, output, as_of, policies, record, db, month, atomic, dask, out_dir,
           out_format, summary_only, jobs) -> None:
    import gc

    from .. import built_cache, regex_cache
    from ..progress import wanted as progress_wanted
    from ..runner import run_check
    from .record import record_run

    regex_cache.install()         # the rule base's regexes as compiled by an earlier run, if any
    gc.disable()                  # loading builds only objects that live all run: no collection frees any
    try:
        policy = load_policy_or_exit(policies)
    finally:
        gc.enable()
    only = require_rules(policy, rule)
    month = check_month(month, "--month")
    if atomic and not record:
        fail("--atomic 只对记入台账有意义：请与 --record 同用")
    if (dask or out_dir) and record:
        fail("--dask 不能与 --record 同用：集群算好的结果用 kefu ledger import 记入台账")
    runner = _cluster_runner(dask, out_dir, out_format) if dask or out_dir else run_check
    local = {} if dask or out_dir else {"jobs": jobs, "progress": progress_wanted()}
    with report_stream("check", fmt.value, output) as stream:
        with record_run(record, db, policy, as_of.date() if as_of else None, rule, atomic) as recorder:
            summary = runner(policy, paths, fmt.value + (":summary" if summary_only else ""), stream, only=only,
                             as_of=as_of.date() if as_of else None, recorder=recorder, month=month, **local)
    regex_cache.save()
    built_cache.save()
    if not (dask or out_dir):     # all written and closed, no cluster client: no teardown needed
        QUICK_EXIT["ok"] = True
    if summary.errors:
        for err in summary.errors if fmt.value != "text" or not is_stdout(output) else []:
            typer.echo(f"跳过 {err}", err=True)
        raise typer.Exit(2)
    threshold = None if fail_on == FailOn.never else fail_on.value
    raise typer.Exit(1 if summary.failing(threshold) else 0)


def _cluster_runner(address: Optional[str], out_dir: Optional[str], out_format: str):
    """run_check's counterpart on a Dask cluster; usage errors exit 2 before any work."""
    if not address:
        fail("--out 只能与 --dask 同用（本机检查请用 -o 写一个文件）")
    if out_format not in ("jsonl", "parquet"):
        fail(f"--out-format 应为 jsonl 或 parquet，不能是 {out_format}")
    if out_dir and out_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            fail("--out-format parquet 需要 pyarrow：pip install pyarrow")
    try:
        from ..cluster.run import ClusterError, run_on_dask
    except ImportError:
        fail("--dask 需要 Dask：pip install 'kefu[dask]'")

    def run(policy, paths, fmt, stream, **options):
        try:
            return run_on_dask(policy, paths, fmt, stream, address=address, out_dir=out_dir,
                               out_format=out_format, **options)
        except ClusterError as exc:
            fail(str(exc))
    return run


def lint(
    paths: List[Path] = typer.Argument(..., help="快捷短语文件或目录（.yaml .yml .csv .md）"),
    fmt: LintFormat = format_option("lint", "text"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别（且未豁免）的问题使退出码为 1"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按这一天判断活动话术是否过期（默认：今天，北京时间）"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = output_option(),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """检查快捷短语和欢迎语模板。

    每条模板都按客服消息的全部规则检查，另查占位符、有效期、重复编码、空内容和长度。
    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法错误或有无法读取的输入。"""
    from ..lint.engine import today
    from ..lint.runner import exit_code, run_lint

    policy = load_policy_or_exit(policies)
    only = require_rules(policy, rule)
    threshold = None if fail_on == FailOn.never else fail_on.value
    with report_stream("lint", fmt.value, output) as stream:
        summary = run_lint(policy, paths, fmt.value, stream, as_of.date() if as_of else today(), threshold,
                           only=only)
    if summary.errors and (not is_stdout(output) or fmt.value != "text"):
        for err in summary.errors:
            typer.echo(f"无法读取 {err}", err=True)
    raise typer.Exit(exit_code(summary))


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("lint")(lint)
