"""Cells for a feature that arrived with one NeuronCore version (sparsity patterns, hardware DGEs):
the feature where a core has it, else why not (``n/a`` before the first core with it, ``n/p`` after).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..data import Core, Figure, Sparsity
from ..levels import arrived_after, sparsity_of  # the rule, shared with the NeuronCore pages
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable
from .cells import in_unit

if TYPE_CHECKING:
    from ..data import Specs


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
