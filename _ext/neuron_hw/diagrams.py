"""Chip-to-chip topology diagrams drawn as inline SVG from the data.

Each diagram is a function of the topology's shape and chip count, so a changed count redraws
it.  The drawing has no colours of its own: classes styled in ``_static/neuron-hw.css`` follow
the theme's light and dark palettes.  Screen readers get a title and a description in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

CHIP_W, CHIP_H = 44, 28  # chip box, in SVG user units (CSS pixels at full size)
PITCH_X, PITCH_Y = 96, 76  # distance between neighbouring chips in a torus
LINE_PITCH_X = 64  # closer in a line, which has no wrap-around arcs to fit between chips
MARGIN = 34  # room around the chips, for the wrap-around arcs
PER_ROW = 8  # a longer line turns back on itself (a serpentine) after this many chips
LEGEND_H = 30


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    wrap: bool = False  # closes a ring (drawn as a dashed arc)


@dataclass(frozen=True)
class Drawing:
    positions: list[tuple[float, float]]  # centre of each chip
    links: list[Link]
    width: float
    height: float


def ring(n: int) -> Drawing:
    radius = max(70.0, n * (CHIP_W + 24) / (2 * math.pi))
    cx, cy = radius + MARGIN / 2 + CHIP_W / 2, radius + MARGIN / 2 + CHIP_H / 2  # no arcs to make room for
    positions = [
        (
            cx + radius * math.cos(2 * math.pi * i / n - math.pi / 2),
            cy + radius * math.sin(2 * math.pi * i / n - math.pi / 2),
        )
        for i in range(n)
    ]
    links = [Link(i, (i + 1) % n) for i in range(n)]
    return Drawing(positions, links, 2 * cx, 2 * cy)


def line(n: int) -> Drawing:
    """Chips in reading order; past ``PER_ROW`` the next row runs back the other way."""
    columns = min(n, PER_ROW)
    positions = []
    for i in range(n):
        row, step = divmod(i, PER_ROW)
        column = step if row % 2 == 0 else columns - 1 - step
        positions.append((MARGIN + CHIP_W / 2 + column * LINE_PITCH_X, MARGIN + CHIP_H / 2 + row * PITCH_Y))
    rows = math.ceil(n / PER_ROW)
    width = 2 * MARGIN + CHIP_W + (columns - 1) * LINE_PITCH_X
    height = 2 * MARGIN + CHIP_H + (rows - 1) * PITCH_Y
    return Drawing(positions, [Link(i, i + 1) for i in range(n - 1)], width, height)


def torus(side: int) -> Drawing:
    """A ``side`` x ``side`` grid numbered row by row; every row and column closes into a ring."""
    positions = [
        (MARGIN + CHIP_W / 2 + c * PITCH_X, MARGIN + CHIP_H / 2 + r * PITCH_Y) for r in range(side) for c in range(side)
    ]
    links = []
    for r in range(side):
        for c in range(side):
            i = r * side + c
            if c + 1 < side:
                links.append(Link(i, i + 1))
            if r + 1 < side:
                links.append(Link(i, i + side))
        links.append(Link(r * side, r * side + side - 1, wrap=True))
    links.extend(Link(c, (side - 1) * side + c, wrap=True) for c in range(side))
    width = 2 * MARGIN + CHIP_W + (side - 1) * PITCH_X
    height = 2 * MARGIN + CHIP_H + (side - 1) * PITCH_Y
    return Drawing(positions, links, width, height)


def _wrap_path(a: tuple[float, float], b: tuple[float, float]) -> str:
    """An arc between the two ends of a row (bulging up) or of a column (bulging left)."""
    (x1, y1), (x2, y2) = a, b
    if abs(y1 - y2) < 1:  # a row: leave from the tops, peak in the gap above the row
        top = y1 - CHIP_H / 2
        return f"M{x1:.1f} {top:.1f}Q{(x1 + x2) / 2:.1f} {top - 2 * (PITCH_Y - CHIP_H) / 2 - 6:.1f} {x2:.1f} {top:.1f}"
    left = x1 - CHIP_W / 2  # a column: leave from the left sides, peak in the gap to the left
    return f"M{left:.1f} {y1:.1f}Q{left - (PITCH_X - CHIP_W) - 4:.1f} {(y1 + y2) / 2:.1f} {left:.1f} {y2:.1f}"


def describe(shape: str, chips: int, chip_name: str, side: int | None = None) -> str:
    """The diagram in words, for screen readers and as the figure's text alternative."""
    numbered = f"{chips} {chip_name} chips numbered 0 to {chips - 1}"
    if shape == "ring":
        return f"{numbered}, each linked to the next; chip {chips - 1} links back to chip 0, closing the ring."
    if shape == "line":
        return f"{numbered}, each linked to the next; chips 0 and {chips - 1}, at the two ends, are not linked."
    return (
        f"{numbered} row by row in a grid of {side} by {side}. Each chip links to its neighbours on the left, "
        "right, above and below, and the two end chips of every row and of every column are linked too, "
        "so every chip has four neighbours."
    )


def render(
    drawing: Drawing, *, ident: str, title: str, description: str, link_label: str | None, has_wraps: bool
) -> str:
    """The drawing as an accessible inline ``<svg>`` element."""
    legend_y = drawing.height + 4
    height = drawing.height + LEGEND_H
    size = f'viewBox="0 0 {drawing.width:.0f} {height:.0f}" width="{drawing.width:.0f}" height="{height:.0f}"'
    parts = [
        f'<svg class="nhd-topology" {size} role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for link in drawing.links:
        a, b = drawing.positions[link.a], drawing.positions[link.b]
        if link.wrap:
            parts.append(f'<path class="nhd-topology__link nhd-topology__link--wrap" d="{_wrap_path(a, b)}"/>')
        else:
            parts.append(
                f'<line class="nhd-topology__link" x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>'
            )
    for i, (x, y) in enumerate(drawing.positions):
        parts.append(
            f'<g class="nhd-topology__chip"><rect x="{x - CHIP_W / 2:.1f}" y="{y - CHIP_H / 2:.1f}" '
            f'width="{CHIP_W}" height="{CHIP_H}" rx="4"/>'
            f'<text x="{x:.1f}" y="{y:.1f}" dy="0.35em" text-anchor="middle">{i}</text></g>'
        )
    legend = [("nhd-topology__link", f"NeuronLink{', ' + link_label + ' each' if link_label else ''}")]
    if has_wraps:
        legend.append(("nhd-topology__link nhd-topology__link--wrap", "wrap-around link"))
    x = 10
    parts.append('<g class="nhd-topology__legend">')
    for css, text in legend:
        y = legend_y + LEGEND_H / 2
        parts.append(f'<line class="{css}" x1="{x}" y1="{y:.1f}" x2="{x + 28}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{x + 36}" y="{y:.1f}" dy="0.35em">{escape(text)}</text>')
        x += 48 + 7 * len(text)
    parts.append("</g></svg>")
    return "".join(parts)
