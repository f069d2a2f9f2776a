"""Bar charts and roofline charts drawn as inline SVG (no Sphinx, no docutils, no plotting library).

Like ``diagrams.py``, a chart has no colours of its own: its classes are styled in
``static/nhw-sizing.css`` with the theme's colour variables, so it follows the light and dark
palettes. Every chart is ``WIDTH`` wide, which fits the article column of a 390 px phone, so it is
never scaled down and its text stays at its CSS size (12 px; tick labels 11 px). Screen readers get
a ``<title>`` and a ``<desc>``; the table next to each chart gives every value.

Each drawn value carries its number as a ``data-value`` attribute (bars: the value in the chart's
unit; roofs: the rate in FLOP/s; ridge points: FLOP per byte) so that a test can check the drawing
against the data without reading pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sizing import Roof

WIDTH = 352  # the article column of a 390 px phone, less a little (see diagrams.MAX_WIDTH)

# Bar charts: a label column, the bars, the value after each bar.
LABEL_W = 84
VALUE_W = 64
ROW_H = 26
BAR_H = 16
PAD = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: drawn as its absence mark
    text: str  # the value as written after the bar (or "n/a", "n/p")
    record: str | None = None  # the anchor of the figure's record (see record_links)


# The address of a record as a chart writes it; figure_links.py completes it when the page is
# written.
RECORD_HREF = "nhw-record:"


def record_links(bars: list[Bar]) -> str:
    """HTML links laid over a bar chart's value labels (``bar_chart`` draws them), one per bar with a
    record, placed in percent of the chart so that they follow it if it is ever scaled.

    They sit outside the SVG, whose role is an image (an image holds no controls), so a click or a
    tap on a value opens its record with or without JavaScript. They are out of the tab order and
    hidden from screen readers: those get the same links from the table each chart is drawn from.
    """
    height = PAD * 2 + ROW_H * len(bars)
    out = []
    for i, (bar, x) in enumerate(zip(bars, _value_x(bars), strict=True)):
        if bar.record is None or x is None:
            continue
        href = escape(RECORD_HREF + bar.record, quote=True)
        box = (
            f"left:{x / WIDTH:.2%};top:{(PAD + i * ROW_H) / height:.2%};"
            f"width:{(WIDTH - x) / WIDTH:.2%};height:{ROW_H / height:.2%}"
        )
        out.append(f'<a class="nhw-chart__record" href="{href}" style="{box}" tabindex="-1" aria-hidden="true"></a>')
    return "".join(out)


def _value_x(bars: list[Bar]) -> list[float | None]:
    """Where each bar's value label starts (``None`` for an absent value)."""
    x0, x1 = LABEL_W, WIDTH - VALUE_W
    top = max((b.value for b in bars if b.value is not None), default=Decimal(1)) or Decimal(1)
    return [None if b.value is None else x0 + float(b.value / top) * (x1 - x0) + 4 for b in bars]


