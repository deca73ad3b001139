"""`kefu scorecard` in the terminal (rich): one block per agent, every line traced."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from .view import FLAG_NAMES, STATUS_NAMES, all_lines, money, points_text, trace, value_text


def render(report, stream) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True)
    console.print(Text(f"{report.month} 月度考核（计分方案 {report.scheme.version}）", style="bold"))
    for note in report.notes:
        console.print(Text(f"注意：{note}", style="yellow"))
    if report.targets.promotions:
        console.print("促销期（提成减半）：" + "，".join(f"{p.name} {p.start}～{p.end}" for p in report.targets.promotions))
    if not report.cards:
        console.print("台账中没有这个月的记录：先用 kefu check --record 记录会话")
    for card in report.cards:
        console.print()
        _card(console, card)


def _card(console: Console, card) -> None:
    head = Text()
    head.append(f"■ {card.agent}", style="bold cyan")
    head.append(f"  KPI 总分 {card.total:g}", style="bold")
    head.append(f"  {card.level or '不计入考核'}")
    c = card.commission
    head.append(f"  提成 {c.rate:g}%（{money(c.amount)}）  绩效奖金 {money(card.bonus)}")
    console.print(head)
    for flag in card.flags:
        style = "bold red" if flag.code in ("dismissal", "elimination") else "yellow"
        console.print(Text(f"  ⚠ [{FLAG_NAMES.get(flag.code, flag.code)}] {flag.text}", style=style))
    console.print(Text("  KPI 指标", style="bold"))
    for k in card.kpis:
        console.print(f"    {k.name:<8}{value_text(k):>14}  档位 {k.tier:<7} {k.points:g} 分 × {k.weight:g}% = {k.weighted:g}")
    d = card.daily
    summary = (f"  日常考核 {d.score} 分（基础 {d.base}，扣 {d.deductions}，加 {d.bonus}，额外 {points_text(d.discretionary)}"
               f"，按 {d.floor}～{d.cap} 封顶保底；记过 {d.demerits} 次；已豁免 {d.waived} 处")
    if d.salary_yuan:
        summary += f"；薪资浮动 {d.salary_yuan} 元"
    if d.salary_grades:
        summary += f"；薪资上调 {d.salary_grades} 级"
    console.print(Text(summary + "）", style="bold"))
    for line in all_lines(card):
        status = "" if line.counted else f"[{STATUS_NAMES[line.status]}] "
        style = "dim" if not line.counted else ("green" if line.points > 0 else "")
        demerit = " [记过]" if line.demerit else ""
        console.print(Text(f"    {points_text(line.points):>4} {line.code:<4} {status}{line.title}{demerit}", style=style))
        console.print(Text(f"         ← {trace(line)}", style="dim"))
    console.print(f"  提成：营业额 {money(c.revenue)}（其中促销期 {money(c.promotion_revenue)}，提成减半）× {c.rate:g}% = {money(c.amount)}")
    if card.history:
        past = "，".join(f"{h['month']} {h['total']:g}" if h["total"] is not None else f"{h['month']} 无记录"
                        for h in card.history)
        console.print(Text(f"  前几个月 KPI 总分：{past}", style="dim"))
