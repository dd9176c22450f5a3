"""A tiny SVG chart helper: stacked columns over time and horizontal bars, drawn on the
server. No JavaScript; every label is escaped; sizes come from the viewBox, so the charts
scale with the page and print sharply. Each chart carries a title for screen readers,
and pages show the same numbers in a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from vizlou.web.common.labels import number

FONT = 12


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _svg(width: int, height: int, title: str, body: list[str], css: str) -> Markup:
    return Markup(  # noqa: S704 - every text in the chart is escaped where it is written
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def stacked_columns(labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]],
                    *, title: str, width: int = 760, height: int = 260,
                    max_labels: int = 12) -> Markup:
    """One column per label, stacked by series ``(name, colour, values)``, with a legend."""
    left, right, top, bottom = 48, 8, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[2][i] for s in series) for i in range(len(labels))]
    peak = max(totals, default=0)
    step = nice_step(peak)
    ceiling = max(step, math.ceil(peak / step) * step)
    body = []
    for k in range(round(ceiling / step) + 1):
        y = top + plot_h - plot_h * (k * step) / ceiling
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#d0d7de"/><text x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end" font-size="{FONT}">{number(k * step)}</text>')
    n = max(len(labels), 1)
    slot = plot_w / n
    bar = max(slot * 0.8, 1)
    every = max(1, math.ceil(len(labels) / max_labels))
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for name, colour, values in series:
            h = plot_h * values[i] / ceiling
            if h > 0:
                base -= h
                body.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" '
                            f'height="{h:.1f}" fill="{escape(colour)}"><title>'
                            f"{escape(label)}, {escape(name)}: {number(values[i])}</title></rect>")
        if i % every == 0:
            body.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" '
                        f'text-anchor="middle" font-size="{FONT}">{escape(label)}</text>')
    x = left
    for name, colour, _ in series:
        body.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{escape(colour)}"/>'
                    f'<text x="{x + 16}" y="16" font-size="{FONT}">{escape(name)}</text>')
        x += 28 + 7 * len(str(name))
    return _svg(width, height, title, body, "columns")


def bars(items: Sequence[tuple[str, float, str]], *, title: str, width: int = 520) -> Markup:
    """Horizontal bars ``(label, value, colour)``, the value written at the end of each."""
    row, label_w = 26, 150
    value_w = 14 + 7 * max((len(number(v)) for _, v, _ in items), default=4)
    height = row * max(len(items), 1) + 8
    peak = max((v for _, v, _ in items), default=0) or 1
    plot_w = width - label_w - value_w
    body = []
    for i, (label, value, colour) in enumerate(items):
        y = 4 + i * row
        w = plot_w * value / peak
        body.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" '
                    f'font-size="{FONT}">{escape(label)}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{escape(colour)}"/><text x="{label_w + w + 6:.1f}" y="{y + 16}" '
                    f'font-size="{FONT}">{number(value)}</text>')
    return _svg(width, height, title, body, "bars")
