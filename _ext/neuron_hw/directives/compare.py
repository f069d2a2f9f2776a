"""Comparison tables across generations, and the per-level figures software sees.

* ``chip-generations``   -- every chip side by side, one unit per row, a scope column
* ``core-generations``   -- every NeuronCore version side by side
* ``generation-changes`` -- computed factors against the previous chip of the line and overall
* ``per-level-figures``  -- chips, cores, logical cores, memory and peaks per level (see levels.py)

Every row states its scope (per chip, per core, per instance), dense or sparse, and whether its
unit is decimal or binary. A row holds one unit: figures published in another unit are converted,
rounded to three significant figures, and carry a note with the published form. An empty cell is
"not applicable" or "not published", each with its own mark and a legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from .. import computed, ids, levels, sizing, units
from ..data import Chip, Core, Figure, Sparsity
from ..levels import arrived_after, sparsity_of  # the rule, shared with the NeuronCore pages
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import (
    DERIVED_NOTE,
    FP8_TYPES,
    GENERATION_NOTE,
    GPSIMD,
    LNC_DEFAULT_UNKNOWN,
    MX_TYPES,
    PLAIN_FP8_TYPES,
    SCALAR,
    TENSOR,
    VECTOR,
    is_mx,
)
from .base import SpecDirective, absent_mark, absent_rate, factor_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data import Specs

DECIMAL_RATE = "decimal"


def in_unit(
    table: SpecTable, figure: Figure | None, unit: str, absent: str = NOT_PUBLISHED, note: str | None = None
) -> list[nodes.Node]:
    """``figure`` in ``unit``; converted values are rounded and noted with the published form."""
    if figure is None:
        return table.absent(absent)
    if figure.unit == unit:
        return table.figure(figure, note)
    table.cite(figure.source)
    exact = units.convert(figure.value, figure.unit, unit)
    value = units.significant(exact)
    how = f"converted to {unit}" + (
        "" if value == exact else " and rounded to three significant figures, trailing zeros dropped"
    )
    converted = table.text_note(f"Published as {figure.text()}; {how} so that the row uses one unit.")
    derived = DERIVED_NOTE if figure.derived else None
    shown = table.page.figure_value(ids.figure_id(table.specs, figure), units.format_quantity(value, unit))
    return table.cell([shown], figure.note, derived, note, converted)


def with_scope(rows: list[list]) -> list[list]:
    """Merge each row's label and scope into one label cell: "INT8 (per chip; dense; decimal)".

    Keeps wide tables to one label column, so that the chips or cores get the width."""
    out = []
    for label, scope, *cells in rows:
        stub = [nodes.Text(label), nodes.inline(f" ({scope})", f" ({scope})", classes=["spec-scope"])]
        out.append([stub, *cells])
    return out


def level_value(table: SpecTable, level: levels.Level, text: str, shown: str | None = None) -> nodes.Node:
    """The text of a level's value, marked with the record it links to: the figure of the data it
    shows, or the value this site computes (its id from ``computed.py``), which carries its record
    (``shown``: the value as the record gives it, by default ``text``) for the records page. A
    computed value's first occurrence on the page carries its anchor, as a figure's does (without
    the ``fig-`` prefix, which the data's figures keep)."""
    page = table.page
    if level.figure_id is not None or level.computed_id is None:
        return page.figure_value(level.figure_id, text)
    node = nodes.inline(text, text, classes=["spec-figure"])
    node["nhw_figure"] = level.computed_id  # linked to its record like a figure (figure_links.py)
    node["nhw_computed"] = computed.record(table.specs, level, shown or text)  # collected by records.py
    anchor = computed.anchor(level.computed_id)
    if anchor not in page.anchors:
        page.anchors.add(anchor)
        node["ids"] = [anchor]
    return node


def level_cell(table: SpecTable, level: levels.Level, unit: str | None = None) -> list[nodes.Node]:
    """A :class:`levels.Level` as a cell: its value (or absence mark), notes, the derived note and sources."""
    if level.value is None:
        return table.absent(NOT_APPLICABLE if level.status == levels.NOT_APPLICABLE else NOT_PUBLISHED)
    table.cite(*level.sources)
    value, text_unit = computed.level_value(level), level.unit
    if unit is not None and unit != level.unit:
        value, text_unit = units.significant(units.convert(level.value, level.unit, unit)), unit
        if value != value.to_integral_value():
            value = units.places(value, 2).normalize()
    derived = DERIVED_NOTE if level.status == levels.DERIVED and DERIVED_NOTE not in level.notes else None
    shown = level_value(table, level, units.format_quantity(value, text_unit))
    return table.cell([shown], *level.notes, derived)


# -- features that arrived with one NeuronCore version -------------------------------------------
DGE_FIGURE = "dge-per-core"  # the extra figure of [cores.*] that counts a core's hardware DGEs


def dge_of(specs: Specs, core: Core) -> Figure | None:
    found = specs.figures.get(f"core:{core.id}:{DGE_FIGURE}")
    return found.figure if found else None


def feature_cell(table: SpecTable, specs: Specs, core: Core, found, show) -> list[nodes.Node]:
    """A core's feature (``found(specs, core)``, shown by ``show``), else a mark: ``n/a`` on a core
    older than the first core with the feature, with that core's note saying why; ``n/p`` otherwise
    (a later core whose sources do not mention it)."""
    item = found(specs, core)
    if item is not None:
        return show(item)
    first = arrived_after(specs, core, found)
    if first is not None:
        return table.absent(NOT_APPLICABLE, first.note)
    return table.absent(NOT_PUBLISHED)


def sparsity_cell(table: SpecTable, specs: Specs, core: Core) -> list[nodes.Node]:
    def show(sparsity: Sparsity) -> list[nodes.Node]:
        table.cite(sparsity.source)
        return table.cell(sparsity.text(), sparsity.note)

    return feature_cell(table, specs, core, sparsity_of, show)


def dge_cell(table: SpecTable, specs: Specs, core: Core) -> list[nodes.Node]:
    return feature_cell(table, specs, core, dge_of, lambda figure: in_unit(table, figure, "count"))


# -- every chip ----------------------------------------------------------------------------------
# (label, scope, data type(s), mode, unit) for the compute rows of the chip table.
COMPUTE_ROWS = (
    ("INT8", "per chip; dense; decimal", ("INT8",), "dense", "TOPS"),
    ("FP16 / BF16", f"per chip; dense; {DECIMAL_RATE}", ("BF16",), "dense", "TFLOPS"),
    ("FP8 (plain or cFP8)", f"per chip; dense; {DECIMAL_RATE}", PLAIN_FP8_TYPES, "dense", "TFLOPS"),
    ("MXFP8 / MXFP4", f"per chip; dense; {DECIMAL_RATE}", MX_TYPES, "dense", "TFLOPS"),
    ("FP32", f"per chip; dense; {DECIMAL_RATE}", ("FP32",), "dense", "TFLOPS"),
    ("FP16 / BF16, sparse", f"per chip; sparse; {DECIMAL_RATE}", ("BF16",), "sparse", "TFLOPS"),
    ("FP8, sparse", f"per chip; sparse; {DECIMAL_RATE}", PLAIN_FP8_TYPES, "sparse", "TFLOPS"),
)

# (figure key, label, scope, unit of the row)
CHIP_ROWS = (
    ("device_memory", "Device memory", "per chip; binary", "GiB"),
    ("memory_bandwidth", "Memory bandwidth", "per chip; decimal", "TB/s"),
    ("dma_bandwidth", "DMA bandwidth", "per chip; decimal", "TB/s"),
    ("dma_engines", "DMA engines", "per chip; count", "count"),
    ("neuronlink_ports", "NeuronLink ports", "per chip; count (AWS's diagram blocks)", "count"),
    (
        "neuronlink_bandwidth",
        "NeuronLink bandwidth",
        "per chip; decimal; direction not stated",
        "GB/s",
    ),
    ("cc_cores", "Collective cores", "per chip; count", "count"),
    ("efa_per_chip", "EFA", "per chip; decimal", "Gbps"),
    ("sbuf_total", "SBUF, all cores", "per chip; binary", "MiB"),
    ("memory_pool", "Memory pool", "chips that can share one pool (maximum)", "chips"),
)


class ChipGenerations(SpecDirective):
    """``.. chip-generations::`` -- every chip in the data, one column each."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        chips = sorted(specs.chips.values(), key=lambda c: (c.ml_generation, c.line_generation))
        table = self.new_table("Every Neuron chip side by side")
        rows: list[list] = [
            [
                "Generation in its line",
                "product line; see note",
                *(table.cell(f"{units.ordinal(c.line_generation)} {c.line}", GENERATION_NOTE) for c in chips),
            ],
            [
                "Generation overall",
                "all AWS ML chips",
                *(table.cell(units.ordinal(c.ml_generation), GENERATION_NOTE) for c in chips),
            ],
            ["Designed for", "per chip", *(c.role for c in chips)],
            ["NeuronCores", "per chip; count and version", *(self._cores(table, c) for c in chips)],
        ]
        for label, scope, dtypes, mode, unit in COMPUTE_ROWS:
            rows.append([label, scope, *(self._rate(table, c, dtypes, mode, unit) for c in chips)])
        for key, label, scope, unit in CHIP_ROWS:
            rows.append([label, scope, *(self._chip_row_cell(table, c, key, unit) for c in chips)])
            if key == "device_memory":
                rows.append(["Memory type", "per chip", *(c.memory_type for c in chips)])
                rows.append(["HBM stacks", "per chip; count", *(self._stacks(table, c) for c in chips)])
            if key == "neuronlink_ports":
                rows.insert(len(rows) - 1, ["NeuronLink version", "chip-to-chip link", *(c.neuronlink for c in chips)])
        rows += [
            [
                "Tensor Engine types",
                "per core; inputs AWS lists",
                *(
                    table.cell(", ".join(self._tensor(c).inputs), self._tensor(c).note)
                    if self._tensor(c)
                    else table.absent(NOT_PUBLISHED)
                    for c in chips
                ),
            ],
            ["Rounding modes", "per chip", *(", ".join(c.rounding) for c in chips)],
            [
                "Sparsity patterns",
                "per core; M:N, Tensor Engine",
                *(sparsity_cell(table, specs, specs.cores[c.core]) for c in chips),
            ],
            ["MX formats", "per core; in the Tensor Engine input list", *(self._mx(c) for c in chips)],
            ["Default LNC", "physical cores per logical core", *(self._lnc(table, c) for c in chips)],
            [
                "Descriptor Generation Engines",
                "per core; hardware DGE count",
                *(dge_cell(table, specs, specs.cores[c.core]) for c in chips),
            ],
        ]
        header = ["Quantity (scope; convention)", *(self.ref(c.page, c.name.removeprefix("AWS ")) for c in chips)]
        return table.build(header, with_scope(rows))

    # Where a chip lacks a standard figure, the extra figure that stands for it (same quantity).
    FALLBACKS: ClassVar[dict[str, str]] = {"neuronlink_ports": "neuronlink-blocks", "efa_per_chip": "efa-per-chip"}

    def _chip_figure(self, chip: Chip, key: str):
        figure = chip.figures.get(key)
        if figure is None and key in self.FALLBACKS:
            extra = self.FALLBACKS[key]
            paths = [f"chip:{chip.id}:{extra}"]
            paths += [f"family:{f.id}:{extra}" for f in self.specs.families.values() if f.chip == chip.id]
            found = next((self.specs.figures[p] for p in paths if p in self.specs.figures), None)
            figure = found.figure if found else None
        return figure

    def _chip_row_cell(self, table: SpecTable, chip: Chip, key: str, unit: str) -> list[nodes.Node]:
        figure = self._chip_figure(chip, key)
        if figure is None and key == "efa_per_chip":
            # No per-chip EFA figure: not applicable where no instance with the chip has EFA (the
            # rule the ridge-point table follows), otherwise not published.
            return table.absent(sizing.efa_per_chip(self.specs, chip)[1])
        return in_unit(table, figure, unit)

    def _tensor(self, chip: Chip):
        return self.specs.cores[chip.core].engines.get(TENSOR)

    def _cores(self, table: SpecTable, chip: Chip) -> list[nodes.Node]:
        core = self.specs.cores[chip.core]
        cores = chip.figures["neuron_cores"]
        table.cite(cores.source)
        count = table.page.figure_value(ids.figure_id(self.specs, cores), cores.text())
        return [count, nodes.Text(" \u00d7 "), self.ref(core.page, core.name)]

    def _rate(self, table: SpecTable, chip: Chip, dtypes, mode: str, unit: str) -> list[nodes.Node]:
        core = self.specs.cores[chip.core]
        found = levels.chip_rate(chip, dtypes, mode)
        if found is not None:
            return in_unit(table, found[1], unit, note=levels.not_additive_note(chip, core, found[1]))
        status, note = levels.absent_rate(self.specs, core, tuple(dtypes), mode)
        if note is None and set(dtypes) <= set(PLAIN_FP8_TYPES) and levels.takes_8bit_float(core):
            # Plain FP8 where the core lists only the MX formats (Trainium3): not ruled out, just not
            # published; the Tensor Engine's note (or else the note on the chip's MX rate) says what
            # AWS's documents say about plain FP8 there.
            mx = next((f for f in chip.compute.values() if f.mode == mode and any(is_mx(t) for t in f.types)), None)
            tensor = self._tensor(chip)
            note = tensor.note if tensor is not None and tensor.note else (mx.note if mx is not None else None)
            return table.absent(NOT_PUBLISHED, note)
        return absent_mark(table, status, note)

    def _stacks(self, table: SpecTable, chip: Chip) -> list[nodes.Node]:
        if chip.memory_type != "HBM":
            return table.absent(NOT_APPLICABLE)
        return in_unit(table, chip.figures.get("hbm_stacks"), "count")

    def _mx(self, chip: Chip) -> str:
        tensor = self._tensor(chip)
        mx = [t for t in (tensor.inputs if tensor else ()) if is_mx(t)]
        return ", ".join(mx) or "none listed"

    def _lnc(self, table: SpecTable, chip: Chip) -> list[nodes.Node]:
        support = levels.lnc_support(self.specs, chip)
        if not support.applies:
            return table.absent(NOT_APPLICABLE)
        if support.default is None:
            return table.absent(NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN)
        table.cite(support.source)
        return table.cell(f"LNC={support.default}")


# -- every NeuronCore ----------------------------------------------------------------------------
class CoreGenerations(SpecDirective):
    """``.. core-generations::`` -- every NeuronCore version in the data, one column each."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        cores = list(specs.cores.values())
        table = self.new_table("Every NeuronCore version side by side")

        def figure(key: str, unit: str):
            return [in_unit(table, c.figures.get(key), unit) for c in cores]

        def rate(dtypes, mode: str, unit: str = "TFLOPS"):
            out = []
            for c in cores:
                found = levels.tensor_rate(c, dtypes, mode)
                if found is not None:
                    out.append(in_unit(table, found, unit) + table.cell(f" ({'/'.join(found.types)})"))
                else:
                    out.append(absent_rate(table, specs, c, dtypes, mode))
            return out

        def engine_rate(engine: str, unit: str):
            out = []
            for c in cores:
                e = c.engines.get(engine)
                matching = [f for f in (e.throughput if e else ()) if units.dimension(f.unit) == units.dimension(unit)]
                if e is None:
                    out.append(table.absent(NOT_APPLICABLE))
                else:
                    out.append(in_unit(table, matching[0] if matching else None, unit))
            return out

        def clock(engine: str):
            return [
                in_unit(table, c.engines[engine].clock, "GHz") if engine in c.engines else table.absent(NOT_APPLICABLE)
                for c in cores
            ]

        rows = [
            ["Chips", "where the core is used", *(self._chips(c) for c in cores)],
            [
                "Engines",
                "per core",
                *(", ".join(e.name.removesuffix(" Engine") for e in c.engines.values()) for c in cores),
            ],
            ["SBUF", "per core; binary", *figure("sbuf", "MiB")],
            ["PSUM", "per core; binary", *figure("psum", "MiB")],
            ["Partitions", "SBUF and PSUM rows; count", *figure("partitions", "count")],
            ["Systolic array side", "processing elements per side", *figure("systolic_array", "PEs per side")],
            ["DMA engines", "paired with each core; count", *figure("dma_engines", "count")],
            ["GPSIMD processors", "per core; count", *(self._gpsimd(table, c) for c in cores)],
            [
                "Descriptor Generation Engines",
                "per core; hardware DGE count",
                *(dge_cell(table, specs, c) for c in cores),
            ],
            ["Tensor, BF16", f"per physical core; dense; {DECIMAL_RATE}", *rate(("BF16",), "dense")],
            ["Tensor, 8-bit float", f"per physical core; dense; {DECIMAL_RATE}", *rate(FP8_TYPES, "dense")],
            ["Tensor, FP32", f"per physical core; dense; {DECIMAL_RATE}", *rate(("FP32",), "dense")],
            ["Tensor, BF16 sparse", f"per physical core; sparse; {DECIMAL_RATE}", *rate(("BF16",), "sparse")],
            ["Sparsity patterns", "per core; M:N, Tensor Engine", *(sparsity_cell(table, specs, c) for c in cores)],
            ["Tensor clock", "per core; GHz", *clock(TENSOR)],
            ["Vector, FP32", f"per core; {DECIMAL_RATE}", *engine_rate(VECTOR, "TFLOPS")],
            ["Vector, per cycle", "per core; per clock cycle", *engine_rate(VECTOR, "FLOP/cycle")],
            ["Scalar, FP32", f"per core; {DECIMAL_RATE}", *engine_rate(SCALAR, "TFLOPS")],
            ["Scalar, per cycle", "per core; per clock cycle", *engine_rate(SCALAR, "FLOP/cycle")],
        ]
        header = ["Quantity (scope; convention)", *(self.ref(c.page, c.name) for c in cores)]
        return table.build(header, with_scope(rows))

    def _chips(self, core: Core) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for chip in self.specs.chips_with_core(core.id):
            if out:
                out.append(nodes.Text(", "))
            out.append(self.ref(chip.page, chip.name.removeprefix("AWS ")))
        return out

    def _gpsimd(self, table: SpecTable, core: Core) -> list[nodes.Node]:
        if GPSIMD not in core.engines:
            return table.absent(NOT_APPLICABLE)
        return in_unit(table, core.figures.get("gpsimd_processors"), "count")


# -- what changed --------------------------------------------------------------------------------
# (label, how to find the figure on a chip: a figure key or a compute lookup (types, mode))
CHANGE_ROWS = (
    ("FP16 / BF16, dense", ("BF16",), "dense"),
    ("8-bit float, dense", FP8_TYPES, "dense"),
    ("FP32, dense", ("FP32",), "dense"),
    ("Device memory", "device_memory", None),
    ("Memory bandwidth", "memory_bandwidth", None),
    ("DMA bandwidth", "dma_bandwidth", None),
    ("NeuronLink bandwidth", "neuronlink_bandwidth", None),
    ("SBUF, all cores", "sbuf_total", None),
    ("Memory pool", "memory_pool", None),
    ("Collective cores", "cc_cores", None),
)


def previous_pairs(specs: Specs) -> list[tuple[Chip, Chip, tuple[str, ...]]]:
    """(new, old, relations) for each chip and its predecessors: the previous chip of the same
    product line, and every chip of the previous overall generation."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for chip in specs.chips.values():
        for old in specs.chips.values():
            if old.line == chip.line and old.line_generation == chip.line_generation - 1:
                pairs.setdefault((chip.id, old.id), []).append("previous in its line")
            if old.ml_generation == chip.ml_generation - 1:
                pairs.setdefault((chip.id, old.id), []).append("previous overall")
    order = sorted(pairs, key=lambda p: (specs.chips[p[0]].ml_generation, specs.chips[p[0]].line_generation, p[1]))
    return [(specs.chips[n], specs.chips[o], tuple(pairs[(n, o)])) for n, o in order]


def change_figure(chip: Chip, how, mode) -> tuple[str, Figure] | None:
    """(key as [comparisons] names it, figure) for one row of the changes table."""
    if mode is None:
        figure = chip.figures.get(how)
        return None if figure is None else (how, figure)
    found = levels.chip_rate(chip, how, mode)
    return None if found is None else (f"compute.{found[0]}", found[1])


def change_key(how, mode) -> str:
    """A row of the changes table as a computed value's id names it: the figure key
    (``device_memory``), or the mode and the first data type of a rate (``dense-bf16``)."""
    return how if mode is None else f"{mode}-{how[0].lower()}"


def change_level(specs: Specs, new: Chip, old: Chip, key: str) -> levels.Level | None:
    """How many times ``old``'s figure ``new``'s is, for the row ``key`` (:func:`change_key`),
    computed in ``old``'s unit; ``None`` where a chip lacks the figure."""
    row = next((r for r in CHANGE_ROWS if change_key(r[1], r[2]) == key), None)
    if row is None:
        return None
    _label, how, mode = row
    n, o = change_figure(new, how, mode), change_figure(old, how, mode)
    if n is None or o is None:
        return None
    (_, new_figure), (_, old_figure) = n, o
    converted = units.convert(new_figure.value, new_figure.unit, old_figure.unit)
    shown_new = (
        new_figure.text()
        if new_figure.unit == old_figure.unit
        else f"{new_figure.text()} (about {units.format_quantity(units.significant(converted), old_figure.unit)})"
    )
    how_text = f"{shown_new} for {new.name} \u00f7 {old_figure.text()} for {old.name}"
    return levels.Level(
        converted / old_figure.value,
        "\u00d7",
        levels.DERIVED,
        how_text,
        (new_figure.source, old_figure.source),
        tuple(dict.fromkeys(note for note in (new_figure.note, old_figure.note) if note)),
        computed_id=computed.chip_value(new.id, "factor", key, f"vs-{old.id}"),
        inputs=levels.input_ids(specs, new_figure, old_figure),
    )


def stated_factor(specs: Specs, new: Chip, old: Chip, new_key: str, old_key: str) -> str | None:
    for comparison in specs.comparisons.values():
        if (comparison.new, comparison.old) == (new.id, old.id):
            for row in comparison.rows:
                if (row.new_key, row.old_key) == (new_key, old_key):
                    return row.published
    return None


class GenerationChanges(SpecDirective):
    """``.. generation-changes::`` -- factors per generation, computed and as AWS states them."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        pairs = previous_pairs(specs)
        table = self.new_table("What changed from one generation to the next (per chip; compute dense)")
        rows = []
        for label, how, mode in CHANGE_ROWS:
            cells = []
            for new, old, _relations in pairs:
                n, o = change_figure(new, how, mode), change_figure(old, how, mode)
                if n is None or o is None:
                    ruled_out = mode is not None and not all(
                        levels.takes_type(specs.cores[c.core], how) for c in (new, old)
                    )
                    cells.append(table.absent(NOT_APPLICABLE if ruled_out else NOT_PUBLISHED))
                    continue
                table.cite(n[1].source, o[1].source)
                level = change_level(specs, new, old, change_key(how, mode))
                shown = level_value(table, level, factor_text(n[1], o[1]))
                cell = table.cell([shown], n[1].note, o[1].note)
                stated = stated_factor(specs, new, old, n[0], o[0])
                if stated:
                    cell += [nodes.Text(f" (AWS: {stated.replace('x', chr(0xD7))})")]
                cells.append(cell)
            rows.append([label, *cells])
        header = [
            "Quantity",
            *(
                [nodes.Text(f"{new.name.removeprefix('AWS ')} vs {old.name.removeprefix('AWS ')} ({', '.join(rel)})")]
                for new, old, rel in pairs
            ),
        ]
        return table.build(header, rows)


# -- per level -----------------------------------------------------------------------------------
def rate_name(chip: Chip, dtype: str) -> str:
    """How a per-level row names the chip's rate for ``dtype``: the data type itself, or the MX
    formats where the chip's only 8-bit rate is an MX one (Trainium3), so no row reads as plain FP8."""
    found = levels.chip_rate(chip, levels.dtype_set(dtype))
    if found is not None and found[1].types and all(is_mx(t) for t in found[1].types):
        return "/".join(found[1].types)
    return dtype


class PerLevelFigures(SpecDirective):
    """``.. per-level-figures:: trn2`` -- one column per size of the family, with how each row is
    obtained; without an argument, one row per instance size and UltraServer at the default LNC."""

    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments:
            family = self.lookup(self.specs.families, self.arguments[0], "instance family")
            return [] if family is None else self._family(family)
        return self._overview()

    def _family(self, family) -> list[nodes.Node]:
        specs = self.specs
        chip = specs.chips[family.chip]
        systems = specs.systems_of(family.id)
        support = levels.lnc_support(specs, chip)
        table = self.new_table(f"{family.name}: chips, cores, memory and peaks as software sees them")
        word = "logical core" if support.applies else "NeuronCore"
        rows: list[list] = []

        def per_system(label, how, new_figure, unit=None):
            cells = [new_figure(s) for s in systems]
            rows.append([label, how, *(level_cell(table, c, unit) for c in cells)])

        def same(label, level: levels.Level, how: list[nodes.Node] | None = None):
            rows.append([label, how or level.how, *(level_cell(table, level) for _ in systems)])

        per_system(
            "Chips (devices in neuron-ls)",
            "per instance or UltraServer; from the sizes table",
            lambda s: levels.chips(specs, s),
        )
        per_system(
            "Physical NeuronCores",
            f"per instance or UltraServer; chips \u00d7 {chip.figures['neuron_cores'].text()}",
            lambda s: levels.physical_cores(specs, s),
        )
        rows.append(["LNC sizes", self._lnc_how(support), *(self._lnc_cell(table, support) for _ in systems)])
        for size in support.groupings():
            suffix = self._size_suffix(support, size)
            if support.applies:
                per_system(
                    f"Logical cores{suffix}",
                    "per instance or UltraServer; "
                    + ("one per physical core" if size == 1 else f"physical cores \u00f7 {size}"),
                    lambda s, size=size: levels.logical_cores(specs, s, size),
                )
        same("Device memory per chip", levels.memory_per_chip(specs, chip))
        for size in support.groupings():
            suffix = self._size_suffix(support, size)
            same(f"Device memory per {word}{suffix}", levels.memory_per_core(specs, chip, size))
        for dtype in ("BF16", "FP8"):
            name = rate_name(chip, dtype)
            for size in support.groupings():
                suffix = self._size_suffix(support, size)
                level = levels.peak_per_core(specs, chip, dtype, size)
                share = levels.chip_share(specs, chip, dtype, size)
                how: list[nodes.Node] | None = None
                if share.value is not None and level.value is not None and share.value > level.value:
                    other = units.format_quantity(computed.level_value(share), share.unit)
                    how = [
                        nodes.Text(f"{level.how}; the chip rate \u00f7 cores would give "),
                        level_value(table, share, other),
                        nodes.Text(" instead (see note)"),
                    ]
                same(f"Peak dense {name} per {word}{suffix}", level, how)
            per_system(
                f"Peak dense {name} per instance",
                "per instance or UltraServer; chips \u00d7 the chip's dense rate",
                lambda s, dtype=dtype: levels.peak_per_system(specs, s, dtype),
            )
        header = ["Quantity", "How it is obtained", *(table.cell(s.name, s.note) for s in systems)]
        return table.build(header, rows)

    def _lnc_how(self, support: levels.LncSupport) -> str:
        if not support.applies:
            return "LNC arrived with a later chip; each physical core is one core to software"
        return "Logical NeuronCore sizes software accepts"

    def _lnc_cell(self, table: SpecTable, support: levels.LncSupport) -> list[nodes.Node]:
        if not support.applies:
            return table.absent(NOT_APPLICABLE)
        table.cite(support.source)
        # The sizes run from 1 to the largest size software accepts, a figure of the data when the
        # data has it: that last size carries the figure's anchor.
        *smaller, largest = (str(s) for s in support.sizes)
        setting = levels.lnc_largest(table.specs)
        shown = setting.id if setting is not None else None
        sizes = [nodes.Text("".join(f"{s}, " for s in smaller))] if smaller else []
        sizes.append(table.page.figure_value(shown, largest))
        if support.default is None:
            return table.cell([*sizes, nodes.Text(" (default not published)")], LNC_DEFAULT_UNKNOWN)
        return table.cell([*sizes, nodes.Text(f" (default {support.default})")])

    @staticmethod
    def _size_suffix(support: levels.LncSupport, size: int) -> str:
        if not support.applies:
            return ""
        return f", LNC={size}" + (" (default)" if size == support.default else "")

    def _overview(self) -> list[nodes.Node]:
        """Two tables, so that each fits a desktop column: cores and memory, then dense peaks."""
        specs = self.specs
        counts = self.new_table("Every size as software sees it: cores and memory (default LNC)")
        peaks = self.new_table("Every size as software sees it: dense peaks (default LNC)")
        count_rows, peak_rows = [], []
        for system in specs.systems.values():
            chip = specs.chips[system.chip]
            support = levels.lnc_support(specs, chip)
            size = support.default if support.applies else 1
            count_row = [
                counts.cell(system.name, system.note),
                level_cell(counts, levels.chips(specs, system)),
                level_cell(counts, levels.physical_cores(specs, system)),
                self._lnc_cell(counts, support),
            ]
            peak_row = [peaks.cell(system.name, system.note)]
            if size is None:  # LNC applies but its default is not published
                count_row += [counts.absent(NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN) for _ in range(2)]
                peak_row += [peaks.absent(NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN) for _ in range(2)]
            else:
                seen = (
                    levels.logical_cores(specs, system, size)
                    if support.applies
                    else levels.physical_cores(specs, system)
                )
                count_row += [level_cell(counts, seen), level_cell(counts, levels.memory_per_core(specs, chip, size))]
                peak_row += [
                    level_cell(peaks, levels.peak_per_core(specs, chip, "BF16", size)),
                    level_cell(peaks, levels.peak_per_core(specs, chip, "FP8", size)),
                ]
            count_row.append(level_cell(counts, levels.memory_per_chip(specs, chip)))
            peak_row += [
                level_cell(peaks, levels.peak_per_system(specs, system, "BF16"), "TFLOPS"),
                level_cell(peaks, levels.peak_per_system(specs, system, "FP8"), "TFLOPS"),
            ]
            count_rows.append(count_row)
            peak_rows.append(peak_row)
        count_header = [
            "Instance or UltraServer",
            "Chips",
            "Physical cores",
            "LNC sizes",
            "Cores software sees",
            "Memory per core seen",
            "Memory per chip",
        ]
        peak_header = [
            "Instance or UltraServer",
            "BF16 dense per core seen",
            "8-bit float dense per core seen",
            "BF16 dense per instance",
            "8-bit float dense per instance",
        ]
        return [*counts.build(count_header, count_rows), *peaks.build(peak_header, peak_rows)]


def setup(app: Sphinx) -> None:
    app.add_directive("chip-generations", ChipGenerations)
    app.add_directive("core-generations", CoreGenerations)
    app.add_directive("generation-changes", GenerationChanges)
    app.add_directive("per-level-figures", PerLevelFigures)
