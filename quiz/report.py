"""Output of `kefu quiz grade`, `stats` and `pool`: rich on a terminal, JSON for machines.

The tables fit the terminal: on a narrow one (80 columns, or less) a table whose ids would
be cut switches to one block per row, so an id is always printed whole."""
from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.norms import NORMS

from .grade import GradeResult
from .model import TYPE_ORDER, TYPE_TITLES
from .stats import CohortStats

SHORT_TYPES = {"pick_bad": "找违规", "which_norm": "哪条规范", "best_rewrite": "改写", "true_false": "判断",
               "number": "数字", "ordering": "排序", "spot_message": "找消息"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def print_grade(result: GradeResult, console: Console, recorded: bool) -> None:
    console.print(Text(f"试卷 {result.paper}　考生 {result.agent}　{result.month}", style="bold"))
    table = Table(show_lines=False)
    for col in ("题号", "题型", "你的答案", "正确答案", "得分"):
        table.add_column(col)
    for r in result.results:
        given = r.given or "（未作答）"
        if not r.readable:
            given += "（无法识别）"
        table.add_row(str(r.number), SHORT_TYPES.get(r.type, r.type), given, r.answer,
                      Text(f"{r.score}/{r.points}", style="green" if r.correct else "red"))
    console.print(table)
    wrong = [r for r in result.results if not r.correct]
    if wrong:
        console.print(Text("答错的题：", style="bold"))
    for r in wrong:
        e = r.explanation
        console.print(Text(f"第 {r.number} 题　正确答案：{r.answer_text}", style="red"))
        console.print(f"  {e.title}：{e.message}")
        console.print(Text(f"  出处：{e.source}", style="cyan"))
        if e.suggestion:
            console.print(Text(f"  建议：{e.suggestion}", style="green"))
    verdict = "合格" if result.passed else "不合格"
    console.print(Text(f"得分：{result.score} / {result.max_score}　{verdict}（合格线 {result.pass_mark} 分）",
                       style="bold green" if result.passed else "bold red"))
    if not result.passed:
        console.print(f"低于合格线：计入月度考核 B7 中度违规（{result.pass_source}）。")
    elif result.full_marks:
        console.print(f"满分：计入月度考核加分（{result.full_mark_source}）。")
    console.print("已记入台账。" if recorded else "没有台账：结果未记录（可用 --out 保存，供 kefu quiz stats 使用）。",
                  style="dim")


def print_stats(cohort: CohortStats, console: Console, top: int) -> None:
    console.print(Text(f"{cohort.month} 月度考试：{cohort.papers} 份试卷，{cohort.agents} 位考生，"
                       f"平均得分率 {_pct(cohort.mean_percent)}，合格 {cohort.passed} 人", style="bold"))
    title = "试题分析（难度系数 F = 平均得分率；区分度 D = 本题得分与其余题得分的相关系数 × 100）"
    items = sorted(cohort.items, key=lambda s: (TYPE_ORDER.index(s.type) if s.type in TYPE_ORDER else 99, s.id))
    id_width = max((len(s.id) for s in items), default=4)
    rows = [(s.id, SHORT_TYPES.get(s.type, s.type), NORMS.get(s.norm, s.norm or "—"), str(s.attempts),
             _pct(s.facility), "—" if s.discrimination is None else f"{s.discrimination:.1f}", "；".join(s.flags()))
            for s in items]
    if console.width >= id_width + 60:
        table = Table(title=title)
        table.add_column("题目", no_wrap=True, min_width=id_width)
        for col in ("题型", "规范", "作答人数", "难度系数 F", "区分度 D", "提示"):
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    else:                             # too narrow for the table: one block per question
        console.print(title, overflow="fold")
        for qid, kind, norm, attempts, facility, discrimination, flags in rows:
            console.print(Text(qid, style="bold"), overflow="ignore", crop=False)
            console.print(f"  {kind}｜{norm}｜作答 {attempts} 人｜F {facility}｜D {discrimination}"
                          + (f"｜{flags}" if flags else ""), overflow="fold")
    hard = [n for n in cohort.norms if n.agents_wrong][:top]
    if hard:
        console.print(Text("培训建议：多数人答错的规范", style="bold"))
        for n in hard:
            console.print(f"  {NORMS.get(n.norm, n.norm)}（{n.norm}）：{n.agents_wrong}/{n.agents} 人答错过，"
                          f"错题率 {n.wrong_rate:.0%}（{n.wrong}/{n.answered}）", overflow="fold")
    else:
        console.print("所有规范都没有人答错。")


def print_pool(pool, stream, show_rejects: bool) -> None:
    console = Console(file=stream, highlight=False)
    bp = pool.context.blueprint
    console.print(Text(f"题库：{len(pool.questions)} 道题（规则库 {pool.context.version}）", style="bold"))
    title = "蓝图分组 × 题型：题库题数（蓝图每卷题数）"
    types = [t for t in TYPE_ORDER if any(t in g.questions for g in bp.groups)]
    rows = []
    for g in bp.groups:
        cells = []
        for t in types:
            have = len(pool.cell(g.norms, t))
            want = g.questions.get(t, 0)
            style = "red" if want and have < want * (bp.no_repeat_months + 1) else ""
            cells.append(Text(f"{have}（{want}）" if want else str(have), style=style))
        rows.append((g.title, cells))
    if console.width >= 14 + 11 * len(types):
        table = Table(title=title)
        table.add_column("分组", overflow="fold")
        for t in types:
            table.add_column(TYPE_TITLES[t], overflow="fold")
        for group, cells in rows:
            table.add_row(group, *cells)
        console.print(table)
    else:                             # too narrow for a column per type: one block per group
        console.print(title, overflow="fold")
        for group, cells in rows:
            console.print(Text(group, style="bold"), overflow="fold")
            for t, cell in zip(types, cells):
                console.print(Text.assemble(f"  {TYPE_TITLES[t]}：", cell), overflow="fold")
    console.print(f"红色：题数不够连续 {bp.no_repeat_months + 1} 个月不重复。", style="dim", overflow="fold")
    if show_rejects:
        for r in pool.rejects:
            console.print(f"放弃 {TYPE_TITLES.get(r.type, r.type)} {r.source}：{r.reason}", overflow="fold")
    else:
        console.print(f"生成器放弃了 {len(pool.rejects)} 道候选题（--rejects 查看原因）。", style="dim", overflow="fold")


# ---- the renderers of `kefu quiz grade` and `quiz stats` (named in checker/outputs.py) -----
def grade_text(result: GradeResult, stream, recorded: bool) -> None:
    print_grade(result, Console(file=stream, highlight=False, soft_wrap=True), recorded)


def grade_json(result: GradeResult, stream, recorded: bool) -> None:
    stream.write(json.dumps(result.to_dict() | {"recorded": recorded}, ensure_ascii=False, indent=2) + "\n")


def stats_text(cohort: CohortStats, stream, top: int) -> None:
    print_stats(cohort, Console(file=stream, highlight=False), top)


def stats_json(cohort: CohortStats, stream, top: int) -> None:
    stream.write(json.dumps(cohort.to_dict(), ensure_ascii=False, indent=2) + "\n")
