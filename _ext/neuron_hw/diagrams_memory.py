"""The memory hierarchy of each chip generation, drawn as inline SVG from the data.

One row per chip, in the data's order, each read from left to right as data travels towards the
engines: the host's memory, the chip's device memory and the NeuronCore's on-chip SBUF and PSUM.
Every number is a figure of the data, written as the tables write it:

* host memory: the smallest and largest ``host_memory`` of the chip's instances (of its
  UltraServers where it has no instance), per instance or per UltraServer as the box says;
* device memory: the chip's ``memory_type``, ``device_memory`` and ``memory_bandwidth``, per chip;
* on-chip memory: the core's ``sbuf`` and ``psum``, per physical NeuronCore.

A figure the data does not have is written "not published", never guessed; one that the tables
qualify with a note carries a star, explained under the drawing.  Host-to-device bandwidth is not a
figure of the data (AWS publishes none), and the drawing says so rather than drawing a rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .diagrams_svg import CHAR, LINE, box, close_svg, n, open_svg, text
from .entity_figures import EntityFigures
from .specs import Figure, Specs, System
from .units import convert, format_number

WIDTH = 340  # narrower than the article column of a concept page on a 390 px phone: never scaled down
PAD = 4  # from the edge of the drawing to the boxes
JOIN = 8  # the room between two boxes of a row, where the line joining them runs
SMALL = 11 / 12  # a box's lines after its first are 11 px, not 12 (nhd-blocks__small)
HEAD_H = 34  # the column headings: a name and its scope
ROW_HEAD = 20  # a row's name line
BOX_H = 3 * LINE + 8  # room for three lines
GAP = 8  # between two rows
LEVELS = ("host", "device", "sbuf")  # each box's data-level, left to right
NOTE = "*"  # marks a figure that the tables qualify with a note
NOT_PUBLISHED = "not published"
COLUMNS = ("Host memory", "Device memory", "SBUF, PSUM")


@dataclass(frozen=True)
class Level:
    """One box of a row: its lines (the first is its name) and whether any figure in it is noted."""

    lines: tuple[str, ...]
    noted: bool = False


@dataclass(frozen=True)
class Generation:
    chip: str  # the chip's name without "AWS "
    core: str
    host: Level
    device: Level
    on_chip: Level
    host_scope: str  # "instance" or "UltraServer": what the host figures are per
    host_missing: tuple[str, ...]  # systems of that kind whose host memory is not published


@dataclass(frozen=True)
class Hierarchy:
    generations: tuple[Generation, ...]
    memory_types: tuple[str, ...]  # of the chips drawn, as the data names them (HBM, DDR)
    sources: tuple[str, ...]

    @property
    def noted(self) -> bool:
        return any(level.noted for g in self.generations for level in (g.host, g.device, g.on_chip))


def _mark(words: str, figure: Figure | None) -> str:
    return words + NOTE if figure is not None and figure.note else words


def _span(figures: list[Figure]) -> str:
    """The smallest to the largest figure, as the tables write them: "8–192 GiB"."""
    unit = figures[0].unit
    ordered = sorted(figures, key=lambda f: convert(f.value, f.unit, unit))
    low, high = ordered[0], ordered[-1]
    if low.value == high.value and low.unit == high.unit:
        return high.text()
    if low.unit == high.unit:
        return f"{format_number(low.value)}\u2013{high.text()}"
    return f"{low.text()}\u2013{high.text()}"


def _host(specs: Specs, chip_id: str, used: list[Figure]) -> tuple[Level, str, tuple[str, ...]]:
    """The host memory of the chip's instances (or UltraServers, where it has no instance)."""
    systems: list[System] = [s for s in specs.systems.values() if s.chip == chip_id and s.kind == "instance"]
    scope = "instance"
    if not systems:
        systems = [s for s in specs.systems.values() if s.chip == chip_id]
        scope = "UltraServer"
    found = [(s, s.figures.get("host_memory")) for s in systems]
    figures = [f for _, f in found if f is not None]
    missing = tuple(s.name for s, f in found if f is None)
    used.extend(figures)
    if not figures:
        return Level(("Host memory", NOT_PUBLISHED, f"per {scope}")), scope, missing
    lines = [_span(figures) + (NOTE if any(f.note for f in figures) else ""), f"per {scope}"]
    if missing:
        lines.append(f"{len(missing)} more: n/p")
    return Level(tuple(lines), any(f.note for f in figures)), scope, missing


def hierarchy(specs: Specs, chips: list[str] | None = None) -> Hierarchy:
    """Each chip's memory levels, in the data's order (or the order of ``chips``)."""
    generations = []
    sources: list[str] = []
    for chip_id in chips or list(specs.chips):
        chip = specs.chips[chip_id]
        core = specs.cores[chip.core]
        on_chip = EntityFigures(specs, "core", core)
        read = EntityFigures(specs, "chip", chip)
        capacity, rate = read.figure("device_memory"), read.figure("memory_bandwidth")
        device = Level(
            (
                f"{chip.memory_type} " + (_mark(capacity.text(), capacity) if capacity else NOT_PUBLISHED),
                _mark(rate.text(), rate) if rate else f"rate {NOT_PUBLISHED}",
                "per chip",
            ),
            any(f is not None and f.note for f in (capacity, rate)),
        )
        sbuf, psum = on_chip.figure("sbuf"), on_chip.figure("psum")
        if sbuf is None and psum is None:
            memories = Level(("SBUF, PSUM", NOT_PUBLISHED, "per NeuronCore"))
        else:
            memories = Level(
                (
                    *(
                        f"{name} " + (_mark(found.text(), found) if found else NOT_PUBLISHED)
                        for name, found in (("SBUF", sbuf), ("PSUM", psum))
                    ),
                    "per NeuronCore",
                ),
                any(f is not None and f.note for f in (sbuf, psum)),
            )
        hosts: list[Figure] = []
        host, scope, missing = _host(specs, chip_id, hosts)
        generations.append(
            Generation(chip.name.removeprefix("AWS "), core.name, host, device, memories, scope, missing)
        )
        sources += [f.source for f in hosts if f.source]
        sources += list(read.sources()) + list(on_chip.sources())
    types = tuple(sorted({specs.chips[c].memory_type for c in chips or specs.chips}))
    return Hierarchy(tuple(generations), types, tuple(dict.fromkeys(sources)))


