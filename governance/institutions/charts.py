"""Server-side SVG charts for the situation dashboard: no JavaScript, no library, no internet.

Each function returns safe markup: an <svg role="img" aria-label="…"> (read by screen readers), the
values written next to the marks (the line chart's figures are also in a table under it) and, where
a mark stands for cases, a link to them. No <title> elements: an HTML page has one title. Text is
escaped; numbers are formatted here, so templates only place the charts.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "font-family=\"'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif\""
AXIS = "#666"
GRID = "#e3e3e3"


def _axis(peak, most_ticks=5):
    """(top, step) of a value axis: a 1, 2 or 5 × 10^n step, at most `most_ticks` steps, top ≥ peak."""
    step = 1
    while True:
        for multiple in (1, 2, 5):
            candidate = multiple * step
            if candidate * most_ticks >= peak:
                top = candidate * max(1, -(-peak // candidate))
                return top, candidate
        step *= 10


def _fmt(number):
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"


def _svg(width, height, title, body):
    return mark_safe(
        f'<svg class="zz-chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="xMinYMin meet" {FONT} font-size="12">{body}</svg>'
    )


def line_chart(title, labels, series, *, width=640, height=240):
    """Lines over the same x labels: series = [(name, colour, [values])]."""
    left, right, top, bottom = 36, 12, 28, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(values) for _n, _c, values in series if values] + [0])
    y_max, y_step = _axis(peak)
    step = plot_w / max(len(labels) - 1, 1)

    def x(i):
        return left + i * step

    def y(v):
        return top + plot_h - (v / y_max) * plot_h

    parts = []
    for tick in range(0, y_max + 1, y_step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{AXIS}">{_fmt(tick)}</text>')
    for i, label in enumerate(labels):
        if len(labels) <= 12 or i % 2 == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle" fill="{AXIS}">{escape(label)}</text>')
    legend_x = left
    for name, colour, values in series:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, value in enumerate(values):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
        parts.append(f'<rect x="{legend_x}" y="8" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="17">{escape(name)}</text>')
        legend_x += 18 + 13 * len(str(name)) + 12
    return _svg(width, height, title, "".join(parts))


def bar_chart(title, rows, *, colour="#1f6feb", width=640, label_width=140, unit="", empty_text=""):
    """Horizontal bars: rows = [(label, value, href or None, note or "")]; a bar with href is a link."""
    bar_h, gap, top = 18, 8, 6
    if not rows:
        return _svg(width, 40, title, f'<text x="8" y="24" fill="{AXIS}">{escape(empty_text)}</text>')
    height = top * 2 + len(rows) * (bar_h + gap)
    peak = max(value for _l, value, _h, _n in rows) or 1
    plot_w = width - label_width - 90
    parts = []
    for index, (label, value, href, note) in enumerate(rows):
        y = top + index * (bar_h + gap)
        length = max((value / peak) * plot_w, 1 if value else 0)
        text = f"{_fmt(value)}{unit}" + (f"（{note}）" if note else "")
        bar = f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{colour}" rx="2"/>'
        if href:
            bar = f'<a href="{escape(href)}" aria-label="{escape(label)}: {escape(text)}">{bar}</a>'
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(_clip(label, 10))}</text>')
        parts.append(bar)
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 13}" fill="{AXIS}">{escape(text)}</text>')
    return _svg(width, height, title, "".join(parts))


def share_bar(title, parts_in, *, width=640, empty_text=""):
    """One 100 % stacked bar with a legend: parts = [(label, value, colour)]."""
    total = sum(value for _l, value, _c in parts_in)
    if not total:
        return _svg(width, 40, title, f'<text x="8" y="24" fill="{AXIS}">{escape(empty_text)}</text>')
    parts, x = [], 0.0
    for _label, value, colour in parts_in:
        share = value / total
        w = share * width
        if w:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="26" fill="{colour}"/>')
        x += w
    legend_x = 0
    for label, value, colour in parts_in:
        share = value / total
        parts.append(f'<rect x="{legend_x}" y="38" width="10" height="10" fill="{colour}"/>')
        caption = f"{label} {value}（{share:.0%}）"
        parts.append(f'<text x="{legend_x + 14}" y="47">{escape(caption)}</text>')
        legend_x += 22 + 12 * len(caption)
    return _svg(width, 56, title, "".join(parts))


def _clip(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"
