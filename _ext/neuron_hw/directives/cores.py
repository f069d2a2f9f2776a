"""``neuroncore-specs``, ``neuroncore-engines`` and ``neuroncore-overview``: the NeuronCore pages' tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import ids, levels, units
from ..data import CORE_FIGURES, Core, Figure
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import FP8_TYPES, TENSOR
from .base import SpecDirective, absent_rate, joined

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# AWS gives one list of types for the engines other than the Tensor Engine, and no output list.
OUTPUTS_NOT_LISTED = "not listed separately"
ENGINES_CLASS = "spec-table--engines"


class NeuronCoreSpecs(SpecDirective):
    """``.. neuroncore-specs:: v3`` -- on-chip memory and structure of one NeuronCore version."""

    def run(self) -> list[nodes.Node]:
        core: Core | None = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
        if core is None:
            return []
        table = self.new_table(f"{core.name} specifications (per NeuronCore)")
        chips = joined(
            [
                self.ref(chip.page, chip.name),
                nodes.Text(" ("),
                table.page.figure_value(
                    ids.figure_id(self.specs, chip.figures["neuron_cores"]), chip.figures["neuron_cores"].text()
                ),
                nodes.Text(" per chip)"),
            ]
            for chip in self.specs.chips_with_core(core.id)
        )
        table.cite(*(chip.figures["neuron_cores"].source for chip in self.specs.chips_with_core(core.id)))
        rows = [["Used in", chips]]
        for key, (label, _dim) in CORE_FIGURES.items():
            if key in core.figures:
                figure = core.figures[key]
                if key == "systolic_array":
                    table.cite(figure.source)
                    side = units.format_number(figure.value)
                    shown = table.page.figure_value(ids.figure_id(self.specs, figure), side)
                    text = nodes.Text(f" \u00d7 {side} processing elements")
                    rows.append([label, table.cell([shown, text], figure.note)])
                else:
                    rows.append([label, table.figure(figure)])
        engines = ", ".join(engine.name for engine in core.engines.values())
        rows.append(["Compute engines", engines])
        return table.build(["Quantity", "Value"], rows)


class NeuronCoreEngines(SpecDirective):
    """``.. neuroncore-engines:: v3`` -- one row per engine: throughput, data types, clock."""

    def run(self) -> list[nodes.Node]:
        core: Core | None = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
        if core is None:
            return []
        table = self.new_table(f"{core.name} compute engines (per NeuronCore)")
        rows = []
        for engine in core.engines.values():
            throughput: list[nodes.Node] = []
            for figure in engine.throughput:
                if throughput:
                    throughput.append(nodes.Text("; "))
                rate = table.page.figure_value(ids.figure_id(self.specs, figure), figure.text())
                text = nodes.Text(f" {', '.join(figure.types)} ({figure.mode})")
                throughput += table.cell([rate, text], figure.note)
                table.cite(figure.source)
            table.cite(engine.source)  # the data types, even where no figure of the engine is published
            rows.append(
                [
                    engine.name,
                    throughput or table.absent(NOT_PUBLISHED),  # the engine exists; no source gives a rate
                    table.cell(", ".join(engine.inputs), engine.note),
                    ", ".join(engine.outputs) or OUTPUTS_NOT_LISTED,
                    table.figure(engine.clock),  # n/p where no source gives the clock
                ]
            )
        # Short headers and a class of its own (a phone layout in neuron-hw-tables.css), so the five
        # columns fit a phone's screen without scrolling.
        out = table.build(["Engine", "Peak rate", "Data types", "Output types", "Clock"], rows)
        out[0]["classes"].append(ENGINES_CLASS)
        return out


class NeuronCoreOverview(SpecDirective):
    """``.. neuroncore-overview::`` -- all NeuronCore versions side by side."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        cores = list(specs.cores.values())
        table = self.new_table("NeuronCore versions side by side (per NeuronCore)")

        def chips_of(core):
            return joined(self.ref(chip.page, chip.name) for chip in specs.chips_with_core(core.id))

        def per_chip(core):
            counts = {c.figures["neuron_cores"].text() for c in specs.chips_with_core(core.id)}
            return " or ".join(sorted(counts))

        def rate(core, dtypes, mode="dense"):
            for dtype in dtypes:
                figure = levels.tensor_rate(core, (dtype,), mode)
                if figure is not None:
                    rate = table.page.figure_value(ids.figure_id(specs, figure), figure.text())
                    return table.cell([rate, nodes.Text(f" ({dtype})")], figure.note) + _cite(table, figure)
            return absent_rate(table, specs, core, dtypes, mode)  # the compare page's rule

        def fig(core, key):
            return table.figure(core.figures.get(key))

        def engine_clock(core, engine):
            if engine not in core.engines:
                return table.absent(NOT_APPLICABLE)
            return table.figure(core.engines[engine].clock)

        rows = [
            ["Chips", *(chips_of(c) for c in cores)],
            ["NeuronCores per chip", *(per_chip(c) for c in cores)],
            [
                "Compute engines",
                *(", ".join(e.name.removesuffix(" Engine") for e in c.engines.values()) for c in cores),
            ],
            ["SBUF", *(fig(c, "sbuf") for c in cores)],
            ["PSUM", *(fig(c, "psum") for c in cores)],
            ["Tensor Engine, BF16 (dense)", *(rate(c, ["BF16"]) for c in cores)],
            ["Tensor Engine, 8-bit float (dense)", *(rate(c, FP8_TYPES) for c in cores)],
            ["Tensor Engine, FP32 (dense)", *(rate(c, ["FP32"]) for c in cores)],
            ["Tensor Engine, sparse", *(rate(c, ["BF16"], "sparse") for c in cores)],
            ["Tensor Engine clock", *(engine_clock(c, TENSOR) for c in cores)],
            [
                "Stochastic rounding",
                *(
                    "yes" if any("stochastic rounding" in ch.rounding for ch in specs.chips_with_core(c.id)) else "no"
                    for c in cores
                ),
            ],
        ]
        return table.build(["", *(c.name for c in cores)], rows)


def _cite(table: SpecTable, figure: Figure) -> list[nodes.Node]:
    table.cite(figure.source)
    return []


def setup(app: Sphinx) -> None:
    app.add_directive("neuroncore-specs", NeuronCoreSpecs)
    app.add_directive("neuroncore-engines", NeuronCoreEngines)
    app.add_directive("neuroncore-overview", NeuronCoreOverview)
