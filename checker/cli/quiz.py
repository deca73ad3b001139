"""`kefu quiz`: monthly exams, grading, item statistics, practice and exports. Only
argument handling and wiring live here."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import List, Optional

import typer

from .common import PoliciesOption, load_policy_or_exit
from ..outputs import renderer
from .output import format_choices, format_option, is_stdout, output_stream, prepare, report_stream, write_text

quiz_app = typer.Typer(no_args_is_help=True, help="月度考试与新人练习：试题全部出自质检规则库。")

DbOption = typer.Option(None, "--db", help="台账数据库（默认：环境变量 KEFU_DB，或当前目录的 kefu.db）")


GradeFormat = format_choices("quiz grade")
StatsFormat = format_choices("quiz stats")
ExportFormat = format_choices("quiz export")


def _err(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


_policy = load_policy_or_exit


def _pool(policy, month: str):
    from checker.policy import PolicyError
    from quiz.pool import build_pool
    try:
        return build_pool(policy, month)
    except ValueError as exc:
        raise _err(str(exc))
    except PolicyError as exc:
        typer.echo(f"考试数据有 {len(exc.problems)} 处错误：", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2)


def _this_month() -> str:
    return date.today().strftime("%Y-%m")


@quiz_app.command()
def make(
    month: str = typer.Option(..., "--month", help="考试月份 YYYY-MM"),
    agent: str = typer.Option(..., "--agent", help="考生（客服）"),
    out: Path = typer.Option(..., "--out", help="输出目录：试卷 paper.md / paper.html、答题卡 answer-sheet.csv、答案 key.yaml"),
    seed: Optional[str] = typer.Option(None, "--seed", help="随机种子：同一月份、考生、种子生成同一份试卷"
                                       "（不给则抽一个保密的随机种子，记在答案文件 key.yaml 的 seed 里）"),
    key_out: Optional[Path] = typer.Option(None, "--key-out", help="答案文件另存到这里（默认：输出目录下的 key.yaml）"),
    db: Optional[Path] = DbOption,
    history: Optional[Path] = typer.Option(None, "--history", envvar="KEFU_QUIZ_HISTORY",
                                           help="没有台账时，用这个 YAML 文件记录每人每月考过的题"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """生成一份试卷和单独的答案文件。考生不会再抽到蓝图规定的前几个月考过的题。"""
    from quiz.context import previous_months
    from quiz.history import HistoryFile, ledger_errors, open_ledger
    from quiz.keyfile import dump_yaml, key_dict
    from quiz.paper import PoolTooSmall, draw
    from quiz.render import answer_sheet, paper_html, paper_markdown

    policy = _policy(policies)
    pool = _pool(policy, month)
    blueprint = pool.context.blueprint
    agent = agent.strip()
    if not agent:
        raise _err("--agent 不能为空")
    if is_stdout(out) or (out.exists() and not out.is_dir()):
        raise _err(f"--out 应为输出目录（不存在时自动创建），{out} 不是目录")
    if key_out is not None and is_stdout(key_out):
        raise _err("--key-out 应为文件路径：答案不能和试卷一起输出到标准输出")
    if seed is None:                  # month and name alone must not rebuild the key: a secret seed
        import secrets
        seed = secrets.token_hex(16)
    months = previous_months(month, blueprint.no_repeat_months)
    notes: list[str] = []
    try:
        with open_ledger(db, notes) as ledger:
            store = ledger if ledger is not None else (HistoryFile(history) if history else None)
            seen = set(store.question_history(agent, months)) if store is not None and months else set()
            try:
                paper = draw(pool, blueprint, month, agent, seed, seen)
            except PoolTooSmall as exc:
                raise _err(f"题库不够出这份试卷：{exc}")
            markdown = paper_markdown(paper)
            key_path = prepare(key_out or out / "key.yaml")
            try:
                out.mkdir(parents=True, exist_ok=True)
                (out / "paper.md").write_text(markdown, encoding="utf-8")
                (out / "paper.html").write_text(paper_html(paper, markdown), encoding="utf-8")
                (out / "answer-sheet.csv").write_text(answer_sheet(paper), encoding="utf-8-sig")
                key_path.write_text(dump_yaml(key_dict(paper)), encoding="utf-8")
            except OSError as exc:
                raise _err(f"无法写入 {exc.filename or out}：{exc.strerror or exc}")
            if store is not None:
                store.record_paper(agent, month, paper.id, [i.question.id for i in paper.items])
    except ledger_errors() as exc:
        raise _err(str(exc))
    for note in notes + paper.warnings:
        typer.echo(f"注意：{note}", err=True)
    if store is None:
        typer.echo("注意：没有台账，也没有 --history 文件：无法避开往月考过的题，本次试卷也不会被记录。", err=True)
    typer.echo(f"已生成试卷 {paper.id}（{paper.agent}，{month}）：{len(paper.items)} 题，满分 {paper.max_score} 分，"
               f"合格 {blueprint.pass_mark} 分，限时 {blueprint.minutes} 分钟。")
    typer.echo(f"  发给考生：{out / 'paper.html'}（或 paper.md）和答题卡 {out / 'answer-sheet.csv'}")
    typer.echo(f"  答案（不要发给考生）：{key_path}")
    if store is not None:
        typer.echo(f"  已记录到{'台账' if ledger is not None else '历史文件 ' + str(history)}")


@quiz_app.command()
def grade(
    key: Path = typer.Option(..., "--key", help="kefu quiz make 生成的答案文件 key.yaml"),
    answers: Path = typer.Option(..., "--answers", help="考生作答（YAML 或 CSV，每题一行：题号,答案）"),
    fmt: GradeFormat = format_option("quiz grade", "text"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="把评分结果另存为 YAML（供没有台账时 kefu quiz stats 使用；- 为标准输出）"),
    replace: bool = typer.Option(False, "--replace", help="这份试卷已有成绩时重新评分并替换（旧成绩保留在台账历史中）"),
    db: Optional[Path] = DbOption,
) -> None:
    """评分：总分、每题对错（附正确答案与规则解释）、是否合格；有台账时记入台账（计入月度考核）。

    作答文件有问题（空文件、引号不成对、题号不在试卷上、缺题、超长）时报错（退出码 2），不评分也不记录。"""
    from quiz.answers import AnswersError, check_numbers, read_answers
    from quiz.grade import grade as grade_paper
    from quiz.keyfile import KeyFileError, read_key
    from quiz.store import StoreRefused, store_result

    try:
        the_key = read_key(key)
        sheet = read_answers(answers)
        if sheet.paper and sheet.paper != the_key.paper:
            raise _err(f"作答文件 {answers} 属于试卷 {sheet.paper}，答案文件是试卷 {the_key.paper}")
        check_numbers(sheet, [i.number for i in the_key.items], answers)
    except (KeyFileError, AnswersError) as exc:
        raise _err(str(exc))
    result = grade_paper(the_key, sheet)
    result_file = None if is_stdout(out) else prepare(out)      # a folder is refused before anything is stored

    def write(text: str) -> None:
        write_text(out, text)

    try:
        stored = store_result(result, result_file, db, replace, write if out is not None else None)
    except StoreRefused as exc:
        raise _err(str(exc))
    for note in stored.notes:
        typer.echo(f"注意：{note}", err=True)
    if stored.replaced:
        typer.echo(f"已替换试卷 {result.paper} 的旧成绩（旧成绩保留在台账历史中）", err=True)
    if is_stdout(out) and out is not None:
        return                        # -o -: standard output carries the result file only
    with report_stream("quiz grade", fmt.value, None) as stream:
        renderer("quiz grade", fmt.value)(result, stream, stored.recorded)


@quiz_app.command()
def stats(
    month: str = typer.Option(..., "--month", help="考试月份 YYYY-MM"),
    graded: Optional[List[Path]] = typer.Option(None, "--graded", help="kefu quiz grade --out 保存的评分结果（文件或目录，可重复）；不给则读台账"),
    fmt: StatsFormat = format_option("quiz stats", "text"),
    top: int = typer.Option(5, "--top", help="列出错得最多的几项规范"),
    db: Optional[Path] = DbOption,
) -> None:
    """一个月全体考生的试题分析：每题的难度系数（facility）和区分度（discrimination，按 Moodle 的定义），以及多数人答错的规范（培训建议）。"""
    from quiz.context import month_start
    from quiz.history import ledger_errors, open_ledger
    from quiz.results import load_graded, results_from_ledger
    from quiz.stats import cohort_stats

    try:
        month_start(month)
    except ValueError as exc:
        raise _err(str(exc))
    notes: list[str] = []
    if graded:
        results = load_graded(graded, month, notes)
    else:
        try:
            with open_ledger(db, notes) as ledger:
                if ledger is None:
                    raise _err("没有台账：请用 --graded 指定 kefu quiz grade --out 保存的评分结果，或用 --db 指定台账")
                results = results_from_ledger(ledger, month, notes)
        except ledger_errors() as exc:
            raise _err(str(exc))
    for note in notes:
        typer.echo(f"注意：{note}", err=True)
    if not results:
        raise _err(f"{month} 没有评分过的试卷", 1)
    cohort = cohort_stats(month, results)
    with report_stream("quiz stats", fmt.value, None) as stream:
        renderer("quiz stats", fmt.value)(cohort, stream, top)


@quiz_app.command()
def practice(
    agent: Optional[str] = typer.Option(None, "--agent", help="练习者；有台账时按其最近常犯的规范加权出题"),
    count: int = typer.Option(10, "--count", "-n", min=1, help="题数"),
    qtype: Optional[List[str]] = typer.Option(None, "--type", help="只练这些题型（可重复）"),
    since_days: int = typer.Option(90, "--since-days", help="统计最近多少天的质检记录"),
    seed: Optional[str] = typer.Option(None, "--seed", help="固定出题顺序（测试用）"),
    db: Optional[Path] = DbOption,
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """交互式练习：一次一题，答完立即给出对错、规则出处和建议。输入 q、Ctrl-D 或 Ctrl-C 退出。"""
    from quiz.history import ledger_errors, open_ledger
    from quiz.model import TYPE_TITLES
    from rich.console import Console

    from checker.norms import NORMS
    from quiz.practice import choose, run, sigint_to_main_thread, terminal_prompt

    with sigint_to_main_thread():
        policy = _policy(policies)
        pool = _pool(policy, _this_month())
    questions = pool.questions
    if qtype:
        unknown = sorted(set(qtype) - set(TYPE_TITLES))
        if unknown:
            raise _err(f"未知题型：{', '.join(unknown)}；可选：{', '.join(TYPE_TITLES)}")
        questions = [q for q in questions if q.type in qtype]
    console = Console(highlight=False)
    counts: dict[str, int] | None = None
    notes: list[str] = []
    if agent:
        try:
            with open_ledger(db, notes) as ledger:
                if ledger is not None:
                    since = date.today() - timedelta(days=since_days)
                    counts = {k: int(v) for k, v in dict(ledger.norm_counts(agent, since=since)).items() if v}
        except ledger_errors() as exc:
            raise _err(str(exc))
        if counts:
            worst = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            console.print("按你最近常犯的规范加权出题：" + "、".join(f"{NORMS.get(n, n)} {c} 次" for n, c in worst))
        elif counts is None:
            notes.append("没有台账：不按个人记录加权，各规范均匀出题")
    for note in notes:
        console.print(f"注意：{note}")
    chosen = choose(questions, count, counts, seed)
    summary = run(chosen, console, terminal_prompt(console))
    raise typer.Exit(130 if summary.interrupted else 0)


@quiz_app.command("export")
def export(
    fmt: ExportFormat = format_option("quiz export", help="gift（Moodle）或 anki（.apkg）"),
    out: Path = typer.Option(..., "--out", "-o", help="输出文件（目录不存在时自动创建；- 为标准输出）"),
    month: Optional[str] = typer.Option(None, "--month", help="按该月生效的参数出题（默认：本月）"),
    key: Optional[Path] = typer.Option(None, "--key", help="只导出这份试卷的题（答案文件 key.yaml）"),
    qtype: Optional[List[str]] = typer.Option(None, "--type", help="只导出这些题型（可重复）"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """导出题库：Moodle GIFT，或 Anki 牌组（题目 id 固定，重新导出会更新卡片而不是重复添加）。"""
    from quiz.keyfile import KeyFileError, read_key

    policy = _policy(policies)
    pool = _pool(policy, month or _this_month())
    if key:
        try:
            questions = [i.question for i in read_key(key).items]
        except KeyFileError as exc:
            raise _err(str(exc))
    else:
        questions = list(pool.questions)
    if qtype:
        questions = [q for q in questions if q.type in qtype]
    titles = {n: g.title for g in pool.context.blueprint.groups for n in g.norms}
    with report_stream("quiz export", fmt.value, out) as stream:
        renderer("quiz export", fmt.value)(questions, titles, stream)
    typer.echo(f"已导出 {len(questions)} 道题到 {'标准输出' if is_stdout(out) else out}", err=is_stdout(out))


@quiz_app.command("pool")
def pool_cmd(
    month: Optional[str] = typer.Option(None, "--month", help="按该月生效的参数出题（默认：本月）"),
    show_rejects: bool = typer.Option(False, "--rejects", help="列出生成器放弃的候选题和原因"),
    policies: Optional[Path] = PoliciesOption,
) -> None:
    """题库概况：蓝图每个分组、每种题型有多少道题；--rejects 列出被放弃的候选题（规则数据的问题）。"""
    from quiz.report import print_pool
    policy = _policy(policies)
    with output_stream(None) as stream:
        print_pool(_pool(policy, month or _this_month()), stream, show_rejects)


def register(app: typer.Typer) -> None:
    app.add_typer(quiz_app, name="quiz")
