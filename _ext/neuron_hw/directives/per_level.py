"""``per-level-figures``: chips, cores, logical cores, memory and peaks at each level software sees
(chip, core, logical core, instance), computed in :mod:`neuron_hw.levels`.

A family's table compares its sizes along each row, so each row has one unit; the overview lists
the sizes down its rows, so each of its columns has one; both chosen by ``units.line_unit``. The
peaks are dense, said once in each table's caption.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from docutils import nodes

from .. import computed, levels, units
from ..data import Chip
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import (
    LNC_DEFAULT_UNKNOWN,
    is_mx,
)
from .base import SpecDirective
from .cells import level_cell, level_value, levels_unit

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# The class of a table whose entities are its rows, so that its units are chosen per column.
BY_COLUMN_CLASS = "spec-units-by-column"


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
        table = self.new_table(f"{family.name}: chips, cores, memory and dense peaks as software sees them")
        word = "logical core" if support.applies else "NeuronCore"
        rows: list[list] = []

        def per_system(label, how, new_figure):
            cells = [new_figure(s) for s in systems]
            unit = levels_unit(cells)  # one unit across the sizes
            rows.append([label, how, *(level_cell(table, c, unit) for c in cells)])

        def same(label, level: levels.Level, how: list[nodes.Node] | None = None):
            unit = levels_unit([level])
            rows.append([label, how or level.how, *(level_cell(table, level, unit) for _ in systems)])

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
                same(f"Peak {name} per {word}{suffix}", level, how)
            per_system(
                f"Peak {name} per instance",
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
        count_rows: list[list] = []
        peak_rows: list[list] = []
        for system in specs.systems.values():
            chip = specs.chips[system.chip]
            support = levels.lnc_support(specs, chip)
            size = support.default if support.applies else 1
            # A row holds levels and, for the other cells, functions that make them: every cell is made
            # in reading order once the columns' units are known, so notes number as the page reads.
            count_row: list = [
                partial(counts.cell, system.name, system.note),
                levels.chips(specs, system),
                levels.physical_cores(specs, system),
                partial(self._lnc_cell, counts, support),
            ]
            peak_row: list = [partial(peaks.cell, system.name, system.note)]
            if size is None:  # LNC applies but its default is not published
                count_row += [partial(counts.absent, NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN) for _ in range(2)]
                peak_row += [partial(peaks.absent, NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN) for _ in range(2)]
            else:
                seen = (
                    levels.logical_cores(specs, system, size)
                    if support.applies
                    else levels.physical_cores(specs, system)
                )
                count_row += [seen, levels.memory_per_core(specs, chip, size)]
                peak_row += [
                    levels.peak_per_core(specs, chip, "BF16", size),
                    levels.peak_per_core(specs, chip, "FP8", size),
                ]
            count_row.append(levels.memory_per_chip(specs, chip))
            peak_row += [
                levels.peak_per_system(specs, system, "BF16"),
                levels.peak_per_system(specs, system, "FP8"),
            ]
            count_rows.append(count_row)
            peak_rows.append(peak_row)
        count_rows = self._in_column_units(counts, count_rows)
        peak_rows = self._in_column_units(peaks, peak_rows)
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
        out = [*counts.build(count_header, count_rows), *peaks.build(peak_header, peak_rows)]
        for table in out:
            if isinstance(table, nodes.table):
                table["classes"].append(BY_COLUMN_CLASS)  # the sizes are compared down each column
        return out

    @staticmethod
    def _in_column_units(table: SpecTable, rows: list[list]) -> list[list]:
        """The overview's rows with each :class:`levels.Level` as a cell, in one unit per column
        (its sizes are compared down the column), and each other cell made by its function, in the
        order the rows read."""
        units_of = [
            levels_unit(row[i] for row in rows if isinstance(row[i], levels.Level)) for i in range(len(rows[0]))
        ]
        return [
            [level_cell(table, c, units_of[i]) if isinstance(c, levels.Level) else c() for i, c in enumerate(row)]
            for row in rows
        ]


def setup(app: Sphinx) -> None:
    app.add_directive("per-level-figures", PerLevelFigures)
