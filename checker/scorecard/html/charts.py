"""Inline SVG charts, drawn here (no library, no network). All text is escaped."""
from __future__ import annotations

from html import escape

from ...norms import NORMS

BUCKETS = [(0, 10), (10, 20), (20, 30), (30, 60), (60, 120), (120, None)]


def _bucket_label(lo: float, hi: float | None) -> str:
    return f"≥{lo:g}" if hi is None else f"{lo:g}–{hi:g}"


def _color(lo: float, deadline: float, busy: float) -> str:
    if lo < deadline:
        return "#38a169"
    return "#dd6b20" if lo < busy else "#e53e3e"


def response_histogram(agent: str, waits: list[float], deadline: float = 20, busy: float = 60) -> str:
    """Rounds per wait bucket (seconds) for one agent; green within the 20 s deadline,
    orange up to the busy 60 s deadline, red beyond."""
    counts = [sum(1 for w in waits if w >= lo and (hi is None or w < hi)) for lo, hi in BUCKETS]
    width, height, pad, base = 260, 150, 24, 120
    top = max(counts) or 1
    bar = (width - 2 * pad) / len(BUCKETS)
    parts = [f'<svg class="hist" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f"<title>{escape(agent)}：响应时间分布（{len(waits)} 轮）</title>",
             f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="#9fb3c8"/>']
    for i, ((lo, hi), n) in enumerate(zip(BUCKETS, counts)):
        h = (base - 14) * n / top
        x = pad + i * bar + 3
        label = _bucket_label(lo, hi)
        parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar - 6:.1f}" height="{h:.1f}" '
                     f'fill="{_color(lo, deadline, busy)}"><title>{escape(label)} 秒：{n} 轮</title></rect>')
        parts.append(f'<text x="{x + (bar - 6) / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + (bar - 6) / 2:.1f}" y="{base + 13}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<text x="{width / 2:.0f}" y="{height - 2}" text-anchor="middle">等待秒数</text></svg>')
    return "".join(parts)


def norm_bars(counts: dict[str, dict[str, int]]) -> str:
    """Findings per norm, counted and waived stacked."""
    rows = sorted(counts.items(), key=lambda kv: -(kv[1]["counted"] + kv[1]["waived"]))
    if not rows:
        return "<p>本月没有质检问题。</p>"
    label_w, width, row_h = 120, 640, 22
    top = max(c["counted"] + c["waived"] for _, c in rows) or 1
    scale = (width - label_w - 50) / top
    height = row_h * len(rows) + 26
    parts = [f'<svg class="norms" role="img" viewBox="0 0 {width} {height}" width="100%" height="{height}">',
             "<title>质检问题按规范统计</title>"]
    for i, (norm, c) in enumerate(rows):
        y = 4 + i * row_h
        name = escape(NORMS.get(norm, norm))
        w1, w2 = c["counted"] * scale, c["waived"] * scale
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{name}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w1:.1f}" height="{row_h - 8}" fill="#c53030">'
                     f'<title>{name}：计入 {c["counted"]} 处</title></rect>')
        parts.append(f'<rect x="{label_w + w1:.1f}" y="{y + 3}" width="{w2:.1f}" height="{row_h - 8}" fill="#a0aec0">'
                     f'<title>{name}：已豁免 {c["waived"]} 处</title></rect>')
        total = c["counted"] + c["waived"]
        extra = f"（豁免 {c['waived']}）" if c["waived"] else ""
        parts.append(f'<text x="{label_w + w1 + w2 + 4:.1f}" y="{y + 14}">{total}{escape(extra)}</text>')
    legend_y = height - 6
    parts.append(f'<rect x="{label_w}" y="{legend_y - 9}" width="10" height="10" fill="#c53030"/>'
                 f'<text x="{label_w + 14}" y="{legend_y}">计入</text>'
                 f'<rect x="{label_w + 54}" y="{legend_y - 9}" width="10" height="10" fill="#a0aec0"/>'
                 f'<text x="{label_w + 68}" y="{legend_y}">已豁免</text></svg>')
    return "".join(parts)


def totals_bars(cards, bands: list[tuple[str, float]]) -> str:
    """KPI total per agent against the level bands (90 / 80 / 70)."""
    label_w, width, row_h = 90, 640, 24
    height = row_h * len(cards) + 24
    scale = (width - label_w - 50) / 100
    parts = [f'<svg class="totals" role="img" viewBox="0 0 {width} {height}" width="100%" height="{height}">',
             "<title>KPI 总分与客服等级分档</title>"]
    for name, low in bands:
        x = label_w + low * scale
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 16}" stroke="#9fb3c8" stroke-dasharray="3 3"/>'
                     f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">{low:g} {escape(name[:2])}</text>')
    for i, card in enumerate(cards):
        y = 2 + i * row_h
        color = "#2f5597" if card.counted else "#a0aec0"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(card.agent)}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{card.total * scale:.1f}" height="{row_h - 9}" fill="{color}">'
                     f'<title>{escape(card.agent)}：{card.total:g} 分</title></rect>'
                     f'<text x="{label_w + card.total * scale + 4:.1f}" y="{y + 15}">{card.total:g}</text>')
    parts.append("</svg>")
    return "".join(parts)