def notes(parts: Hierarchy) -> list[str]:
    """The lines under the drawing."""
    lines = [
        "Host \u2194 device: copies made by the framework,",
        "both ways; AWS's text gives no bandwidth.",
        "Device memory \u2194 SBUF: DMA, both ways.",
    ]
    if any(g.host_missing for g in parts.generations):
        lines.append("n/p: no source of this site gives it.")
    if parts.noted:
        lines.append(f"{NOTE} qualified by a note on the chip pages.")
    return lines


def describe(parts: Hierarchy) -> str:
    """The drawing in words, for screen readers and every writer but HTML."""
    out = [
        (
            "The memory hierarchy of each chip, from the host's memory through the chip's device memory "
            "to each NeuronCore's SBUF and PSUM."
        )
    ]
    for g in parts.generations:
        host = NOT_PUBLISHED if g.host.lines[0] == "Host memory" else " ".join(g.host.lines[:2]).replace(NOTE, "")
        if g.host_missing:
            host += f" ({', '.join(g.host_missing)}: in no source of this site)"
        device = " at ".join(line.removesuffix(NOTE) for line in g.device.lines[:2])
        on_chip = " and ".join(line.removesuffix(NOTE) for line in g.on_chip.lines[:-1])
        if g.on_chip.lines[0] == "SBUF, PSUM":
            on_chip = f"SBUF and PSUM {NOT_PUBLISHED}"
        out.append(
            f"{g.chip} with {g.core}: host memory {host}; device memory {device} per chip"
            f"{' (qualified by a note)' if g.device.noted else ''}; "
            f"{on_chip} per NeuronCore{' (qualified by a note)' if g.on_chip.noted else ''}."
        )
    out.append(
        "Data moves between host and device memory, both ways, in copies made by the framework (AWS's text "
        "gives no bandwidth for them), and between device memory and SBUF, both ways, in DMA transfers."
    )
    return " ".join(out)


def line_width(line: str, index: int) -> float:
    """The room a box's line ``index`` needs at its size, generously (``diagrams_svg.CHAR``)."""
    return len(line) * CHAR * (SMALL if index else 1)


def widths(parts: Hierarchy) -> tuple[float, float, float]:
    """Each column's width: room for its longest line and its heading, the spare room shared evenly."""
    need = [
        max(line_width(line, i) for g in parts.generations for i, line in enumerate(getattr(g, level).lines)) + 8
        for level in ("host", "device", "on_chip")
    ]
    need = [max(w, len(name) * CHAR + 8) for w, name in zip(need, COLUMNS, strict=True)]
    spare = (WIDTH - 2 * PAD - 2 * JOIN - sum(need)) / 3
    host, device, on_chip = (w + spare for w in need)
    return host, device, on_chip


def render(parts: Hierarchy, *, ident: str, title: str, description: str) -> str:
    """The hierarchy as an accessible inline ``<svg>``; every number comes from ``parts``."""
    columns = widths(parts)
    lefts = [PAD, PAD + columns[0] + JOIN, PAD + columns[0] + columns[1] + 2 * JOIN]
    body: list[str] = []
    kinds = ("the CPU's DRAM", " or ".join(parts.memory_types), "on-chip SRAM")
    for name, kind, x, w in zip(COLUMNS, kinds, lefts, columns, strict=True):
        body.append(text(x + w / 2, 10, name, anchor="middle", css="nhd-blocks__heading"))
        body.append(text(x + w / 2, 10 + LINE, kind, anchor="middle", css="nhd-blocks__small"))
    y: float = HEAD_H
    for g in parts.generations:
        row = [f'<g class="nhd-memory__row" data-chip="{escape(g.chip, quote=True)}">']
        row.append(text(PAD, y + ROW_HEAD / 2, f"{g.chip} \u00b7 {g.core}", css="nhd-blocks__heading"))
        top = y + ROW_HEAD
        for level, kind, x, w in zip((g.host, g.device, g.on_chip), LEVELS, lefts, columns, strict=True):
            css = "nhd-blocks__memory" if kind != "host" else "nhd-blocks__memory nhd-memory__host"
            row.append(box(x, top, w, BOX_H, css, list(level.lines), data=f'data-level="{kind}"'))
        for x, w in zip(lefts[:2], columns[:2], strict=True):
            mid = top + BOX_H / 2
            row.append(
                f'<line class="nhd-blocks__path" x1="{n(x + w)}" y1="{n(mid)}" x2="{n(x + w + JOIN)}" y2="{n(mid)}"/>'
            )
        row.append("</g>")
        body.extend(row)
        y = top + BOX_H + GAP
    y += 2
    for line in notes(parts):
        body.append(text(PAD, y + LINE / 2, line, css="nhd-blocks__small"))
        y += LINE
    height = y + PAD
    head = open_svg("nhd-memory", WIDTH, height, ident, title, description)
    return close_svg([*head, *body])
