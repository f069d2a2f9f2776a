"""Sizing tables and charts, computed from the data by ``sizing.py`` and drawn by ``charts.py``.

* ``ridge-points``      -- per chip and data type: dense compute / bandwidth (device memory,
  NeuronLink, EFA), in FLOP per byte, with the inputs beside each ridge point
* ``weights-fit``       -- per instance and UltraServer (or one family's): billions of parameters
  whose weights fit in device memory, for BF16, FP8 and MXFP4, with the bytes per parameter
* ``generation-charts`` -- bar charts per chip generation, with the table they draw
* ``roofline-charts``   -- one log-log roofline chart per chip; the ridge-points table is their text

Every computed value carries the ``derived`` note. Each column holds one unit, named in its header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import charts, ids, levels, provenance, sizing, units
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import DERIVED_NOTE
from .base import SpecDirective
from .cells import figures_unit, in_unit, level_value
from .topology import topology_drawing

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data import Chip, Figure

CSS_FILE = "nhw-sizing.css"


def derived_cell(table: SpecTable, level: levels.Level, *extra_notes: str | None) -> list[nodes.Node]:
    """A computed :class:`levels.Level`: its shown value (the unit is in the header), linked to its
    record, its input notes and the ``derived`` note; or its absence mark."""
    if level.value is None:
        return table.absent(NOT_APPLICABLE if level.status == levels.NOT_APPLICABLE else NOT_PUBLISHED)
    table.cite(*level.sources)
    number = sizing.shown(level.value)
    shown = level_value(table, level, units.format_number(number), units.format_quantity(number, level.unit))
    return table.cell([shown], *level.notes, *extra_notes, DERIVED_NOTE)


def _absent_or(table: SpecTable, figure: Figure | None, status: str, unit: str) -> list[nodes.Node]:
    if figure is None:
        return table.absent(NOT_APPLICABLE if status == levels.NOT_APPLICABLE else NOT_PUBLISHED)
    return number_only(in_unit(table, figure, unit), unit)


def number_only(cell: list[nodes.Node], unit: str | None = None) -> list[nodes.Node]:
    """The cell without its unit (the column header names it), keeping its notes and anchors.

    The value is the cell's first node: its text, or an element (an anchored figure) around it."""
    if not cell:
        return cell
    first = cell[0]
    if isinstance(first, nodes.inline) and "spec-run" in first["classes"]:  # a value with its markers
        number_only(first.children, unit)
        return cell
    text = first if isinstance(first, nodes.Text) else None
    if text is None and isinstance(first, nodes.Element) and len(first.children) == 1:
        text = first.children[0] if isinstance(first.children[0], nodes.Text) else None
    if text is None:
        return cell
    number, _, rest = _split(str(text))
    if rest and (unit is None or rest == unit):
        if text is first:
            cell[0] = nodes.Text(number)
        else:
            first.replace(text, nodes.Text(number))
    return cell


def _split(text: str) -> tuple[str, str, str]:
    """ "1,536 GiB" (a space or a no-break space) -> ("1,536", " ", "GiB")."""
    for space in ("\u00a0", " "):
        if space in text:
            return text.partition(space)
    return text, "", ""


def short(chip: Chip) -> str:
    return chip.name.removeprefix("AWS ")


# -- ridge points --------------------------------------------------------------------------------
# Units of the input columns (one per column; published figures in other units are converted).
RATE_UNIT, MEMORY_UNIT, LINK_UNIT, EFA_UNIT = "TFLOPS", "TB/s", "GB/s", "Gbps"


