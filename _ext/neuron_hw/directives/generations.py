"""Every chip and every NeuronCore version side by side.

* ``chip-generations`` -- every chip, one unit per row
* ``core-generations`` -- every NeuronCore version

Each table says its scope once, in its caption (per chip or per physical NeuronCore; compute
dense); a row gives a scope of its own only where it differs (per NeuronCore in the chip table) or
needs a qualifier (NeuronLink's direction). Each row's unit is chosen for the row
(``cells.figures_unit``), so that its values read between 1 and 9,999; the unit itself says decimal
(GB, TB/s) or binary (GiB, MiB). An empty cell is "not applicable" or "not published", each with
its own mark and a legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from .. import ids, levels, sizing, units
from ..data import Chip, Core
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, Content, SpecTable
from ..vocabulary import (
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
from .base import SpecDirective, absent_mark, absent_rate
from .cells import figures_unit, in_unit, with_scope
from .feature_cells import dge_cell, sparsity_cell

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# -- every chip ----------------------------------------------------------------------------------
# The scope every row of a table shares, said once in its caption.
CHIP_SCOPE = "per chip; compute dense unless a row says sparse"
CORE_SCOPE = "per physical NeuronCore; compute dense unless a row says sparse"

# (label, data type(s), mode, unit family of the row) for the compute rows of the chip table; a
# sparse row says so in its label.
COMPUTE_ROWS = (
    ("INT8", ("INT8",), "dense", "TOPS"),
    ("FP16 / BF16", ("BF16",), "dense", "TFLOPS"),
    ("FP8 (plain or cFP8)", PLAIN_FP8_TYPES, "dense", "TFLOPS"),
    ("MXFP8 / MXFP4", MX_TYPES, "dense", "TFLOPS"),
    ("FP32", ("FP32",), "dense", "TFLOPS"),
    ("FP16 / BF16, sparse", ("BF16",), "sparse", "TFLOPS"),
    ("FP8, sparse", PLAIN_FP8_TYPES, "sparse", "TFLOPS"),
)

# (figure key, label, scope where it differs from the table's, the row's unit family: decimal TB/s
# or binary GiB; the row's unit is chosen from that family)
CHIP_ROWS = (
    ("device_memory", "Device memory", None, "GiB"),
    ("memory_bandwidth", "Memory bandwidth", None, "TB/s"),
    ("dma_bandwidth", "DMA bandwidth", None, "TB/s"),
    ("dma_engines", "DMA engines", None, "count"),
    ("neuronlink_ports", "NeuronLink ports", "AWS's diagram blocks", "count"),
    ("neuronlink_bandwidth", "NeuronLink bandwidth", "direction not stated", "GB/s"),
    ("cc_cores", "Collective cores", None, "count"),
    ("efa_per_chip", "EFA bandwidth", None, "Gbps"),
    ("sbuf_total", "SBUF, all cores", None, "MiB"),
    ("memory_pool", "Memory pool", "chips that can share one pool, maximum", "chips"),
)


class ChipGenerations(SpecDirective):
    """``.. chip-generations::`` -- every chip in the data, one column each."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        chips = sorted(specs.chips.values(), key=lambda c: (c.ml_generation, c.line_generation))
        table = self.new_table(f"Every Neuron chip side by side ({CHIP_SCOPE})")
        rows: list[list] = [
            [
                "Generation in its product line",
                None,
                *(table.cell(f"{units.ordinal(c.line_generation)} {c.line}", GENERATION_NOTE) for c in chips),
            ],
            [
                "Generation among AWS ML chips",
                None,
                *(table.cell(units.ordinal(c.ml_generation), GENERATION_NOTE) for c in chips),
            ],
            ["Designed for", None, *(c.role for c in chips)],
            ["NeuronCores", None, *(self._cores(table, c) for c in chips)],
        ]
        for label, dtypes, mode, unit in COMPUTE_ROWS:
            found = [levels.chip_rate(c, dtypes, mode) for c in chips]
            shown = figures_unit((f[1] for f in found if f is not None), unit)
            rows.append([label, None, *(self._rate(table, c, dtypes, mode, shown) for c in chips)])
        for key, label, scope, unit in CHIP_ROWS:
            shown = figures_unit((self._chip_figure(c, key) for c in chips), unit)
            rows.append([label, scope, *(self._chip_row_cell(table, c, key, shown) for c in chips)])
            if key == "device_memory":
                rows.append(["Memory type", None, *(c.memory_type for c in chips)])
                rows.append(["HBM stacks", None, *(self._stacks(table, c) for c in chips)])
            if key == "neuronlink_ports":
                rows.insert(len(rows) - 1, ["NeuronLink version", None, *(c.neuronlink for c in chips)])
        rows += [
            [
                "Tensor Engine types",
                "per NeuronCore; inputs AWS lists",
                *(
                    table.cell(", ".join(self._tensor(c).inputs), self._tensor(c).note)
                    if self._tensor(c)
                    else table.absent(NOT_PUBLISHED)
                    for c in chips
                ),
            ],
            ["Rounding modes", None, *(", ".join(c.rounding) for c in chips)],
            [
                "Sparsity patterns",
                "per NeuronCore; M:N, Tensor Engine",
                *(sparsity_cell(table, specs, specs.cores[c.core]) for c in chips),
            ],
            ["MX formats", "per NeuronCore; in the Tensor Engine input list", *(self._mx(c) for c in chips)],
            ["Default LNC", "physical cores per logical core", *(self._lnc(table, c) for c in chips)],
            [
                "Descriptor Generation Engines",
                "per NeuronCore; hardware DGE count",
                *(dge_cell(table, specs, specs.cores[c.core]) for c in chips),
            ],
        ]
        header = ["Quantity", *(self.ref(c.page, c.name.removeprefix("AWS ")) for c in chips)]
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
        table = self.new_table(f"Every NeuronCore version side by side ({CORE_SCOPE})")

        def figure(key: str, unit: str):
            shown = figures_unit((c.figures.get(key) for c in cores), unit)
            return [in_unit(table, c.figures.get(key), shown) for c in cores]

        def rate(dtypes, mode: str, unit: str = "TFLOPS"):
            out = []
            unit = figures_unit((levels.tensor_rate(c, dtypes, mode) for c in cores), unit)
            for c in cores:
                found = levels.tensor_rate(c, dtypes, mode)
                if found is not None:
                    out.append(in_unit(table, found, unit) + table.cell(f" ({'/'.join(found.types)})"))
                else:
                    out.append(absent_rate(table, specs, c, dtypes, mode))
            return out

        def engine_rate(engine: str, unit: str):
            figures = []
            for c in cores:
                e = c.engines.get(engine)
                matching = [f for f in (e.throughput if e else ()) if units.dimension(f.unit) == units.dimension(unit)]
                figures.append(matching[0] if matching else None)
            unit = figures_unit(figures, unit)
            return [
                in_unit(table, f, unit) if engine in c.engines else table.absent(NOT_APPLICABLE)
                for c, f in zip(cores, figures, strict=True)
            ]

        def clock(engine: str):
            clocks = [c.engines[engine].clock if engine in c.engines else None for c in cores]
            unit = figures_unit(clocks, "GHz")
            return [
                in_unit(table, f, unit) if engine in c.engines else table.absent(NOT_APPLICABLE)
                for c, f in zip(cores, clocks, strict=True)
            ]

        # A row: its label, its scope (None where the caption's holds), a cell per core.
        rows: list[list[Content | None]] = [
            ["Chips", "where the core is used", *(self._chips(c) for c in cores)],
            [
                "Engines",
                None,
                *(", ".join(e.name.removesuffix(" Engine") for e in c.engines.values()) for c in cores),
            ],
            ["SBUF", None, *figure("sbuf", "MiB")],
            ["PSUM", None, *figure("psum", "MiB")],
            ["Partitions", "SBUF and PSUM rows", *figure("partitions", "count")],
            ["Systolic array side", None, *figure("systolic_array", "PEs per side")],
            ["DMA engines", "paired with the core", *figure("dma_engines", "count")],
            ["GPSIMD processors", None, *(self._gpsimd(table, c) for c in cores)],
            ["Descriptor Generation Engines", "hardware DGE count", *(dge_cell(table, specs, c) for c in cores)],
            ["Tensor, BF16", None, *rate(("BF16",), "dense")],
            ["Tensor, 8-bit float", None, *rate(FP8_TYPES, "dense")],
            ["Tensor, FP32", None, *rate(("FP32",), "dense")],
            ["Tensor, BF16 sparse", None, *rate(("BF16",), "sparse")],
            ["Sparsity patterns", "M:N, Tensor Engine", *(sparsity_cell(table, specs, c) for c in cores)],
            ["Tensor clock", None, *clock(TENSOR)],
            ["Vector, FP32", None, *engine_rate(VECTOR, "TFLOPS")],
            ["Vector, per cycle", None, *engine_rate(VECTOR, "FLOP/cycle")],
            ["Scalar, FP32", None, *engine_rate(SCALAR, "TFLOPS")],
            ["Scalar, per cycle", None, *engine_rate(SCALAR, "FLOP/cycle")],
        ]
        header = ["Quantity", *(self.ref(c.page, c.name) for c in cores)]
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


def setup(app: Sphinx) -> None:
    app.add_directive("chip-generations", ChipGenerations)
    app.add_directive("core-generations", CoreGenerations)
