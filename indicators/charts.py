"""Server-side SVG charts: regions side by side in one year (bars), and regions over the years (lines).

No JavaScript: every point is an <a> linking to the highlighted sentence the
number came from, with a <title> tooltip. Styling is in presentation
attributes (fill, font-size …), not in a style sheet, so the same SVG stands
alone as a downloaded file; the site's CSS only adds hover. All text is
escaped here; the result is marked safe for templates.

Sizes are in viewBox units: the chart is WIDTH units wide and drawn between
about 0.85× (358 px of a 390 px phone) and 1.3× (34rem on a desktop), so SMALL
and FONT stay 11–20 px; labels are laid out from their measured width, never
clipped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import human

WIDTH = 420
FONT = 15
SMALL = 13
PAD = 8
LINE_HEIGHT = 240  # the plot area of a line chart
BAR = 22  # height of one bar
BAR_GAP = 8
LEGEND_ROW = 24
# Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#b8a300")
MAX_SERIES = len(PALETTE)
INK, MUTED, GRID = "#1d232b", "#5b6673", "#d9dee4"


@dataclass
class Point:
    label: str  # the region (a bar's label, a line's series)
    year: int
    value: float  # what is plotted, in the chart's unit
    text: str  # the value as people write it, with its qualifier: 超过1.2万件
    href: str
    title: str = ""  # tooltip
    qualified: bool = False  # 超过/约/近/不少于: drawn as a diamond, never as a plain dot


@dataclass
class Series:
    label: str
    points: list[Point] = field(default_factory=list)


def text_width(text: str, size: float = FONT) -> float:
    """Rendered width estimate: CJK characters are square, digits and Latin about 0.6 em."""
    return sum(size if ord(c) > 0x2E80 else size * 0.62 for c in text)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^n) covering `span` in about `ticks` steps."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def axis(low: float, high: float, ticks: int = 5, zero: bool = True) -> list[float]:
    """Round ticks covering low…high; with `zero`, the axis always reaches 0 (bars must start there)."""
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = low + 1
    step = nice_step(high - low, ticks)
    start = math.floor(low / step) * step
    values, tick = [], start
    while tick < high + step * 0.999:
        values.append(round(tick, 10))
        tick += step
    return values


def _text(x, y, content, *, size=FONT, fill=MUTED, anchor="start", cls="tick", weight=None):
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}"{bold}>{escape(content)}</text>')


def _open(height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" role="img" '
        f'font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#fff"/>',
    ]


def _marker(x: float, y: float, colour: str, *, hollow: bool, qualified: bool, title: str, r: float = 6) -> str:
    fill = "#fff" if hollow else colour
    tip = f"<title>{escape(title)}</title>"
    if qualified:
        d = f"M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y:.1f} L{x:.1f},{y + r + 1:.1f} L{x - r - 1:.1f},{y:.1f} Z"
        return f'<path class="marker qualified" d="{d}" fill="{fill}" stroke="{colour}" stroke-width="2">{tip}</path>'
    stroke = colour if hollow else "#fff"
    return (f'<circle class="marker" cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2">{tip}</circle>')


def bar_chart(points: list[Point], unit: str, title: str, *, target: bool = False) -> SafeString:
    """One horizontal bar per point, largest first, each labelled with its value as people write it.

    Horizontal, so region names read on a phone. A target is drawn hollow and dashed.
    """
    if not points:
        return mark_safe("")
    points = sorted(points, key=lambda p: (-p.value, p.label))
    label_w = min(max(text_width(p.label) for p in points), WIDTH * 0.32) + PAD
    value_w = max(text_width(p.text) for p in points) + PAD
    left = PAD + label_w
    room = WIDTH - left - value_w - PAD
    low = min(0.0, min(p.value for p in points))
    high = max(0.0, max(p.value for p in points))
    span = (high - low) or 1.0

    def x_of(value):
        return left + (value - low) / span * room

    top = PAD + FONT + 4
    height = top + len(points) * (BAR + BAR_GAP) + PAD
    out = _open(height, title, f"{len(points)} 个地区，按数值从大到小排列；单位：{unit}")
    out.append(_text(left, PAD + FONT - 2, f"单位：{unit}", size=SMALL))
    zero = x_of(0.0)
    for index, p in enumerate(points):
        y = top + index * (BAR + BAR_GAP)
        x0, x1 = sorted((zero, x_of(p.value)))
        colour = PALETTE[0]
        shape = (f'<rect class="bar" x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" height="{BAR}" '
                 + (f'fill="#fff" stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"' if target
                    else f'fill="{colour}"')
                 + f"><title>{escape(p.title or p.text)}</title></rect>")
        label = p.label if text_width(p.label) <= WIDTH * 0.32 else p.label[: max(2, int(WIDTH * 0.32 // FONT) - 1)] + "…"
        out.append(
            f'<a href="{escape(p.href)}" class="point">'
            + _text(left - PAD, y + BAR / 2 + FONT * 0.35, label, fill=INK, anchor="end", cls="label")
            + shape
            + _text(x1 + 4, y + BAR / 2 + FONT * 0.35, p.text, fill=INK, cls="value")
            + "</a>"
        )
    out.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 2:.1f}" y2="{height - PAD:.1f}" stroke="{MUTED}"/>')
    out.append("</svg>")
    return mark_safe("".join(out))


def _year_labels(years: list[int], plot_w: float) -> list[int]:
    """Every year when they fit, else every k-th (the first and last always)."""
    if len(years) <= 1:
        return years
    room = text_width("2024") + PAD
    span = years[-1] - years[0]
    step = max(1, math.ceil(room * span / plot_w))
    shown = [y for y in years if (y - years[0]) % step == 0]
    if years[-1] not in shown:
        if shown and (years[-1] - shown[-1]) / span * plot_w < room:
            shown.pop()
        shown.append(years[-1])
    return shown


def line_chart(series: list[Series], unit: str, title: str, *, target: bool = False) -> SafeString:
    """A line per region over the years; a target is drawn hollow and dashed."""
    points = [p for s in series for p in s.points]
    if not points:
        return mark_safe("")
    years = sorted({p.year for p in points})
    low, high = min(p.value for p in points), max(p.value for p in points)
    # A line may leave 0 out when every value sits far from it (growth of 4–7%): the change is what it shows.
    ticks = axis(low, high, zero=low <= 0 or low == high or low < high - low)
    tick_labels = [human(t, unit) for t in ticks]
    left = PAD + max(text_width(t, SMALL) for t in tick_labels) + PAD
    right = PAD + text_width("2024", SMALL) / 2
    top = PAD + FONT + 16  # room for the unit above the top tick label
    plot_w, plot_h = WIDTH - left - right, LINE_HEIGHT
    y_low, y_high = ticks[0], ticks[-1]

    def x_of(year):
        if len(years) == 1:
            return left + plot_w / 2
        return left + (year - years[0]) / (years[-1] - years[0]) * plot_w

    def y_of(value):
        return top + (y_high - value) / (y_high - y_low) * plot_h

    legend_top = top + plot_h + FONT + 2 * PAD + 4
    # The legend in as many columns as fit: eight regions in four rows, not eight.
    column = max(text_width(s.label) for s in series) + 20 + 2 * PAD
    columns = max(1, min(len(series), int((WIDTH - PAD) // column)))
    rows = math.ceil(len(series) / columns)
    height = legend_top + LEGEND_ROW * rows + PAD
    desc = f"{len(series)} 个地区，{years[0]}—{years[-1]}年；单位：{unit}" + ("；空心点和虚线为目标值" if target else "")
    out = _open(height, title, desc)
    out.append(_text(PAD, PAD + FONT - 2, f"单位：{unit}", size=SMALL))
    for tick, label in zip(ticks, tick_labels, strict=False):
        y = y_of(tick)
        out.append(f'<line class="grid" x1="{left:.1f}" x2="{WIDTH - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(_text(left - 6, y + SMALL * 0.35, label, size=SMALL, anchor="end"))
    for year in _year_labels(years, plot_w):
        out.append(_text(x_of(year), top + plot_h + FONT + PAD, str(year), size=SMALL, anchor="middle"))
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = ' stroke-dasharray="6 4"' if target else ""
        # One line through the first point of each year; a second report of the same year is a marker only.
        firsts = {}
        for p in one.points:
            firsts.setdefault(p.year, p)
        if len(firsts) > 1:
            path = " ".join(f"{x_of(y):.1f},{y_of(firsts[y].value):.1f}" for y in sorted(firsts))
            out.append(f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for p in one.points:
            out.append(
                f'<a href="{escape(p.href)}" class="point">'
                + _marker(x_of(p.year), y_of(p.value), colour, hollow=target, qualified=p.qualified,
                          title=p.title or f"{p.label} {p.year}年：{p.text}")
                + "</a>"
            )
        lx = PAD + column * (index // rows)
        ly = legend_top + LEGEND_ROW * (index % rows)
        out.append(_marker(lx + 7, ly, colour, hollow=target, qualified=False, title=one.label))
        out.append(_text(lx + 20, ly + FONT * 0.35, one.label, fill=INK, cls="legend"))
    out.append("</svg>")
    return mark_safe("".join(out))