class RidgePoints(SpecDirective):
    """``.. ridge-points::`` -- every chip and data type: dense compute / bandwidth per chip."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        table = self.new_table("Roofline ridge points per chip (dense compute \u00f7 bandwidth, both per chip)")
        # The memory column's unit reads its chips between 1 and 9,999 (units.line_unit), as the chip table's row.
        memory_unit = figures_unit(
            (sizing.bandwidth(specs, c, sizing.MEMORY)[0] for c in specs.chips.values()), MEMORY_UNIT
        )
        rows = []
        for chip in specs.chips.values():
            for label, dtype in sizing.RIDGE_TYPES:
                rate, _status = sizing.dense_rate(specs, chip, dtype)
                if rate is None:
                    continue  # the prose says which chips have no such rate
                row: list = [
                    table.cell(f"{short(chip)}, {sizing.type_label(label, dtype, rate)}"),
                    _absent_or(table, rate, NOT_PUBLISHED, RATE_UNIT),
                ]
                for against, unit in (
                    (sizing.MEMORY, memory_unit),
                    (sizing.NEURONLINK, LINK_UNIT),
                    (sizing.EFA, EFA_UNIT),
                ):
                    link, status = sizing.bandwidth(specs, chip, against)
                    row.append(_absent_or(table, link, status, unit))
                    row.append(derived_cell(table, sizing.ridge_point(specs, chip, dtype, against)))
                rows.append(row)
        header = [
            "Chip, data type",
            f"Dense compute per chip ({RATE_UNIT})",
            f"Device-memory bandwidth per chip ({memory_unit})",
            "Ridge against device memory (FLOP/byte) = compute \u00f7 device-memory bandwidth",
            f"NeuronLink bandwidth per chip ({LINK_UNIT})",
            "Ridge against NeuronLink (FLOP/byte) = compute \u00f7 NeuronLink bandwidth",
            f"EFA bandwidth per chip ({EFA_UNIT})",
            "Ridge against EFA (FLOP/byte) = compute \u00f7 (EFA bandwidth \u00f7 8 bits per byte)",
        ]
        built = table.build(header, rows)
        built[0]["classes"].append("nhw-sizing-table")
        return [*built, self._conversions()]

    def _conversions(self) -> nodes.paragraph:
        text = (
            "How the ridge points are computed: both figures are converted to base units exactly before "
            "dividing, TFLOPS \u00d7 10^12 to FLOP/s, TB/s \u00d7 10^12 and GB/s \u00d7 10^9 to bytes/s, GiB/s "
            "\u00d7 2^30 to bytes/s, Gbps \u00d7 10^9 \u00f7 8 to bytes/s. The bandwidth columns show converted "
            "figures rounded to three significant figures; the ridge points use the published figures. "
            "Ridge points are shown as whole numbers from 100 up and to three significant figures below."
        )
        return nodes.paragraph(text, text, classes=["nhw-formula"])


# -- weights that fit ----------------------------------------------------------------------------
class WeightsFit(SpecDirective):
    """``.. weights-fit::`` (every size) or ``.. weights-fit:: trn2`` (one family)."""

    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        if self.arguments:
            family = self.lookup(specs.families, self.arguments[0], "instance family")
            if family is None:
                return []
            systems = specs.systems_of(family.id)
            title = f"{family.name}: model weights that fit in device memory ({sizing.WEIGHTS_ONLY})"
        else:
            systems = list(specs.systems.values())
            title = f"Model weights that fit in device memory (per instance or UltraServer; {sizing.WEIGHTS_ONLY})"
        table = self.new_table(title)
        used: dict[str, sizing.Encoding] = {}
        rows = []
        for system in systems:
            chip = specs.chips[system.chip]
            memory = sizing.device_memory(specs, system)
            row: list = [
                table.cell(system.name, system.note),
                table.absent(NOT_PUBLISHED) if memory is None else self.total_cell(table, system, "device_memory"),
            ]
            number_only(row[1], "GiB")
            for fmt in sizing.WEIGHT_FORMATS:
                encoding = sizing.encoding_for(specs, chip, fmt)
                note = None
                if encoding is not None:
                    used.setdefault(encoding.dtype, encoding)
                    if encoding.dtype != fmt.name and encoding.scaled:
                        note = table.text_note(
                            f"{short(chip)} takes 8-bit floats as MXFP8, so its FP8 weights count the block scale: "
                            f"{sizing.bytes_formula(specs, encoding).removeprefix('MXFP8: ')}."
                        )
                row.append(derived_cell(table, sizing.weights_that_fit(specs, system, fmt), note))
            rows.append(row)
        header = [
            "Instance or UltraServer",
            "Device memory (GiB)",
            *(f"{fmt.name} weights ({sizing.PARAMS_UNIT})" for fmt in sizing.WEIGHT_FORMATS),
        ]
        built = table.build(header, rows)
        built[0]["classes"].append("nhw-sizing-table")
        formula = nodes.paragraph(classes=["nhw-formula"])
        formula += nodes.Text(
            "Weights that fit = device memory in bytes (GiB \u00d7 2^30) \u00f7 bytes per parameter \u00f7 10^9. "
            "Bytes per parameter: "
        )
        formula += nodes.Text("; ".join(sizing.bytes_formula(specs, e) for e in used.values()) + ". ")
        formula += nodes.Text(f"These counts are {sizing.WEIGHTS_ONLY}.")
        return [formula, *built]


# -- charts --------------------------------------------------------------------------------------
# (title, how to read the chip's figure, the unit family the chart's unit is chosen from)
GENERATION_CHARTS = (
    ("Dense BF16 compute per chip", ("rate", "BF16"), "TFLOPS"),
    ("Dense 8-bit float compute per chip", ("rate", "FP8"), "TFLOPS"),
    ("Device memory per chip", ("figure", "device_memory"), "GiB"),
    ("Device-memory bandwidth per chip", ("figure", "memory_bandwidth"), "TB/s"),
    ("NeuronLink bandwidth per chip", ("figure", "neuronlink_bandwidth"), "GB/s"),
)


def chart_figure(specs, chip: Chip, how: tuple[str, str]) -> tuple[Figure | None, str]:
    kind, key = how
    if kind == "rate":
        return sizing.dense_rate(specs, chip, key)
    return chip.figures.get(key), NOT_PUBLISHED


def _svg_node(svg: str, description: str) -> topology_drawing:
    return topology_drawing("", nodes.paragraph(description, description), svg=svg)


class GenerationCharts(SpecDirective):
    """``.. generation-charts::`` -- a bar chart per quantity, one bar per chip, and the table."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        chips = sorted(specs.chips.values(), key=lambda c: (c.ml_generation, c.line_generation))
        table = self.new_table("The per-chip figures the charts draw (their text alternative)")
        grid = nodes.container(classes=["nhw-chart-grid"])
        columns, shown_units = [], []
        for n, (title, how, family) in enumerate(GENERATION_CHARTS):
            # One unit per chart, chosen so that its chips read between 1 and 9,999 (units.line_unit).
            unit = figures_unit((chart_figure(specs, c, how)[0] for c in chips), family)
            shown_units.append(unit)
            bars, cells = [], []
            for chip in chips:
                figure, status = chart_figure(specs, chip, how)
                cells.append(_absent_or(table, figure, status, unit))
                if figure is None:
                    mark = "n/a" if status == levels.NOT_APPLICABLE else "n/p"
                    bars.append(charts.Bar(short(chip), None, mark))
                    continue
                exact = units.convert(figure.value, figure.unit, unit)
                text = units.format_number(exact if exact == figure.value else sizing.shown(exact))
                shown = ids.figure_id(specs, figure)
                record = provenance.record_anchor(shown) if shown else None
                bars.append(charts.Bar(short(chip), exact, text, record))
            columns.append(cells)
            drawn = ", ".join(f"{b.label} {b.text}" for b in bars)
            desc = f"Bar chart, one bar per chip in order of generation, in {unit}: {drawn}."
            ident = f"generation-chart-{self.env.new_serialno('nhw-chart')}"
            svg = charts.bar_chart(ident, f"{title} ({unit})", desc, unit, bars)
            # The chart and, over its value labels, links to the figures' records.
            boxed = f'<div class="nhw-chart-box">{svg}{charts.record_links(bars)}</div>'
            figure_node = nodes.figure(classes=["nhw-chart-figure"])
            figure_node += _svg_node(boxed, desc)
            figure_node += nodes.caption("", f"{title} ({unit}), by chip generation.")
            grid += figure_node
        rows = [[self.ref(chip.page, short(chip)), *(col[i] for col in columns)] for i, chip in enumerate(chips)]
        header = ["Chip", *(f"{c[0]} ({unit})" for c, unit in zip(GENERATION_CHARTS, shown_units, strict=True))]
        return [grid, *table.build(header, rows)]


