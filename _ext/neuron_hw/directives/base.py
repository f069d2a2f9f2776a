"""What every directive shares: access to the data, id lookups that warn, tables, links, totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import ids, levels, provenance, units
from ..specs import Figure, System
from ..store import specs_for
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable, page_notes, page_ref
from .cells import cited_total

if TYPE_CHECKING:
    from ..specs import Core, Specs

logger = logging.getLogger(__name__.rpartition(".")[0])


def warn(message: str, location, subtype: str) -> None:
    logger.warning(message, location=location, type="neuron_hw", subtype=subtype)


class SpecDirective(SphinxDirective):
    """Base class: access to the data (noted as a page dependency) and id lookups that warn."""

    required_arguments = 1

    @property
    def specs(self) -> Specs:
        return specs_for(self.env)

    def lookup(self, mapping: dict, key: str, what: str):
        if key not in mapping:
            warn(
                f"unknown {what} {key!r} in {self.name!r}; known: {', '.join(mapping)}",
                self.get_location(),
                "unknown_id",
            )
            return None
        return mapping[key]

    def new_table(self, title: str) -> SpecTable:
        table_id = f"spec-table-{self.env.new_serialno('neuron-hw')}"
        return SpecTable(self.specs, table_id, title, page_notes(self.env))

    def ref(self, label: str, text: str):
        return page_ref(label, text, self.env.docname)

    def efa_cell(self, table: SpecTable, system: System) -> list[nodes.Node] | None:
        """EFA bandwidth of a whole instance or UltraServer (:func:`levels.system_efa`): AWS's figure
        for it, else the computed total, which carries the notes of its per-chip figure and of the
        total AWS publishes; ``None`` where the data give neither (the caller marks why)."""
        if "efa" in system.figures:
            return table.figure(system.figures["efa"])
        return self.total_cell(table, system, "efa")

    def total_cell(
        self, table: SpecTable, system: System, key: str, unit: str | None = None, converted_note: str | None = None
    ) -> list[nodes.Node] | None:
        """A computed total (chips x per-chip figure).

        The total carries the per-chip figure's note (a conflict over the chip figure is a conflict
        over every total computed from it) and, where AWS publishes the total differently, the
        note explaining that. A total AWS does not publish for a system whose other totals it does
        publish is marked as computed by this site. With ``unit``, a total in another unit is
        converted, rounded to three significant figures and marked with ``converted_note``.
        """
        figure = cited_total(table, system, key)
        if figure is None:
            return None
        text, to_unit = figure.text(), unit if unit is not None and unit != figure.unit else None
        if to_unit is not None:
            value = units.convert(figure.value, figure.unit, to_unit)
            text = units.format_quantity(units.significant(value), to_unit)
        # The notes the record of the total lists too (provenance.total_notes), then the conversion's.
        notes = provenance.total_notes(self.specs, system, key)
        return table.total(ids.total_id(system.id, key), text, *notes, converted_note if to_unit is not None else None)


def joined(groups, separator: str = ", ") -> list[nodes.Node]:
    """Inline items (each a node or a list of nodes, e.g. a page link and its text) joined by ``separator``."""
    out: list[nodes.Node] = []
    for group in groups:
        if out:
            out.append(nodes.Text(separator))
        out += group if isinstance(group, list) else [group]
    return out


def factor_text(new: Figure, old: Figure) -> str:
    """How many times ``old`` the ``new`` figure is, computed in ``old``'s unit ("4.5x")."""
    return units.format_factor(units.convert(new.value, new.unit, old.unit) / old.value)


def absent_mark(table: SpecTable, status: str, *notes: str | None) -> list[nodes.Node]:
    """The mark for a figure :mod:`levels` says is absent: ``n/a`` where it says not applicable,
    else ``n/p``."""
    return table.absent(NOT_APPLICABLE if status == NOT_APPLICABLE else NOT_PUBLISHED, *notes)


def absent_rate(table: SpecTable, specs: Specs, core: Core, dtypes, mode: str = "dense") -> list[nodes.Node]:
    """The mark for a Tensor Engine rate ``core`` does not have (:func:`levels.absent_rate`): ``n/a``
    for a sparse rate before the first core with sparsity patterns, with that core's note, or for
    types the engine does not take; ``n/p`` otherwise."""
    status, note = levels.absent_rate(specs, core, tuple(dtypes), mode)
    return absent_mark(table, status, note)
