"""Switched chip-to-chip fabrics (the ``switched`` topology shape) drawn as inline SVG from the data.

An UltraServer of this shape has ``servers`` servers of ``chips_per_server`` chips.  Its servers
are drawn in two columns, one per half: the first half on the left, the second on the right, so a
server sits on the same row as its partner in the other half.  Above each column is one of the
switches that join the servers (``top_switches``, one per half); a bus down the column's outer
side reaches every server of that half.  Inside a server, ``server_switches`` first-level switches
are drawn as bars under its chips.  Where the halves are linked directly (``direct``), a line
between two partner servers stands for one connection per chip position, as AWS draws it: chip k
of one server to chip k of the other (how many links make up one connection is not published).

A switch's line ends at a server's outline, not at a chip, to keep the drawing small; how many
links join a chip to a switch, and what each carries, AWS's diagrams do not say, and the drawing's
notes list that with anything else the source leaves open.  The drawing is ``MAX_WIDTH`` wide, so it is never scaled down on a phone;
it has no colours of its own (``static/neuron-hw-topology.css`` gives the theme's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from .specs import Specs, Topology

MAX_WIDTH = 340  # the SVG box of a 390 px phone's article column, so 11 px text is never scaled below 11 px
CHAR = 6.2  # generous width of one character of 11 px text, to wrap the legend and the notes
BUS = 6  # x of the left bus (the right one mirrors it)
BOX_X = 14  # left edge of the left column's server boxes
LABEL_W = 22  # room for the server number at the left of a server box
CHIP_W, CHIP_H = 22, 15
PITCH_X, PITCH_Y = 26, 19
GRID_COLUMNS = 4  # chips per row inside a server
PAD = 4  # inside a server box, around its chips
BAR_H, BAR_GAP = 5, 4  # a first-level switch: a bar under the chips, joined to each by a tick
ROW_GAP = 6  # between two servers of a column
SWITCH_H = 34  # a top-level switch box (two lines of text)
LINE_H = 15  # one line of the legend or the notes


@dataclass(frozen=True)
class Fabric:
    servers: int
    chips_per_server: int
    top_switches: int  # switches joining the servers, one per half
    server_switches: int = 0  # first-level switches inside each server (0: none documented)
    direct: bool = False  # each server linked chip by chip to its partner in the other half


def of(specs: Specs, topology: Topology) -> Fabric:
    """The fabric of a ``switched`` topology, its counts read from the data."""

    def count(path: str | None) -> int:
        return int(specs.figures[path].figure.value) if path else 0

    servers = topology.servers or 1
    return Fabric(
        servers=servers,
        chips_per_server=topology.chips // servers,
        top_switches=count(topology.switches),
        server_switches=count(topology.server_switches),
        direct=topology.direct,
    )


@dataclass(frozen=True)
class Server:
    index: int
    x: float
    y: float
    width: float
    height: float


def halves(servers: int) -> tuple[range, range]:
    """The servers of the left column and of the right one."""
    first = math.ceil(servers / 2)
    return range(first), range(first, servers)


def partners(fabric: Fabric) -> list[tuple[int, int]]:
    """The pairs of servers linked directly: the i-th server of each half."""
    if not fabric.direct:
        return []
    left, right = halves(fabric.servers)
    return list(zip(left, right, strict=False))


def _grid(chips: int) -> tuple[int, int]:
    columns = min(chips, GRID_COLUMNS)
    return columns, math.ceil(chips / columns)


def server_size(fabric: Fabric) -> tuple[float, float]:
    columns, rows = _grid(fabric.chips_per_server)
    width = LABEL_W + CHIP_W + (columns - 1) * PITCH_X + 2 * PAD
    height = 2 * PAD + CHIP_H + (rows - 1) * PITCH_Y + fabric.server_switches * (BAR_GAP + BAR_H)
    return width, height


def layout(fabric: Fabric) -> tuple[list[Server], float, float]:
    """Each server's box, the drawing's width and the height of its part above the legend."""
    box_w, box_h = server_size(fabric)
    box_w = max(box_w, (MAX_WIDTH - 2 * BOX_X - 32) / 2)  # two columns fill the width, with a gap for links
    width = max(MAX_WIDTH, 2 * BOX_X + 2 * box_w + 24)
    top = 4 + SWITCH_H + 10
    servers: list[Server] = []
    for column, half in enumerate(halves(fabric.servers)):
        x = BOX_X if column == 0 else width - BOX_X - box_w
        servers.extend(Server(i, x, top + row * (box_h + ROW_GAP), box_w, box_h) for row, i in enumerate(half))
    rows = len(halves(fabric.servers)[0])
    return servers, width, top + rows * (box_h + ROW_GAP) - ROW_GAP + 8


def chip_centres(fabric: Fabric, server: Server) -> list[tuple[float, float]]:
    """The centre of each chip of ``server``, row by row."""
    columns, _ = _grid(fabric.chips_per_server)
    inner = server.width - LABEL_W - 2 * PAD
    grid_w = CHIP_W + (columns - 1) * PITCH_X
    x0 = server.x + LABEL_W + PAD + (inner - grid_w) / 2 + CHIP_W / 2
    y0 = server.y + PAD + CHIP_H / 2
    return [(x0 + (k % columns) * PITCH_X, y0 + (k // columns) * PITCH_Y) for k in range(fabric.chips_per_server)]


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _span(half: range) -> str:
    if len(half) == 1:
        return f"server {half[0]}"
    if len(half) == 2:
        return f"servers {half[0]} and {half[-1]}"
    return f"servers {half[0]}\u2013{half[-1]}"


def wrap(words: str, width: float) -> list[str]:
    """``words`` broken into lines of 11 px text no wider than ``width``."""
    most = max(10, int(width // CHAR))
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _switch_name(fabric: Fabric) -> str:
    return "Second-level switch" if fabric.server_switches else "NeuronSwitch-v1"


def describe(fabric: Fabric, chip_name: str, undocumented: tuple[str, ...] = ()) -> str:
    """The drawing in words, for screen readers and for every builder but HTML."""
    n, per = fabric.servers, fabric.chips_per_server
    left, right = halves(n)
    words = [
        f"{n} servers of {per} {chip_name} chips each, {n * per} chips in all, numbered 0 to {per - 1} in each server."
    ]
    if fabric.server_switches:
        count = (
            "a first-level NeuronSwitch-v1"
            if fabric.server_switches == 1
            else (f"{fabric.server_switches} first-level NeuronSwitch-v1 switches")
        )
        words.append(f"Inside each server, {count} joins its {per} chips.")
    level = " at the second level" if fabric.server_switches else ""
    if fabric.top_switches == 2:
        words.append(
            f"Two NeuronSwitch-v1 switches{level} join the servers, one for each half: {_span(left)} and {_span(right)}."
        )
    else:
        words.append(f"{fabric.top_switches} NeuronSwitch-v1 switches{level} join the servers.")
    pairs = partners(fabric)
    if pairs:
        a, b = pairs[0]
        words.append(
            f"Each server of the first half is also linked directly to the server {b - a} places on (server {a} to "
            f"server {b}, and so on): AWS draws a connection from chip k of one to chip k of the other, for each of "
            f"the {per} chip positions."
        )
    if undocumented:
        words.append("Not documented: " + "; ".join(undocumented) + ".")
    return " ".join(words)


def render(fabric: Fabric, *, ident: str, title: str, description: str, undocumented: tuple[str, ...] = ()) -> str:
    """The fabric as an accessible inline ``<svg>`` element."""
    servers, width, body = layout(fabric)
    left, right = halves(fabric.servers)
    ident = escape(ident, quote=True)
    parts: list[str] = []
    # The switches joining the servers: a box over each column, a bus down its outer side.
    for column, half in enumerate((left, right)[: fabric.top_switches]):
        boxes = [s for s in servers if s.index in half]
        if not boxes:
            continue
        x0 = boxes[0].x - BOX_X + 2 if column == 0 else boxes[0].x
        box_w = boxes[0].width + BOX_X - 2
        bus = BUS if column == 0 else width - BUS
        edge = boxes[0].x if column == 0 else boxes[0].x + boxes[0].width
        last = boxes[-1].y + boxes[-1].height / 2
        ticks = "".join(f"M{_n(bus)} {_n(s.y + s.height / 2)}H{_n(edge)}" for s in boxes)
        parts.append(
            f'<g class="nhd-fabric__switch nhd-fabric__switch--top" data-switch="{column}">'
            f'<path class="nhd-fabric__bus" d="M{_n(bus)} {4 + SWITCH_H}V{_n(last)}{ticks}"/>'
            f'<rect x="{_n(x0)}" y="4" width="{_n(box_w)}" height="{SWITCH_H}" rx="4"/>'
            f'<text x="{_n(x0 + box_w / 2)}" y="{4 + SWITCH_H / 2 - 3}" text-anchor="middle">'
            f"{escape(_switch_name(fabric))} {column}</text>"
            f'<text class="nhd-fabric__small" x="{_n(x0 + box_w / 2)}" y="{4 + SWITCH_H / 2 + 11}" '
            f'text-anchor="middle">{escape(_span(half))}</text></g>'
        )
    # Direct links between partner servers: one line per pair, for one link per chip position.
    by_index = {s.index: s for s in servers}
    for a, b in partners(fabric):
        sa, sb = by_index[a], by_index[b]
        y = sa.y + sa.height / 2
        x1, x2 = sa.x + sa.width, sb.x
        parts.append(
            f'<g class="nhd-fabric__direct" data-servers="{a} {b}"><path d="M{_n(x1)} {_n(y)}H{_n(x2)}"/>'
            f'<text x="{_n((x1 + x2) / 2)}" y="{_n(y - 4)}" text-anchor="middle">\u00d7{fabric.chips_per_server}</text></g>'
        )
    for server in servers:
        parts.append(_server(fabric, server))
    height = body
    legend, height = _legend(fabric, width, height)
    parts.extend(legend)
    notes = []
    if undocumented:
        notes.append(
            f'<g class="nhd-fabric__notes"><text x="4" y="{_n(height + 11)}" font-weight="700">Not documented:</text>'
        )
        height += LINE_H
        for item in undocumented:
            for i, line in enumerate(wrap(item, width - 18)):
                bullet = "\u2022 " if i == 0 else ""
                x = 4 if i == 0 else 13
                notes.append(f'<text x="{x}" y="{_n(height + 11)}">{escape(bullet + line)}</text>')
                height += LINE_H
        notes.append("</g>")
    parts.extend(notes)
    size = f'viewBox="0 0 {_n(width)} {_n(height + 4)}" width="{_n(width)}" height="{_n(height + 4)}"'
    head = [
        f'<svg class="nhd-topology nhd-topology--fabric" {size} role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    return "".join([*head, *parts, "</svg>"])


def _server(fabric: Fabric, server: Server) -> str:
    """A server in coordinates of its own (one ``translate``), so that its chips stay short to write."""
    centres = [(x - server.x, y - server.y) for x, y in chip_centres(fabric, server)]
    place = f'transform="translate({_n(server.x)} {_n(server.y)})"'
    parts = [
        (
            f'<g class="nhd-fabric__server" data-server="{server.index}" {place}>'
            f'<rect width="{_n(server.width)}" height="{_n(server.height)}"/>'
            f'<text x="5" y="{_n(server.height / 2 + 4)}">{server.index}</text>'
        ),
        '<g class="nhd-fabric__chips">',  # centred text: text-anchor in the stylesheet, to keep 144 chips small
    ]
    for k, (x, y) in enumerate(centres):
        parts.append(
            f'<rect x="{_n(x - CHIP_W / 2)}" y="{_n(y - CHIP_H / 2)}" width="{CHIP_W}" height="{CHIP_H}"/>'
            f'<text x="{_n(x)}" y="{_n(y + 4)}">{k}</text>'
        )
    parts.append("</g>")
    bottom = max(y for _, y in centres) + CHIP_H / 2
    last_row = [x for x, y in centres if y + CHIP_H / 2 == bottom]
    x0, x1 = min(x for x, _ in centres) - CHIP_W / 2, max(x for x, _ in centres) + CHIP_W / 2
    for level in range(fabric.server_switches):
        top = bottom + BAR_GAP + level * (BAR_H + BAR_GAP)
        ticks = "".join(f"M{_n(x)} {_n(bottom)}V{_n(top)}" for x in last_row) if level == 0 else ""
        tick = f'<path d="{ticks}"/>' if ticks else ""
        parts.append(
            f'<g class="nhd-fabric__l1">{tick}<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(x1 - x0)}" height="{BAR_H}"/></g>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(fabric: Fabric, width: float, y: float) -> tuple[list[str], float]:
    entries: list[tuple[str, str]] = [
        (
            "bus",
            f"{_switch_name(fabric)}: a NeuronSwitch-v1 joining the servers of one column",
        )
    ]
    if fabric.server_switches:
        entries.append(("bar", "first-level NeuronSwitch-v1 of a server, joined to each of its chips"))
    if fabric.direct:
        per = fabric.chips_per_server
        entries.append(
            (
                "direct",
                f"\u00d7{per}: direct NeuronLink-v4 connections between partner servers, one per chip position, chip k to chip k",
            )
        )
    entries.append(("chip", "a chip, numbered by its place in the server; server numbers at the left"))
    parts = ['<g class="nhd-fabric__legend">']
    for kind, words in entries:
        lines = wrap(words, width - 40)
        mid = y + 11 - 4
        if kind == "bus":
            parts.append(f'<path class="nhd-fabric__bus" d="M4 {_n(mid)}H30"/>')
        elif kind == "bar":
            parts.append(
                f'<rect class="nhd-fabric__bar" x="4" y="{_n(mid - BAR_H / 2)}" width="26" height="{BAR_H}" rx="2"/>'
            )
        elif kind == "direct":
            parts.append(f'<path class="nhd-fabric__direct-line" d="M4 {_n(mid)}H30"/>')
        else:
            parts.append(f'<rect class="nhd-fabric__chip-key" x="7" y="{_n(mid - 6)}" width="20" height="12" rx="3"/>')
        for line in lines:
            parts.append(f'<text x="38" y="{_n(y + 11)}">{escape(line)}</text>')
            y += LINE_H
        y += 3
    parts.append("</g>")
    return parts, y + 4
