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
    route: str | None = None  # an SVG path for a link between two servers of an UltraServer


@dataclass(frozen=True)
class Panel:
    """A server's outline around its chips, with a label underneath."""

    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Drawing:
    positions: list[tuple[float, float]]  # centre of each chip
    links: list[Link]
    width: float
    height: float
    chip: tuple[float, float] = (CHIP_W, CHIP_H)  # box size
    pitch: tuple[float, float] = (PITCH_X, PITCH_Y)  # for the wrap-around arcs
    numbered: bool = True
    panels: tuple[Panel, ...] = ()
    highlight: frozenset[int] = frozenset()


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


def _grid_links(side: int, first: int = 0) -> list[Link]:
    """Neighbour links and wrap-around links of a ``side`` x ``side`` torus numbered from ``first``."""
    links = []
    for r in range(side):
        for c in range(side):
            i = first + r * side + c
            if c + 1 < side:
                links.append(Link(i, i + 1))
            if r + 1 < side:
                links.append(Link(i, i + side))
        links.append(Link(first + r * side, first + r * side + side - 1, wrap=True))
    links.extend(Link(first + c, first + (side - 1) * side + c, wrap=True) for c in range(side))
    return links


def torus(side: int) -> Drawing:
    """A ``side`` x ``side`` grid numbered row by row; every row and column closes into a ring."""
    positions = [
        (MARGIN + CHIP_W / 2 + c * PITCH_X, MARGIN + CHIP_H / 2 + r * PITCH_Y) for r in range(side) for c in range(side)
    ]
    width = 2 * MARGIN + CHIP_W + (side - 1) * PITCH_X
    height = 2 * MARGIN + CHIP_H + (side - 1) * PITCH_Y
    return Drawing(positions, _grid_links(side), width, height)


def ultraserver(servers: int, side: int, server_name: str) -> Drawing:
    """One small torus per server; the chips at one position, one per server, joined in a ring.

    Every position forms such a ring; drawing one keeps the picture readable.  The ring runs
    above the servers, so that it crosses no chip.
    """
    chip_w, chip_h, pitch_x, pitch_y, pad, gap = 18, 14, 34, 30, 18, 30
    panel_w = 2 * pad + chip_w + (side - 1) * pitch_x
    panel_h = 2 * pad + chip_h + (side - 1) * pitch_y
    top = 2 * MARGIN  # room for the ring above the servers
    positions, links, panels = [], [], []
    for k in range(servers):
        x0 = MARGIN / 2 + k * (panel_w + gap)
        panels.append(Panel(x0, top, panel_w, panel_h, f"{server_name} {k}"))
        first = len(positions)
        positions.extend(
            (x0 + pad + chip_w / 2 + c * pitch_x, top + pad + chip_h / 2 + r * pitch_y)
            for r in range(side)
            for c in range(side)
        )
        links.extend(_grid_links(side, first))
    ring = [k * side * side for k in range(servers)]  # the first chip of each server
    chip_top = top + pad
    for k, (a, b) in enumerate(zip(ring, ring[1:] + ring[:1], strict=True)):
        closing = k == servers - 1
        height = top - (MARGIN * 1.5 if closing else MARGIN * 0.75)
        xa, xb = positions[a][0], positions[b][0]
        links.append(Link(a, b, route=f"M{xa:.1f} {chip_top:.1f}V{height:.1f}H{xb:.1f}V{chip_top:.1f}"))
    width = MARGIN + servers * panel_w + (servers - 1) * gap
    height = top + panel_h + 24  # the server labels
    return Drawing(
        positions,
        links,
        width,
        height,
        chip=(chip_w, chip_h),
        pitch=(pitch_x, pitch_y),
        numbered=False,
        panels=tuple(panels),
        highlight=frozenset(ring),
    )


def _wrap_path(a: tuple[float, float], b: tuple[float, float], chip: tuple, pitch: tuple) -> str:
    """An arc between the two ends of a row (bulging up) or of a column (bulging left)."""
    (x1, y1), (x2, y2) = a, b
    (chip_w, chip_h), (pitch_x, pitch_y) = chip, pitch
    if abs(y1 - y2) < 1:  # a row: leave from the tops, peak in the gap above the row
        top = y1 - chip_h / 2
        return f"M{x1:.1f} {top:.1f}Q{(x1 + x2) / 2:.1f} {top - (pitch_y - chip_h) - 6:.1f} {x2:.1f} {top:.1f}"
    left = x1 - chip_w / 2  # a column: leave from the left sides, peak in the gap to the left
    return f"M{left:.1f} {y1:.1f}Q{left - (pitch_x - chip_w) - 4:.1f} {(y1 + y2) / 2:.1f} {left:.1f} {y2:.1f}"


