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

from .diagrams_svg import n as _n
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
CORNER = 6  # radius of the corners of the ring across an UltraServer's servers


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
    notes: tuple[str, ...] = ()  # lines of text under the legend


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


def _clockwise(servers: int) -> list[tuple[int, float]]:
    """(row, column) of each server in two columns, in ring order: along the top, down the right
    column, back along the bottom and up the left column, so the ring runs round, not across.

    With an odd count the bottom row holds one server, centred (column 0.5), so the ring stays
    symmetric: three servers make a triangle, five a pentagon, not a square with a corner missing."""
    rows = math.ceil(servers / 2)
    if servers % 2 and servers > 1:
        down = [(r, 1.0) for r in range(rows - 1)]
        up = [(r, 0.0) for r in range(rows - 2, 0, -1)]
        return [(0, 0.0), *down, (rows - 1, 0.5), *up]
    order = [(0, 0.0)] + [(r, 1.0) for r in range(rows)] + [(r, 0.0) for r in range(rows - 1, 0, -1)]
    return order[:servers]


def ultraserver(servers: int, side: int, server_name: str) -> Drawing:
    """One small torus per server, the servers in two columns; the chips at one position, one per
    server, joined in a ring.

    Every position forms such a ring; one is drawn (each server's first chip), and a note under the
    drawing says so.  The ring is a loop: it runs in the lane above each row of servers and down
    the outer sides, so it closes round the block; a short link rises from the top left corner of
    each server's first chip to the lane above it, clear of the chip's four other links.
    """
    chip_w, chip_h, pitch_x, pitch_y, stub = 24, 18, 29, 28, 8
    pad = 20  # inside a server: the stubs and their letters
    edge, gap_x, gap_y, lane = 14, 10, 36, 8  # the ring's sides run ``edge / 2`` from the outer edges
    label_h = 20
    panel_w = 2 * pad + chip_w + (side - 1) * pitch_x
    panel_h = 2 * pad + chip_h + (side - 1) * pitch_y
    order = _clockwise(servers)
    columns = 2 if servers > 1 else 1
    width = 2 * edge + columns * panel_w + (columns - 1) * gap_x
    left, right = edge / 2, width - edge / 2
    positions: list[tuple[float, float]] = []
    links: list[Link] = []
    panels, taps = [], []
    for k, (row, column) in enumerate(order):
        x0 = edge + column * (panel_w + gap_x)
        y0 = 2 * lane + row * (panel_h + gap_y)
        panels.append(Panel(x0, y0, panel_w, panel_h, f"{server_name} {k}"))
        first = len(positions)
        positions.extend(
            (x0 + pad + chip_w / 2 + c * pitch_x, y0 + pad + chip_h / 2 + r * pitch_y)
            for r in range(side)
            for c in range(side)
        )
        links.extend(_grid_links(side, first))
        taps.append((x0 + pad, y0 - lane))  # above the top left corner of the server's first chip
    ring = [k * side * side for k in range(servers)]  # the first chip of each server
    for k in range(servers if servers > 1 else 0):
        a, b = ring[k], ring[(k + 1) % servers]
        (ta_x, ta_y), (tb_x, tb_y) = taps[k], taps[(k + 1) % servers]
        if abs(ta_y - tb_y) < 0.1:  # along one lane
            along = ""
        else:  # down the right side, or back up the left side to close the loop
            x = right if tb_y > ta_y else left
            sx = 1 if x > ta_x else -1  # towards the side, and back
            sy = 1 if tb_y > ta_y else -1
            along = (  # with rounded corners, so that it reads as a loop
                f"L{_n(x - sx * CORNER)} {_n(ta_y)}Q{_n(x)} {_n(ta_y)} {_n(x)} {_n(ta_y + sy * CORNER)}"
                f"L{_n(x)} {_n(tb_y - sy * CORNER)}Q{_n(x)} {_n(tb_y)} {_n(x - sx * CORNER)} {_n(tb_y)}"
            )
        route = (
            f"M{_n(ta_x)} {_n(positions[a][1] - chip_h / 2)}L{_n(ta_x)} {_n(ta_y)}{along}"
            f"L{_n(tb_x)} {_n(tb_y)}L{_n(tb_x)} {_n(positions[b][1] - chip_h / 2)}"
        )
        links.append(Link(a, b, route=route))
    rows = max(r for r, _ in order) + 1
    height: float = 2 * lane + rows * panel_h + (rows - 1) * gap_y + label_h
    if servers == 2:  # the two links of a ring of two: the second closes the loop under the servers
        bottom = height + lane / 2
        (t0_x, t0_y), (t1_x, t1_y) = taps
        back = (
            f"M{_n(t1_x)} {_n(positions[ring[1]][1] - chip_h / 2)}L{_n(t1_x)} {_n(t1_y)}"
            f"L{_n(right - CORNER)} {_n(t1_y)}Q{_n(right)} {_n(t1_y)} {_n(right)} {_n(t1_y + CORNER)}"
            f"L{_n(right)} {_n(bottom - CORNER)}Q{_n(right)} {_n(bottom)} {_n(right - CORNER)} {_n(bottom)}"
            f"L{_n(left + CORNER)} {_n(bottom)}Q{_n(left)} {_n(bottom)} {_n(left)} {_n(bottom - CORNER)}"
            f"L{_n(left)} {_n(t0_y + CORNER)}Q{_n(left)} {_n(t0_y)} {_n(left + CORNER)} {_n(t0_y)}"
            f"L{_n(t0_x)} {_n(t0_y)}L{_n(t0_x)} {_n(positions[ring[0]][1] - chip_h / 2)}"
        )
        links[-1] = Link(ring[1], ring[0], route=back)
        height = bottom + lane / 2
    positions_per_server = side * side
    notes = (
        f"All {positions_per_server} positions are joined the same way:",
        f"{positions_per_server} rings of {servers} chips, one drawn here.",
    )
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
        notes=notes if servers > 1 else (),
    )


