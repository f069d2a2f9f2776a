"""``chip-specs`` and ``chip-comparison``: one chip's figures, and two chips side by side.

A chip's own figure is shown in its published unit unless that puts it outside 1 to 9,999; a row
of the comparison shows both chips in one unit; both chosen by ``units.line_unit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import units
from ..data import CHIP_FIGURES, Chip, Figure
from ..tables import NOT_PUBLISHED, Content, SpecTable
from ..vocabulary import GENERATION_NOTE, compute_row_label
from .base import SpecDirective, factor_text, joined
from .cells import READABLE, figures_unit, in_unit


def readable(table: SpecTable, figure: Figure) -> list[nodes.Node]:
    """One figure in the unit of its family that shows it between 1 and 9,999, where its own does not."""
    return in_unit(table, figure, figures_unit([figure], figure.unit), why=READABLE)


if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ChipSpecs(SpecDirective):
    """``.. chip-specs:: trainium2`` -- everything the data holds about one chip."""

    def run(self) -> list[nodes.Node]:
        chip: Chip | None = self.lookup(self.specs.chips, self.arguments[0], "chip")
        if chip is None:
            return []
        specs, table = self.specs, self.new_table(f"{chip.name} specifications (per chip)")
        core = specs.cores[chip.core]
        rows: list[tuple[str, Content]] = [
            (
                "Generation",
                table.cell(
                    f"{units.ordinal(chip.line_generation)} {chip.line} chip; "
                    f"{units.ordinal(chip.ml_generation)} generation of AWS ML chips",
                    GENERATION_NOTE,
                ),
            ),
            ("Designed for", chip.role),
            (
                "NeuronCores",
                [nodes.Text(f"{chip.figures['neuron_cores'].text()} \u00d7 "), self.ref(core.page, core.name)],
            ),
        ]
        table.cite(chip.figures["neuron_cores"].source)
        rows += [(compute_row_label(f), readable(table, f)) for f in chip.compute.values()]
        for key, (label, _dim) in CHIP_FIGURES.items():
            if key != "neuron_cores" and key in chip.figures:
                # The caption says "per chip" once: a label does not repeat it.
                rows.append((label.removesuffix(" per chip"), readable(table, chip.figures[key])))
            if key == "device_memory":
                rows.append(("Device memory type", chip.memory_type))
            if key == "neuronlink_ports":
                rows.append(("Chip-to-chip interconnect", chip.neuronlink))
        rows.append(("Rounding modes", ", ".join(chip.rounding)))
        if chip.lnc_default:
            rows.append(("Default Logical NeuronCore size", f"{chip.lnc_default} physical cores"))
        rows.append(("Instances", self._instances(table, chip)))
        return table.build(["Quantity", "Value"], [[label, value] for label, value in rows])

    def _instances(self, table: SpecTable, chip: Chip) -> list[nodes.Node]:
        families = [f for f in self.specs.families.values() if f.chip == chip.id]
        # A chip with no family in the data: no source used here names an instance with it.
        return joined(
            (
                [self.ref(f.page, f.name), nodes.Text(f": {', '.join(s.name for s in self.specs.systems_of(f.id))}")]
                for f in families
            ),
            "; ",
        ) or table.absent(NOT_PUBLISHED)


class ChipComparison(SpecDirective):
    """``.. chip-comparison:: trainium3-vs-trainium2`` -- computed improvement factors."""

    def run(self) -> list[nodes.Node]:
        comparison = self.lookup(self.specs.comparisons, self.arguments[0], "comparison")
        if comparison is None:
            return []
        old, new = self.specs.chips[comparison.old], self.specs.chips[comparison.new]
        table = self.new_table(f"{new.name} compared with {old.name} (per chip)")
        rows = []
        for row in comparison.rows:
            o, n = old.figure(row.old_key), new.figure(row.new_key)
            if o is None or n is None:  # the reference check reports a row whose figures are missing
                raise ValueError(f"{comparison.id}: {row.label!r} names a figure a chip does not have")
            # No factor in AWS's comparison: not published, as on the comparison page's changes table,
            # which shows AWS's factor only where AWS states one.
            stated = row.published or table.absent(NOT_PUBLISHED)
            unit = figures_unit([o, n])  # one unit for both chips, so that the row compares
            rows.append([row.label, in_unit(table, o, unit), in_unit(table, n, unit), factor_text(n, o), stated])
        header = ["Quantity", old.name, new.name, "Factor (computed)", "Factor stated by AWS"]
        return table.build(header, rows)


def setup(app: Sphinx) -> None:
    app.add_directive("chip-specs", ChipSpecs)
    app.add_directive("chip-comparison", ChipComparison)
