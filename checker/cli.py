"""The `kefu` command line. Only argument handling and wiring live here."""
from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import PoliciesOption, load_policy_or_exit, require_rules
from .cli_output import is_stdout, output_stream
from .policy import PolicyError

app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
                  help="kefu：电商客服规范检查——聊天质检、快捷短语检查、月度考核与考试，共用一套规则库。")
from .cli_config import config_app, init as _init, root as _root  # noqa: E402
app.callback()(_root)
app.add_typer(config_app, name="config")
app.command("init")(_init)
rules_app = typer.Typer(no_args_is_help=True, help="查看与自测规则库。")
app.add_typer(rules_app, name="rules")
from quiz.cli import quiz_app  # noqa: E402 - `kefu quiz` (quiz/cli.py)
app.add_typer(quiz_app, name="quiz")


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    compact = "compact"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    review = "review"
    never = "never"




_policy = load_policy_or_exit


def _check_month(month: Optional[str]) -> Optional[str]:
    from .ledger import LedgerError
    from .ledger.clock import check_month
    try:
        return None if month is None else check_month(month)
    except LedgerError as exc:
        typer.echo(f"--month：{exc}", err=True)
        raise typer.Exit(2)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="会话文件或目录（.yaml .json .jsonl .txt）"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="输出格式"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别的问题使退出码为 1"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（目录不存在时自动创建；- 为标准输出）"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按该日期生效的参数判定（默认：每个会话自己的日期）"),
    policies: Optional[Path] = PoliciesOption,
    record: bool = typer.Option(False, "--record", help="把结果记入台账，供月度考核（kefu scorecard）使用"),
    db: Optional[Path] = typer.Option(None, "--db", envvar="KEFU_DB", help="台账文件（默认：当前目录的 kefu.db）"),
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
    from .cli_record import record_run
    from .progress import wanted as progress_wanted
    from .runner import default_jobs, run_check

    policy = _policy(policies)
    only = require_rules(policy, rule)
    month = _check_month(month)
    if atomic and not record:
        typer.echo("--atomic 只对记入台账有意义：请与 --record 同用", err=True)
        raise typer.Exit(2)
    if (dask or out_dir) and record:
        typer.echo("--dask 不能与 --record 同用：集群算好的结果用 kefu ledger import 记入台账", err=True)
        raise typer.Exit(2)
    runner = _cluster_runner(dask, out_dir, out_format) if dask or out_dir else run_check
    local = {} if dask or out_dir else {"jobs": jobs or default_jobs(), "progress": progress_wanted()}
    with output_stream(output) as stream:
        with record_run(record, db, policy, as_of.date() if as_of else None, rule, atomic) as recorder:
            summary = runner(policy, paths, fmt.value + (":summary" if summary_only else ""), stream, only=only,
                             as_of=as_of.date() if as_of else None, recorder=recorder, month=month, **local)
    if summary.errors:
        for err in summary.errors if fmt != Format.text or not is_stdout(output) else []:
            typer.echo(f"跳过 {err}", err=True)
        raise typer.Exit(2)
    threshold = None if fail_on == FailOn.never else fail_on.value
    raise typer.Exit(1 if summary.failing(threshold) else 0)


def _cluster_runner(address: Optional[str], out_dir: Optional[str], out_format: str):
    """run_check's counterpart on a Dask cluster; usage errors exit 2 before any work."""
    if not address:
        typer.echo("--out 只能与 --dask 同用（本机检查请用 -o 写一个文件）", err=True)
        raise typer.Exit(2)
    if out_format not in ("jsonl", "parquet"):
        typer.echo(f"--out-format 应为 jsonl 或 parquet，不能是 {out_format}", err=True)
        raise typer.Exit(2)
    if out_dir and out_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            typer.echo("--out-format parquet 需要 pyarrow：pip install pyarrow", err=True)
            raise typer.Exit(2)
    try:
        from .cluster.run import ClusterError, run_on_dask
    except ImportError:
        typer.echo("--dask 需要 Dask：pip install 'kefu[dask]'", err=True)
        raise typer.Exit(2)

    def run(policy, paths, fmt, stream, **options):
        try:
            return run_on_dask(policy, paths, fmt, stream, address=address, out_dir=out_dir,
                               out_format=out_format, **options)
        except ClusterError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2)
    return run


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


