"""`kefu scorecard --format html`: one self-contained page for the month.

No network: CSS, JS and the SVG charts are inline, and a Content-Security-Policy allows
only this page's own style and script (by hash). Every piece of data is escaped."""
from __future__ import annotations

import base64
import hashlib
from html import escape

from ..view import FLAG_NAMES, STATUS_NAMES, all_lines, money, points_text, trace, value_text
from .assets import CSS, JS
from .charts import norm_bars, response_histogram, totals_bars
from .chat import render_chat


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _flags(card) -> str:
    return "".join(f'<span class="flag {escape(f.code)}" title="{escape(f.text)}">'
                   f"{escape(FLAG_NAMES.get(f.code, f.code))}</span>" for f in card.flags)


def _table(head: list[str], rows: list[str]) -> str:
    return ("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _summary(report) -> str:
    rows = []
    for i, c in enumerate(report.cards):
        cells = [f'<a href="#agent-{i}">{escape(c.agent)}</a>', f"{c.total:g}", escape(c.level or "不计入"),
                 str(c.daily.score), str(c.daily.demerits), f"{c.commission.rate:g}%", escape(money(c.commission.amount)),
                 escape(money(c.bonus)), _flags(c)]
        rows.append(f'<tr data-agent="{escape(c.agent)}">' + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    head = ["客服", "KPI 总分", "等级", "日常考核", "记过", "提成比例", "提成", "绩效奖金", "标记"]
    return '<section id="summary"><h2>汇总</h2>' + _table(head, rows) + "</section>"


def _histogram(card) -> str:
    kpi = next((k for k in card.kpis if k.key == "response_time"), None)
    mean = value_text(kpi) if kpi else "—"
    chart = response_histogram(card.agent, card.stats["waits"]) if card.stats["waits"] else "<p>没有计时的会话。</p>"
    return f'<div class="chart" data-agent="{escape(card.agent)}"><h4>{escape(card.agent)} · 平均 {escape(mean)}</h4>{chart}</div>'


def _charts(report) -> str:
    return ('<section id="charts"><h2>图表</h2><h3>KPI 总分</h3>' + totals_bars(report.cards, report.scheme.levels)
            + '<h3>响应时间分布（每个客服，按轮次）</h3><div class="charts">'
            + "".join(_histogram(c) for c in report.cards) + "</div>"
            + "<h3>质检问题按规范</h3>" + norm_bars(report.norm_counts) + "</section>")


def _kpi_rows(card) -> list[str]:
    rows = [f"<tr><td>{escape(k.name)}</td><td>{escape(value_text(k))}</td><td>{escape(k.tier)}</td>"
            f"<td>{k.points:g}</td><td>{k.weight:g}%</td><td>{k.weighted:g}</td><td>{escape(k.formula)}</td></tr>"
            for k in card.kpis]
    rows.append(f'<tr><th colspan="5">合计</th><th>{card.total:g}</th><th></th></tr>')
    return rows


def _line_rows(card, anchors: dict[str, str]) -> list[str]:
    rows = []
    for line in all_lines(card):
        ref = escape(trace(line))
        if line.kind == "finding" and line.ref["transcript_id"] in anchors:
            ref = f'<a href="#{escape(line.ref["finding"])}">{ref}</a>'
        cls = "plus" if line.points > 0 else "minus" if line.points < 0 else ""
        title = escape(f"{line.code} {line.title}") + ("（记过）" if line.demerit else "")
        rows.append(f'<tr class="{line.status}"><td class="num pts {cls}">{points_text(line.points)}</td>'
                    f"<td>{title}</td><td>{escape(STATUS_NAMES[line.status])}</td><td>{ref}</td></tr>")
    return rows


def _card(i: int, card, anchors: dict[str, str]) -> str:
    d, c = card.daily, card.commission
    daily = (f"基础 {d.base}，扣 {d.deductions}，加 {d.bonus}，额外 {points_text(d.discretionary)}，按 {d.floor}～{d.cap} "
             f"保底封顶；记过 {d.demerits} 次；已豁免 {d.waived} 处" + (f"；薪资浮动 {d.salary_yuan} 元" if d.salary_yuan else ""))
    money_line = (f"营业额 {money(c.revenue)}（其中促销期 {money(c.promotion_revenue)}，提成减半）× {c.rate:g}% = "
                  f"<b>{escape(money(c.amount))}</b>；绩效奖金 <b>{escape(money(card.bonus))}</b>")
    history = "，".join(f"{h['month']} {h['total']:g}" if h["total"] is not None else f"{h['month']} 无记录"
                       for h in card.history)
    return (f'<section class="card" id="agent-{i}" data-agent="{escape(card.agent)}">'
            f"<h2>{escape(card.agent)} · KPI 总分 {card.total:g} · {escape(card.level or '不计入考核')}</h2>{_flags(card)}"
            + "".join(f'<p class="note">{escape(f.text)}</p>' for f in card.flags)
            + "<h3>KPI 指标</h3>" + _table(["指标", "数值", "档位", "得分", "权重", "加权", "计算方法"], _kpi_rows(card))
            + f'<h3>日常考核 {d.score} 分</h3><p class="meta">{escape(daily)}</p>'
            + _table(["分值", "条目", "状态", "追溯（问题编号、会话、消息、原话 / 试卷 / 录入）"], _line_rows(card, anchors))
            + f"<h3>提成与奖金</h3><p>{money_line}</p>"
            + (f'<p class="meta">前几个月 KPI 总分：{escape(history)}</p>' if history else "") + "</section>")


def _chats(report, anchors: dict[str, str]) -> str:
    flagged = []
    for card in report.cards:
        by_chat: dict[str, list] = {}
        for line in card.daily.lines:
            if line.kind == "finding":
                by_chat.setdefault(line.ref["transcript_id"], []).append(line)
        flagged += [render_chat(report.chats[tid], lines, anchors[tid]) for tid, lines in by_chat.items()
                    if tid in report.chats]
    return ('<section id="chats"><h2>有问题的会话</h2>'
            '<p class="meta">顾客姓名与电话已打码；高亮为违规原话，右侧为规则说明。</p>'
            + ("".join(flagged) or "<p>本月没有有问题的会话。</p>") + "</section>")


def _header(report) -> str:
    meta = [f"生成于 {report.as_of.isoformat(timespec='seconds')}", f"计分方案 {report.scheme.version}",
            f"规则库 {', '.join(report.policy_versions) or '—'}"]
    promos = "；".join(f"{p.name} {p.start}～{p.end}" for p in report.targets.promotions)
    if promos:
        meta.append(f"促销期（提成减半）：{promos}")
    agents = "".join(f'<option value="{escape(c.agent)}">{escape(c.agent)}</option>' for c in report.cards)
    return (f"<header><h1>{escape(report.month)} 客服月度考核</h1>"
            f'<p class="meta">{escape(" · ".join(meta))} · 高亮 <span id="js-count">—</span> 处</p>'
            + "".join(f'<p class="note">{escape(n)}</p>' for n in report.notes)
            + f'<p>只看客服：<select id="agent-filter"><option value="">全部</option>{agents}</select></p></header>')


def render(report, stream) -> None:
    anchors = {tid: f"chat-{n}" for n, tid in enumerate(sorted(report.chats))}
    csp = (f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(JS)}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    stream.write(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.month)} 客服月度考核</title><style>{CSS}</style></head><body>"
        + _header(report) + "<main>" + _summary(report) + _charts(report)
        + "".join(_card(i, c, anchors) for i, c in enumerate(report.cards)) + _chats(report, anchors)
        + f"</main><footer>kefu · 004 第三条至第六条及附件2</footer><script>{JS}</script></body></html>\n")
