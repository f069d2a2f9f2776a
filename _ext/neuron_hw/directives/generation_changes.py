"""``generation-changes``: each chip's figures against its predecessors (the previous chip of its
product line, every chip of the previous generation), as factors computed from the data, with
AWS's stated factor beside where it gives one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import computed, levels, units
from ..data import Chip, Figure
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED
from ..vocabulary import (
    FP8_TYPES,
)
from .base import SpecDirective, factor_text
from .cells import level_value

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data import Specs


# -- what changed --------------------------------------------------------------------------------
# (label, how to find the figure on a chip: a figure key or a compute lookup (types, mode)). The
# table's caption says its scope once (per chip; compute dense), so the labels do not repeat it.
CHANGE_ROWS = (
    ("FP16 / BF16", ("BF16",), "dense"),
    ("8-bit float", FP8_TYPES, "dense"),
    ("FP32", ("FP32",), "dense"),
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
                    # A rate's row (a mode) names its data types: a type a core does not take rules it out.
                    ruled_out = (
                        mode is not None
                        and isinstance(how, tuple)
                        and not all(levels.takes_type(specs.cores[c.core], how) for c in (new, old))
                    )
                    cells.append(table.absent(NOT_APPLICABLE if ruled_out else NOT_PUBLISHED))
                    continue
                table.cite(n[1].source, o[1].source)
                level = change_level(specs, new, old, change_key(how, mode))
                if level is None:  # both chips have the row's figure, so the factor is computed
                    raise ValueError(f"{new.id} vs {old.id}: no computed factor for {label!r}")
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


def setup(app: Sphinx) -> None:
    app.add_directive("generation-changes", GenerationChanges)
