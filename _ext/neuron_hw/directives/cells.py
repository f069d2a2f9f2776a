"""The cells the comparison and sizing tables share: a figure in its row's unit, a value per level
with the record it links to, and a row label with its scope.

A row holds one unit: figures published in another unit are converted, rounded to three
significant figures (``units.significant``), and carry a note with the published form.
"""

from __future__ import annotations

from docutils import nodes

from .. import computed, ids, levels, units
from ..data import Figure
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from ..vocabulary import (
    DERIVED_NOTE,
)

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
