"""Chip-to-chip topology diagrams drawn as inline SVG from the data.

Each diagram is a function of the topology's shape and chip count, so a changed count redraws
it.  The drawing has no colours of its own: classes styled in ``static/neuron-hw-topology.css`` follow
the theme's light and dark palettes.  Screen readers get a title and a description in words.

Every drawing is at most ``MAX_WIDTH`` wide, the article column of a 390 px phone, so it is shown
at full size on phones and desktops alike and its text is never scaled below its CSS size (13 px,
12 px in the UltraServer drawing).  Every chip is numbered.  A wrap-around link of a torus is drawn
as two short stubs, one at each edge of the grid, carrying the same letter, so that no link crosses
the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from string import ascii_uppercase

from .vocabulary import LINE, RING, TORUS

MAX_WIDTH = 352  # the article column of a 390 px phone, less a little
CHIP_W, CHIP_H = 44, 28  # chip box, in SVG user units (CSS pixels: drawings are never scaled down)
PITCH_X, PITCH_Y = 72, 56  # distance between neighbouring chips in a torus
LINE_PITCH_X, LINE_PITCH_Y = 56, 56  # a line's chips, and its rows where it turns back
LINE_CHIP_W = 40
MARGIN = 16  # room around a line or a ring
EDGE = 32  # room around a torus grid, for the wrap-around stubs and their letters
STUB = 10  # length of a wrap-around stub
LEGEND_LINE = 20  # one legend entry per line, so the legend fits a phone too


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    wrap: bool = False  # closes a row or column of a torus (drawn as two lettered stubs)
    route: str | None = None  # an SVG path for a link between two servers of an UltraServer
    label: str | None = None  # the letter on both stubs of a wrap-around link


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
    stub: float = STUB  # wrap-around stub length
    panels: tuple[Panel, ...] = ()
    highlight: frozenset[int] = frozenset()
    compact: bool = False  # smaller text (the UltraServer drawing)


def ring(n: int) -> Drawing:
    radius = max(70.0, n * (CHIP_W + 24) / (2 * math.pi))
    cx, cy = radius + MARGIN + CHIP_W / 2, radius + MARGIN + CHIP_H / 2
    positions = [
        (
            cx + radius * math.cos(2 * math.pi * i / n - math.pi / 2),
            cy + radius * math.sin(2 * math.pi * i / n - math.pi / 2),
        )
        for i in range(n)
    ]
    links = [Link(i, (i + 1) % n) for i in range(n)]
    return Drawing(positions, links, 2 * cx, 2 * cy)


def line_columns(n: int) -> int:
    """Chips per row of a line: as many as fit ``MAX_WIDTH``, rows filled evenly."""
    fit = int((MAX_WIDTH - 2 * MARGIN - LINE_CHIP_W) // LINE_PITCH_X) + 1
    rows = math.ceil(n / fit)
    return math.ceil(n / rows)


def line(n: int) -> Drawing:
    """Chips in reading order; a longer line turns back on itself (a serpentine) at the edge.

    With an odd number of rows the two ends sit at opposite corners; with an even number they are
    still whole rows apart, and no link joins them."""
    columns = line_columns(n)
    positions = []
    for i in range(n):
        row, step = divmod(i, columns)
        column = step if row % 2 == 0 else columns - 1 - step
        positions.append((MARGIN + LINE_CHIP_W / 2 + column * LINE_PITCH_X, MARGIN + CHIP_H / 2 + row * LINE_PITCH_Y))
    rows = math.ceil(n / columns)
    width = 2 * MARGIN + LINE_CHIP_W + (columns - 1) * LINE_PITCH_X
    height = 2 * MARGIN + CHIP_H + (rows - 1) * LINE_PITCH_Y
    links = [Link(i, i + 1) for i in range(n - 1)]
    return Drawing(positions, links, width, height, chip=(LINE_CHIP_W, CHIP_H))


def _grid_links(side: int, first: int = 0) -> list[Link]:
    """Neighbour links and wrap-around links of a ``side`` x ``side`` torus numbered from ``first``.

    The wrap-around links are lettered: rows first (A, B, ...), then columns."""
    links = []
    for r in range(side):
        for c in range(side):
            i = first + r * side + c
            if c + 1 < side:
                links.append(Link(i, i + 1))
            if r + 1 < side:
                links.append(Link(i, i + side))
        links.append(Link(first + r * side, first + r * side + side - 1, wrap=True, label=ascii_uppercase[r]))
    links.extend(
        Link(first + c, first + (side - 1) * side + c, wrap=True, label=ascii_uppercase[side + c]) for c in range(side)
    )
    return links


def torus(side: int) -> Drawing:
    """A ``side`` x ``side`` grid numbered row by row; every row and column closes into a ring."""
    positions = [
        (EDGE + CHIP_W / 2 + c * PITCH_X, EDGE + CHIP_H / 2 + r * PITCH_Y) for r in range(side) for c in range(side)
    ]
    width = 2 * EDGE + CHIP_W + (side - 1) * PITCH_X
    height = 2 * EDGE + CHIP_H + (side - 1) * PITCH_Y
    return Drawing(positions, _grid_links(side), width, height)


def _clockwise(servers: int) -> list[tuple[int, int]]:
    """(row, column) of each server in two columns, in ring order: along the top, down the right
    column, back along the bottom and up the left column, so the ring runs round, not across."""
    rows = math.ceil(servers / 2)
    order = [(0, 0)] + [(r, 1) for r in range(rows)] + [(r, 0) for r in range(rows - 1, 0, -1)]
    return order[:servers]


def ultraserver(servers: int, side: int, server_name: str) -> Drawing:
    """One small torus per server, the servers in two columns; the chips at one position, one per
    server, joined in a ring that runs round the gaps between the servers.

    Every position forms such a ring; drawing one (each server's first chip) keeps the picture
    readable.  Its links leave a chip from its corner, clear of the chip's four other links.
    """
    chip_w, chip_h, pitch_x, pitch_y, stub = 24, 18, 31, 28, 8
    pad = 22  # inside a server: the stubs and their letters
    gap_x, gap_y, lane = 14, 32, 7  # between servers; the ring runs ``lane`` above a server's top
    label_h = 20
    panel_w = 2 * pad + chip_w + (side - 1) * pitch_x
    panel_h = 2 * pad + chip_h + (side - 1) * pitch_y
    order = _clockwise(servers)
    positions, links, panels, corners = [], [], [], []
    for k, (row, column) in enumerate(order):
        x0 = gap_x + column * (panel_w + gap_x)
        y0 = gap_x + row * (panel_h + gap_y)
        panels.append(Panel(x0, y0, panel_w, panel_h, f"{server_name} {k}"))
        first = len(positions)
        positions.extend(
            (x0 + pad + chip_w / 2 + c * pitch_x, y0 + pad + chip_h / 2 + r * pitch_y)
            for r in range(side)
            for c in range(side)
        )
        links.extend(_grid_links(side, first))
        corners.append((x0 - gap_x / 2, y0 - lane))  # where this server's chip joins the ring
    ring = [k * side * side for k in range(servers)]  # the first chip of each server
    for k, (a, b) in enumerate(zip(ring, ring[1:] + ring[:1], strict=True)):
        (xa, ya), (xb, yb) = positions[a], positions[b]
        (pa_x, pa_y), (pb_x, pb_y) = corners[k], corners[(k + 1) % servers]
        bend = "" if abs(pa_x - pb_x) < 0.1 or abs(pa_y - pb_y) < 0.1 else f"L{pb_x:.1f} {pa_y:.1f}"
        route = (
            f"M{xa - chip_w / 2:.1f} {ya - chip_h / 2:.1f}L{pa_x:.1f} {pa_y:.1f}{bend}"
            f"L{pb_x:.1f} {pb_y:.1f}L{xb - chip_w / 2:.1f} {yb - chip_h / 2:.1f}"
        )
        links.append(Link(a, b, route=route))
    rows = max(r for r, _ in order) + 1
    width = gap_x + 2 * panel_w + gap_x + 4 if servers > 1 else 2 * gap_x + panel_w
    height = gap_x + rows * panel_h + (rows - 1) * gap_y + label_h
    return Drawing(
        positions,
        links,
        width,
        height,
        chip=(chip_w, chip_h),
        stub=stub,
        panels=tuple(panels),
        highlight=frozenset(ring),
        compact=True,
    )


def _wrap(a: tuple[float, float], b: tuple[float, float], chip: tuple, stub: float, label: str) -> list[str]:
    """A wrap-around link as two stubs pointing out of the grid, each ending at the link's letter."""
    (x1, y1), (x2, y2) = a, b
    chip_w, chip_h = chip
    if abs(y1 - y2) < 1:  # a row: out of the left side of its first chip and the right side of its last
        d = f"M{x1 - chip_w / 2:.1f} {y1:.1f}h{-stub:g}M{x2 + chip_w / 2:.1f} {y2:.1f}h{stub:g}"
        ends = [(x1 - chip_w / 2 - stub - 6, y1), (x2 + chip_w / 2 + stub + 6, y2)]
    else:  # a column: out of the top of its first chip and the bottom of its last
        d = f"M{x1:.1f} {y1 - chip_h / 2:.1f}v{-stub:g}M{x2:.1f} {y2 + chip_h / 2:.1f}v{stub:g}"
        ends = [(x1, y1 - chip_h / 2 - stub - 7), (x2, y2 + chip_h / 2 + stub + 7)]
    parts = [f'<path class="nhd-topology__link nhd-topology__link--wrap" d="{d}"/>']
    parts += [
        f'<text class="nhd-topology__wrap-label" x="{x:.1f}" y="{y:.1f}" dy="0.35em" text-anchor="middle">'
        f"{escape(label)}</text>"
        for x, y in ends
    ]
    return parts


def describe(shape: str, chips: int, chip_name: str, side: int | None = None, servers: int | None = None) -> str:
    """The diagram in words, for screen readers and as the figure's text alternative."""
    numbered = f"{chips} {chip_name} chips numbered 0 to {chips - 1}"
    if shape == RING:
        return f"{numbered}, each linked to the next; chip {chips - 1} links back to chip 0, closing the ring."
    if shape == LINE:
        return f"{numbered}, each linked to the next; chips 0 and {chips - 1}, at the two ends, are not linked."
    torus_words = (
        "Each chip links to its neighbours on the left, right, above and below, and the two end chips of every "
        "row and of every column are linked too, so every chip has four neighbours"
    )
    if shape == TORUS:
        return f"{numbered} row by row in a grid of {side} by {side}. {torus_words}."
    return (
        f"{servers} servers, each holding {side * side} of the {chips} {chip_name} chips in a grid of {side} by "
        f"{side}. {torus_words} inside its server. The chips at the same position in the {servers} servers form "
        f"a ring, which gives every chip two more neighbours; the ring of the first chip of each server is drawn."
    )


def _legend(entries: list[tuple[str, str]], y: float) -> list[str]:
    parts = ['<g class="nhd-topology__legend">']
    for css, text in entries:
        parts.append(f'<line class="{css}" x1="4" y1="{y:.1f}" x2="30" y2="{y:.1f}"/>')
        parts.append(f'<text x="38" y="{y:.1f}" dy="0.35em">{escape(text)}</text>')
        y += LEGEND_LINE
    parts.append("</g>")
    return parts


def render(drawing: Drawing, *, ident: str, title: str, description: str, link_label: str | None) -> str:
    """The drawing as an accessible inline ``<svg>`` element."""
    legend = [("nhd-topology__link", f"NeuronLink{', ' + link_label + ' each' if link_label else ''}")]
    if any(link.wrap for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--wrap", "wrap-around link: same letter, same link"))
    if any(link.route for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--across", "ring across the servers"))
    height = drawing.height + LEGEND_LINE * len(legend) + 6
    chip_w, chip_h = drawing.chip
    size = f'viewBox="0 0 {drawing.width:.0f} {height:.0f}" width="{drawing.width:.0f}" height="{height:.0f}"'
    css = "nhd-topology nhd-topology--compact" if drawing.compact else "nhd-topology"
    ident = escape(ident, quote=True)  # built from the topology's id: escaped like any text from the data
    parts = [
        f'<svg class="{css}" {size} role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for panel in drawing.panels:
        parts.append(
            f'<g class="nhd-topology__server"><rect x="{panel.x:.1f}" y="{panel.y:.1f}" width="{panel.width:.1f}" '
            f'height="{panel.height:.1f}" rx="6"/><text x="{panel.x + panel.width / 2:.1f}" '
            f'y="{panel.y + panel.height + 14:.1f}" text-anchor="middle">{escape(panel.label)}</text></g>'
        )
    for link in drawing.links:
        a, b = drawing.positions[link.a], drawing.positions[link.b]
        if link.route:
            parts.append(f'<path class="nhd-topology__link nhd-topology__link--across" d="{escape(link.route)}"/>')
        elif link.wrap:
            parts.extend(_wrap(a, b, drawing.chip, drawing.stub, link.label or ""))
        else:
            parts.append(
                f'<line class="nhd-topology__link" x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>'
            )
    for i, (x, y) in enumerate(drawing.positions):
        css = "nhd-topology__chip nhd-topology__chip--ring" if i in drawing.highlight else "nhd-topology__chip"
        parts.append(
            f'<g class="{css}" data-chip="{i}"><rect x="{x - chip_w / 2:.1f}" y="{y - chip_h / 2:.1f}" '
            f'width="{chip_w}" height="{chip_h}" rx="{min(4, chip_h / 4):g}"/>'
            f'<text x="{x:.1f}" y="{y:.1f}" dy="0.35em" text-anchor="middle">{i}</text></g>'
        )
    parts.extend(_legend(legend, drawing.height + 6 + LEGEND_LINE / 2))
    parts.append("</svg>")
    return "".join(parts)