def _wrap(a: tuple[float, float], b: tuple[float, float], chip: tuple, stub: float, label: str) -> list[str]:
    """A wrap-around link as two stubs pointing out of the grid, each ending at the link's letter."""
    (x1, y1), (x2, y2) = a, b
    chip_w, chip_h = chip
    if abs(y1 - y2) < 1:  # a row: out of the left side of its first chip and the right side of its last
        d = f"M{_n(x1 - chip_w / 2)} {_n(y1)}h{-stub:g}M{_n(x2 + chip_w / 2)} {_n(y2)}h{stub:g}"
        ends = [(x1 - chip_w / 2 - stub - 6, y1), (x2 + chip_w / 2 + stub + 6, y2)]
    else:  # a column: out of the top of its first chip and the bottom of its last
        d = f"M{_n(x1)} {_n(y1 - chip_h / 2)}v{-stub:g}M{_n(x2)} {_n(y2 + chip_h / 2)}v{stub:g}"
        ends = [(x1, y1 - chip_h / 2 - stub - 7), (x2, y2 + chip_h / 2 + stub + 7)]
    parts = [f'<path class="nhd-topology__link nhd-topology__link--wrap" d="{d}"/>']
    parts += [
        f'<text class="nhd-topology__wrap-label" x="{_n(x)}" y="{_n(y)}" dy="0.35em" text-anchor="middle">'
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
    if side is None:  # the model requires a side of every grid shape
        raise ValueError(f"a {shape} needs a side to be described")
    if shape == TORUS:
        return f"{numbered} row by row in a grid of {side} by {side}. {torus_words}."
    if servers is None:
        raise ValueError(f"a {shape} needs its servers to be described")
    return (
        f"{servers} servers, each holding {side * side} of the {chips} {chip_name} chips in a grid of {side} by "
        f"{side}. {torus_words} inside its server. The chips at the same position in the {servers} servers form "
        f"a ring, which gives every chip two more neighbours. All {side * side} positions are joined this way, "
        f"so there are {side * side} such rings of {servers} chips each. One is drawn: the ring of each server's "
        f"first chip ({', '.join(str(k * side * side) for k in range(servers))}), a loop that runs above each row "
        f"of servers and down both sides, with a short link to each of those chips."
    )


def _legend(entries: list[tuple[str, str]], y: float) -> list[str]:
    parts = ['<g class="nhd-topology__legend">']
    for css, text in entries:
        parts.append(f'<line class="{css}" x1="4" y1="{_n(y)}" x2="30" y2="{_n(y)}"/>')
        parts.append(f'<text x="38" y="{_n(y)}" dy="0.35em">{escape(text)}</text>')
        y += LEGEND_LINE
    parts.append("</g>")
    return parts


def render(drawing: Drawing, *, ident: str, title: str, description: str, link_label: str | None) -> str:
    """The drawing as an accessible inline ``<svg>`` element."""
    legend = [("nhd-topology__link", f"NeuronLink{', ' + link_label + ' each' if link_label else ''}")]
    if any(link.wrap for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--wrap", "wrap-around link: same letter, same link"))
    if any(link.route for link in drawing.links):
        legend.append(("nhd-topology__link nhd-topology__link--across", "ring across the servers, position 0"))
    height = drawing.height + LEGEND_LINE * (len(legend) + len(drawing.notes)) + 6
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
            f'<g class="nhd-topology__server"><rect x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.width)}" '
            f'height="{_n(panel.height)}" rx="6"/><text x="{_n(panel.x + panel.width / 2)}" '
            f'y="{_n(panel.y + panel.height + 14)}" text-anchor="middle">{escape(panel.label)}</text></g>'
        )
    for link in drawing.links:
        a, b = drawing.positions[link.a], drawing.positions[link.b]
        if link.route:
            parts.append(f'<path class="nhd-topology__link nhd-topology__link--across" d="{escape(link.route)}"/>')
        elif link.wrap:
            parts.extend(_wrap(a, b, drawing.chip, drawing.stub, link.label or ""))
        else:
            parts.append(
                f'<line class="nhd-topology__link" x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}"/>'
            )
    for i, (x, y) in enumerate(drawing.positions):
        css = "nhd-topology__chip nhd-topology__chip--ring" if i in drawing.highlight else "nhd-topology__chip"
        parts.append(
            f'<g class="{css}" data-chip="{i}"><rect x="{_n(x - chip_w / 2)}" y="{_n(y - chip_h / 2)}" '
            f'width="{chip_w}" height="{chip_h}" rx="{min(4, chip_h / 4):g}"/>'
            f'<text x="{_n(x)}" y="{_n(y)}" dy="0.35em" text-anchor="middle">{i}</text></g>'
        )
    parts.extend(_legend(legend, drawing.height + 6 + LEGEND_LINE / 2))
    for i, note in enumerate(drawing.notes):
        y = drawing.height + 6 + LEGEND_LINE * (len(legend) + i + 0.5)
        parts.append(f'<text class="nhd-topology__note" x="4" y="{_n(y)}" dy="0.35em">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)
