"""The cells the comparison and sizing tables share: a figure in its row's unit, a value per level
with the record it links to, and a row label with the scope where it differs from the table's.

A row that compares entities holds one unit, chosen for the row by ``units.line_unit`` so that its
values read between 1 and 9,999 where one unit can do it: figures published in another unit are
converted (``units.shown_in``: at least three significant figures, as many as published) and
carry a note with the published form.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes

from .. import computed, ids, levels, provenance, units
from ..data import Figure, System
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import (
    DERIVED_NOTE,
)

# Why a value is shown in another unit than the one it is published in, ending its note.
ONE_UNIT = "so that the row uses one unit"
READABLE = "so that it reads between 1 and 9,999"
FIGURES = {3: "three", 4: "four", 5: "five", 6: "six"}


def figures_unit(figures: Iterable[Figure | None], unit: str | None = None) -> str:
    """The unit a line of ``figures`` shows them in (:func:`units.line_unit`); ``unit`` is the one
    the table declares for the line, which fixes the family (decimal or binary)."""
    return units.line_unit(((f.value, f.unit) for f in figures if f is not None), unit)


def levels_unit(values: Iterable[levels.Level], unit: str | None = None) -> str | None:
    """The unit a line of per-level values shows them in, as :func:`figures_unit` for figures;
    ``None`` for a line without a value or a unit (each value then shows its own)."""
    written = [(computed.level_value(v), v.unit) for v in values if v.value is not None]
    return units.line_unit(written, unit) if written or unit else None


def in_unit(
    table: SpecTable,
    figure: Figure | None,
    unit: str,
    absent: str = NOT_PUBLISHED,
    note: str | None = None,
    why: str = ONE_UNIT,
) -> list[nodes.Node]:
    """``figure`` in ``unit``; converted values are rounded and noted with the published form."""
    if figure is None:
        return table.absent(absent)
    if figure.unit == unit:
        return table.figure(figure, note)
    table.cite(figure.source)
    value = units.shown_in(figure.value, figure.unit, unit)
    exact = units.convert(figure.value, figure.unit, unit)
    figures = max(3, units.figures_of(figure.value))
    how = f"converted to {unit}" + (
        ""
        if value == exact
        else f" and rounded to {FIGURES.get(figures, figures)} significant figures, trailing zeros dropped"
    )
    converted = table.text_note(f"Published as {figure.text()}; {how} {why}.")
    derived = DERIVED_NOTE if figure.derived else None
    shown = table.page.figure_value(ids.figure_id(table.specs, figure), units.format_quantity(value, unit))
    return table.cell([shown], figure.note, derived, note, converted)


def cited_total(table: SpecTable, system: System, key: str) -> Figure | None:
    """The total of ``system`` this site computes (chips x per-chip figure) under ``key``, with the
    sources of both factors cited in ``table``; ``None`` where the data give no total."""
    figure = table.specs.totals(system).get(key)
    if figure is None or figure.derived_from is None:  # a total always names its per-chip figure
        return None
    per_chip = table.specs.chips[system.chip].figure(figure.derived_from)
    table.cite(system.figures["chips"].source, per_chip.source if per_chip is not None else None)
    return figure


def total_in(table: SpecTable, system: System, key: str, unit: str) -> list[nodes.Node] | None:
    """A total this site computes (chips x per-chip figure) in ``unit``, exact where the conversion
    is (20,784 TFLOPS is 20.784 PFLOPS), with the notes of its record; ``None`` where the data give
    no total. The caller renders a total in its own unit with ``SpecDirective.total_cell``."""
    figure = cited_total(table, system, key)
    if figure is None:
        return None
    text = units.format_quantity(units.shown_in(figure.value, figure.unit, unit), unit)
    return table.total(ids.total_id(system.id, key), text, *provenance.total_notes(table.specs, system, key))


def with_scope(rows: list[list]) -> list[list]:
    """Merge each row's label and scope into one label cell: "Sparsity patterns (per NeuronCore)".

    The table's own scope is said once, in its caption; a row gives a scope (or a qualifier) only
    where it differs, and ``None`` otherwise. Keeps wide tables to one label column, so that the
    chips or cores get the width."""
    out = []
    for label, scope, *cells in rows:
        stub: list[nodes.Node] = [nodes.Text(label)]
        if scope:
            stub.append(nodes.inline(f" ({scope})", f" ({scope})", classes=["spec-scope"]))
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
        value, text_unit = units.shown_in(value, level.unit, unit), unit
    derived = DERIVED_NOTE if level.status == levels.DERIVED and DERIVED_NOTE not in level.notes else None
    shown = level_value(table, level, units.format_quantity(value, text_unit))
    return table.cell([shown], *level.notes, derived)