@app.command()
def lint(
    paths: List[Path] = typer.Argument(..., help="快捷短语文件或目录（.yaml .yml .csv .md）"),
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="输出格式"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="达到该级别（且未豁免）的问题使退出码为 1"),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                             help="按这一天判断活动话术是否过期（默认：今天，北京时间）"),
    rule: Optional[List[str]] = typer.Option(None, "--rule", help="只运行这些规则（可重复）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（目录不存在时自动创建；- 为标准输出）"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """检查快捷短语、欢迎语模板：每条都按客服消息的全部规则检查，另查占位符、有效期、重复编码、空内容和长度。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法错误或有无法读取的输入。"""
    from .lint.engine import today
    from .lint.runner import exit_code, run_lint

    policy = _policy(policies)
    only = require_rules(policy, rule)
    threshold = None if fail_on == FailOn.never else fail_on.value
    with output_stream(output) as stream:
        summary = run_lint(policy, paths, fmt.value, stream, as_of.date() if as_of else today(), threshold,
                           only=only)
    if summary.errors and (not is_stdout(output) or fmt != LintFormat.text):
        for err in summary.errors:
            typer.echo(f"无法读取 {err}", err=True)
    raise typer.Exit(exit_code(summary))


@rules_app.command("list")
def rules_list(
    fmt: Format = typer.Option(Format.text, "--format", "-f"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """列出全部规则。"""
    from .rules_cli import list_rules
    list_rules(_policy(policies), fmt.value)


@rules_app.command("show")
def rules_show(rule_id: str, policies: Optional[Path] = PoliciesOption) -> None:
    """显示一条规则：说明、出处原文、示例、建议。"""
    from .rules_cli import show_rule
    policy = _policy(policies)
    try:
        rule = policy.rule(rule_id)
    except KeyError:
        typer.echo(f"没有 id 为 {rule_id} 的规则；用 `kefu rules list` 查看全部规则", err=True)
        raise typer.Exit(2)
    show_rule(rule)


@rules_app.command("test")
def rules_test(
    rule_ids: Optional[List[str]] = typer.Argument(None, help="只测试这些规则"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示失败的示例和汇总"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """运行每条规则的示例（bad 必须触发本规则，good 不得触发任何规则），失败则退出码为 1。"""
    from .selftest import run_examples
    policy = _policy(policies)
    failed = run_examples(policy, require_rules(policy, rule_ids), quiet)
    raise typer.Exit(1 if failed else 0)


@rules_app.command("docs")
def rules_docs(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="写入该目录：rules.md 与 rules.html（默认或 -：输出到标准输出）"),
    html: bool = typer.Option(False, "--html", help="输出 HTML 而不是 Markdown（不写目录时）"),
    check: bool = typer.Option(False, "--check", help="不写文件，只检查 --out 目录中的手册是否与规则库一致（不一致退出码 1）"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """由规则库生成服务规范手册（每条规则的出处原文、违规与合规示例、建议、扣分），Markdown 与 HTML。"""
    from .rules_docs import build_docs, stale_docs, write_docs
    policy = _policy(policies)
    try:
        docs = build_docs(policy)     # the exam procedures it includes are validated here
    except PolicyError as exc:
        typer.echo(f"规则库有 {len(exc.problems)} 处错误：", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2)
    if check:
        if is_stdout(out):
            typer.echo("--check 需要 --out 目录", err=True)
            raise typer.Exit(2)
        stale = stale_docs(docs, out)
        for name in stale:
            typer.echo(f"{out / name} 与规则库不一致：请运行 kefu rules docs --out {out}", err=True)
        raise typer.Exit(1 if stale else 0)
    if is_stdout(out):
        sys.stdout.write(docs["rules.html" if html else "rules.md"])
        return
    if out.exists() and not out.is_dir():
        typer.echo(f"--out 应为目录，{out} 是一个文件；或用 -o - 写到标准输出", err=True)
        raise typer.Exit(2)
    try:
        written = write_docs(docs, out)
    except OSError as exc:
        typer.echo(f"无法写入 {out}：{exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    for path in written:
        typer.echo(f"已写入 {path}")


from .cli_scorecard import register as _register_scorecard  # noqa: E402  scorecard, waive, rescore, item, adjust, ledger
_register_scorecard(app)
from .serve.cli import register as _register_serve  # noqa: E402  kefu serve (checker/serve/)
_register_serve(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