def describe(shape: str, chips: int, chip_name: str, side: int | None = None, servers: int | None = None) -> str:
    """The diagram in words, for screen readers and as the figure's text alternative."""
    numbered = f"{chips} {chip_name} chips numbered 0 to {chips - 1}"
    if shape == "ring":
        return f"{numbered}, each linked to the next; chip {chips - 1} links back to chip 0, closing the ring."
    if shape == "line":
        return f"{numbered}, each linked to the next; chips 0 and {chips - 1}, at the two ends, are not linked."
    torus_words = (
        "Each chip links to its neighbours on the left, right, above and below, and the two end chips of every "
        "row and of every column are linked too, so every chip has four neighbours"
    )
    if shape == "torus":
        return f"{numbered} row by row in a grid of {side} by {side}. {torus_words}."
    return (
        f"{servers} servers, each holding {side * side} of the {chips} {chip_name} chips in a grid of {side} by "
        f"{side}. {torus_words} inside its server. The chips at the same position in the {servers} servers form "
        f"a ring, which gives every chip two more neighbours; the ring of the first chip of each server is drawn."
    )


def _legend(entries: list[tuple[str, str]], y: float) -> list[str]:
    parts, x = ['<g class="nhd-topology__legend">'], 10
    for css, text in entries:
        parts.append(f'<line class="{css}" x1="{x}" y1="{y:.1f}" x2="{x + 28}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{x + 36}" y="{y:.1f}" dy="0.35em">{escape(text)}</text>')
        x += 48 + 7 * len(text)
    parts.append("</g>")
    return parts


def render(drawing: Drawing, *, ident: str, title: str, description: str, link_label: str | None) -> str:
    """The drawing as an accessible inline ``<svg>`` element."""
    height = drawing.height + LEGEND_H
    chip_w, chip_h = drawing.chip
    size = f'viewBox="0 0 {drawing.width:.0f} {height:.0f}" width="{drawing.width:.0f}" height="{height:.0f}"'
    parts = [
        f'<svg class="nhd-topology" {size} role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for panel in drawing.panels:
        parts.append(
            f'<g class="nhd-topology__server"><rect x="{panel.x:.1f}" y="{panel.y:.1f}" width="{panel.width:.1f}" '
            f'height="{panel.height:.1f}" rx="6"/><text x="{panel.x + panel.width / 2:.1f}" '
            f'y="{panel.y + panel.height + 16:.1f}" text-anchor="middle">{escape(panel.label)}</text></g>'
        )
    for link in drawing.links:
        a, b = drawing.positions[link.a], drawing.positions[link.b]
        if link.route:
            parts.append(f'<path class="nhd-topology__link nhd-topology__link--across" d="{link.route}"/>')
        elif link.wrap:
            d = _wrap_path(a, b, drawing.chip, drawing.pitch)
            parts.append(f'<path class="nhd-topology__link nhd-topology__link--wrap" d="{d}"/>')
        else:
            parts.append(
                f'<line class="nhd-topology__link" x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>'
            )
    for i, (x, y) in enumerate(drawing.positions):
        css = "nhd-topology__chip nhd-topology__chip--ring" if i in drawing.highlight else "nhd-topology__chip"
        label = f'<text x="{x:.1f}" y="{y:.1f}" dy="0.35em" text-anchor="middle">{i}</text>' if drawing.numbered else ""
        parts.append(
            f'<g class="{css}" data-chip="{i}"><rect x="{x - chip_w / 2:.1f}" y="{y - chip_h / 2:.1f}" '
            f'width="{chip_w}" height="{chip_h}" rx="{min(4, chip_h / 4):g}"/>{label}</g>'
        )
    legend = [("nhd-topology__link", f"NeuronLink{', ' + link_label + ' each' if link_label else ''}")]
    if any(link.wrap for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--wrap", "wrap-around link"))
    if any(link.route for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--across", "ring across the servers"))
    parts.extend(_legend(legend, drawing.height + 4 + LEGEND_H / 2))
    parts.append("</svg>")
    return "".join(parts)