def _svg_open(ident: str, css: str, width: float, height: float, title: str, desc: str) -> list[str]:
    ident = escape(ident, quote=True)  # built from entity ids: escaped like any text from the data
    return [
        (
            f'<svg class="nhw-chart {css}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        ),
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(ident: str, title: str, desc: str, unit: str, bars: list[Bar]) -> str:
    """Horizontal bars, one per item, lengths proportional to the values (zero at the left edge)."""
    height = PAD * 2 + ROW_H * len(bars)
    x0, x1 = LABEL_W, WIDTH - VALUE_W
    top = max((b.value for b in bars if b.value is not None), default=Decimal(1)) or Decimal(1)
    parts = _svg_open(ident, "nhw-chart--bars", WIDTH, height, title, desc)
    parts.append(f'<line class="nhw-chart__axis" x1="{x0}" y1="{PAD}" x2="{x0}" y2="{height - PAD}"/>')
    for i, bar in enumerate(bars):
        y = PAD + i * ROW_H
        mid = y + ROW_H / 2
        parts.append(
            f'<text class="nhw-chart__label" x="{x0 - 6}" y="{mid:.1f}" dy="0.35em" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<text class="nhw-chart__absent" x="{x0 + 6}" y="{mid:.1f}" dy="0.35em">{escape(bar.text)}</text>'
            )
            continue
        w = float(bar.value / top) * (x1 - x0)
        parts.append(
            f'<rect class="nhw-chart__bar" x="{x0}" y="{mid - BAR_H / 2:.1f}" width="{w:.2f}" height="{BAR_H}" '
            f'data-value="{escape(str(bar.value))}" data-unit="{escape(unit)}"/>'
        )
        parts.append(
            f'<text class="nhw-chart__value" x="{x0 + w + 4:.1f}" y="{mid:.1f}" dy="0.35em">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# -- roofline ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Axes:
    """Decades shown: intensity 10^x_lo .. 10^x_hi FLOP/byte, rate 10^y_lo .. 10^y_hi TFLOPS."""

    x_lo: int
    x_hi: int
    y_lo: int
    y_hi: int


LEGEND_H = 20  # a row above the plot naming the three kinds of mark
ROOF_H = 236 + LEGEND_H
LEFT, RIGHT, TOP, BOTTOM = 46, 8, 10 + LEGEND_H, 40


def shared_axes(charts: list[tuple[Decimal, list[Roof]]]) -> Axes:
    """Axes that hold every chip's roofline, so that the charts can be compared by eye.

    The rate axis starts one decade below the lowest compute roof: the memory roof rises into the
    chart from its lower edge, and no decade is drawn that holds no roof and no ridge point."""
    ridges = [r.ridge for _, roofs in charts for r in roofs]
    rates = [r.rate / 10**12 for _, roofs in charts for r in roofs]
    return Axes(
        0,
        math.ceil(math.log10(float(max(ridges)) * 2)),
        math.floor(math.log10(float(min(rates)))) - 1,
        math.ceil(math.log10(float(max(rates)))),
    )


def _tick(power: int) -> str:
    value = Decimal(10) ** power
    return f"{value:,f}".rstrip("0").rstrip(".") if power < 0 else f"{int(value):,}"


def _roofline_legend(y: float) -> list[str]:
    """One row naming the marks: the dashed memory roof, a compute roof (each is labelled at its right
    end) and a ridge point.  Its swatches carry no data, so they are paths and a plain circle."""
    parts, x = [], 8.0
    for kind, text, width in (("memory", "memory roof", 68), ("roof", "compute roof", 78), ("dot", "ridge point", 64)):
        mid = y + 6
        if kind == "dot":
            parts.append(f'<circle class="nhw-chart__key-dot" cx="{x + 9:.1f}" cy="{mid:.1f}" r="3.5"/>')
        else:
            css = "nhw-chart__memory" if kind == "memory" else "nhw-chart__roof nhw-chart__key-roof"
            parts.append(f'<path class="{css}" d="M{x:.1f} {mid:.1f}h18"/>')
        parts.append(f'<text class="nhw-chart__tick" x="{x + 22:.1f}" y="{mid:.1f}" dy="0.35em">{text}</text>')
        x += 22 + width + 12
    return parts


def roofline_chart(
    ident: str, title: str, desc: str, bandwidth: Decimal, bandwidth_text: str, roofs: list[Roof], axes: Axes
) -> str:
    """Attainable dense rate against arithmetic intensity, both on log scales.

    The memory roof is bandwidth x intensity; each compute roof is flat from its ridge point on."""
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, ROOF_H - BOTTOM

    def px(intensity: float) -> float:
        return x0 + (math.log10(intensity) - axes.x_lo) / (axes.x_hi - axes.x_lo) * (x1 - x0)

    def py(tflops: float) -> float:
        return y1 - (math.log10(tflops) - axes.y_lo) / (axes.y_hi - axes.y_lo) * (y1 - y0)

    parts = _svg_open(ident, "nhw-chart--roofline", WIDTH, ROOF_H, title, desc)
    for p in range(axes.x_lo, axes.x_hi + 1):
        x = px(10**p)
        anchor = "end" if p == axes.x_hi else "middle"  # the last tick ends at the chart's edge
        parts.append(f'<line class="nhw-chart__grid" x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}"/>')
        parts.append(
            f'<text class="nhw-chart__tick" x="{x:.1f}" y="{y1 + 14}" text-anchor="{anchor}">{_tick(p)}</text>'
        )
    for p in range(axes.y_lo, axes.y_hi + 1):
        y = py(10**p)
        parts.append(f'<line class="nhw-chart__grid" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="nhw-chart__tick" x="{x0 - 4}" y="{y:.1f}" dy="0.35em" text-anchor="end">{_tick(p)}</text>'
        )
    parts.append(f'<path class="nhw-chart__axis" d="M{x0} {y0}V{y1}H{x1}"/>')
    parts.append(
        f'<text class="nhw-chart__axis-label" x="{(x0 + x1) / 2:.1f}" y="{ROOF_H - 6}" text-anchor="middle">'
        "Arithmetic intensity (FLOP per byte)</text>"
    )
    parts.append(
        f'<text class="nhw-chart__axis-label" transform="translate(11 {(y0 + y1) / 2:.1f}) rotate(-90)" '
        'text-anchor="middle">Dense TFLOPS</text>'
    )
    parts += _roofline_legend(y0 - LEGEND_H + 2)
    bw_tflops = float(bandwidth) / 10**12
    top = max(roofs, key=lambda r: r.rate)
    # The memory roof starts where it enters the chart: at its left edge, or at its lower edge when
    # the bandwidth is too low to reach the lowest rate shown at the lowest intensity.
    start = max(10.0**axes.x_lo, 10.0**axes.y_lo / bw_tflops)
    parts.append(
        f'<line class="nhw-chart__memory" x1="{px(start):.2f}" y1="{py(bw_tflops * start):.2f}" '
        f'x2="{px(float(top.ridge)):.2f}" y2="{py(float(top.rate) / 10**12):.2f}" '
        f'data-value="{escape(str(bandwidth))}"/>'
    )
    # The memory roof's label runs along it, under the line, a fifth of the way up.
    angle = math.degrees(
        math.atan2(py(bw_tflops * start) - py(float(top.rate) / 10**12), px(float(top.ridge)) - px(start))
    )
    at = math.log10(start) + (math.log10(float(top.ridge)) - math.log10(start)) * 0.3
    lx, ly = px(10**at), py(bw_tflops * 10**at)
    parts.append(
        f'<text class="nhw-chart__roof-label" transform="translate({lx:.1f} {ly:.1f}) rotate({-angle:.1f})" '
        f'dy="1.2em">memory {escape(bandwidth_text)}</text>'
    )
    for i, roof in enumerate(sorted(roofs, key=lambda r: -r.rate)):
        y = py(float(roof.rate) / 10**12)
        x = px(float(roof.ridge))
        parts.append(
            f'<line class="nhw-chart__roof nhw-chart__roof--{i}" x1="{x:.2f}" y1="{y:.2f}" x2="{x1}" y2="{y:.2f}" '
            f'data-value="{escape(str(roof.rate))}"/>'
        )
        parts.append(
            f'<circle class="nhw-chart__ridge nhw-chart__roof--{i}" cx="{x:.2f}" cy="{y:.2f}" r="3.5" '
            f'data-value="{escape(str(roof.ridge))}"/>'
        )
        # The highest roof is labelled above its line, the others below theirs, so labels never meet.
        dy = -5 if i == 0 else 14
        parts.append(
            f'<text class="nhw-chart__roof-label" x="{x1 - 2}" y="{y + dy:.1f}" text-anchor="end">'
            f"{escape(roof.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
