"""Server-side SVG charts: one quantity over the years, a line per region.

No JavaScript: every point is an <a> around a circle, linking to the
highlighted sentence the number came from, with a <title> tooltip. All text
is escaped here; the result is marked safe for templates.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from reports.highlight import plain_number

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 24, 48
# Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")
MAX_SERIES = len(PALETTE)


@dataclass
class Point:
    year: int
    value: float
    href: str
    title: str


@dataclass
class Series:
    label: str
    points: list[Point] = field(default_factory=list)


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


def axis(low: float, high: float) -> list[float]:
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = low + 1
    step = nice_step(high - low)
    start = math.floor(low / step) * step
    ticks, tick = [], start
    while tick < high + step * 0.999:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def series_by(indicators, label_of, href_of, max_series: int = MAX_SERIES) -> list[Series]:
    """Group indicators into series (biggest first), at most `max_series` of them."""
    groups = defaultdict(list)
    for ind in indicators:
        groups[label_of(ind)].append(
            Point(ind.year, float(ind.value), href_of(ind), f"{label_of(ind)} {ind.year}年：{plain_number(ind.value)}{ind.unit}")
        )
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [Series(label, sorted(points, key=lambda p: p.year)) for label, points in ordered[:max_series]]


def line_chart(series: list[Series], unit: str, title: str) -> SafeString:
    points = [p for s in series for p in s.points]
    if not points:
        return mark_safe("")
    years = sorted({p.year for p in points})
    ticks = axis(min(p.value for p in points), max(p.value for p in points))
    y_low, y_high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year):
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + (year - years[0]) / (years[-1] - years[0]) * plot_w

    def y_of(value):
        return TOP + (y_high - value) / (y_high - y_low) * plot_h

    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 24 * len(series)}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for tick in ticks:
        y = y_of(tick)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(plain_number(tick))}</text>')
    out.append(f'<text class="unit" x="{LEFT - 8}" y="{TOP - 8}" text-anchor="end">{escape(unit)}</text>')
    for year in years:
        x = x_of(year)
        out.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{year}</text>')
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if len(one.points) > 1:
            path = " ".join(f"{x_of(p.year):.1f},{y_of(p.value):.1f}" for p in one.points)
            out.append(f'<polyline class="series" points="{path}" stroke="{colour}"/>')
        for p in one.points:
            out.append(
                f'<a href="{escape(p.href)}" class="point"><circle cx="{x_of(p.year):.1f}" cy="{y_of(p.value):.1f}" '
                f'r="6" fill="{colour}"><title>{escape(p.title)}</title></circle></a>'
            )
        ly = HEIGHT + 24 * index + 8
        out.append(f'<rect x="{LEFT}" y="{ly - 10}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text class="legend" x="{LEFT + 22}" y="{ly + 2}">{escape(one.label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