class RooflineCharts(SpecDirective):
    """``.. roofline-charts::`` -- one log-log roofline per chip, on shared axes."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        drawn = []
        for chip in specs.chips.values():
            bandwidth, roofs = sizing.roofs(specs, chip)
            if bandwidth is not None and roofs:
                drawn.append((chip, bandwidth, roofs))
        if not drawn:
            return []
        axes = charts.shared_axes([(bw, roofs) for _chip, bw, roofs in drawn])
        grid = nodes.container(classes=["nhw-chart-grid"])
        for chip, bandwidth, roofs in drawn:
            memory = chip.figures["memory_bandwidth"]
            words = "; ".join(
                f"{r.label} roof at {units.format_number(sizing.shown(r.rate / 10**12))} TFLOPS, "
                f"meeting the memory roof at {units.format_number(sizing.shown(r.ridge))} FLOP per byte"
                for r in roofs
            )
            title = f"{short(chip)} roofline: dense compute against device-memory bandwidth"
            desc = (
                f"Log-log roofline chart for one {short(chip)} chip. The memory roof rises with arithmetic "
                f"intensity at {memory.text()}; {words}. Derived by this site from AWS's per-chip figures."
            )
            ident = f"roofline-{chip.id}"
            svg = charts.roofline_chart(ident, title, desc, bandwidth, memory.text(), roofs, axes)
            figure_node = nodes.figure(classes=["nhw-chart-figure"])
            figure_node += _svg_node(svg, desc)
            figure_node += nodes.caption("", f"{title} (per chip, dense, log-log).")
            grid += figure_node
        return [grid]


def setup(app: Sphinx) -> None:
    app.add_directive("ridge-points", RidgePoints)
    app.add_directive("weights-fit", WeightsFit)
    app.add_directive("generation-charts", GenerationCharts)
    app.add_directive("roofline-charts", RooflineCharts)
    app.add_css_file(CSS_FILE)
