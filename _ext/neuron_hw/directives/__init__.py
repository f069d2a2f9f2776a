"""The directives that render the data, one module per family of pages, and their shared base.

* ``chips``    -- ``chip-specs``, ``chip-comparison``
* ``cores``    -- ``neuroncore-specs``, ``neuroncore-engines``, ``neuroncore-overview``
* ``systems``  -- ``instance-sizes``
* ``topology`` -- ``topology-diagram``
* ``chip_diagram``, ``core_diagram`` -- ``chip-diagram``, ``neuroncore-diagram``: block drawings
* ``lnc_diagram`` -- ``lnc-numbering``: an instance's Logical NeuronCore numbers, drawn
* ``memory_diagram`` -- ``memory-hierarchy-diagram``: each chip's memory levels, drawn
* ``prose``    -- ``figure-table``, ``spec-note``, ``sources``: data cited in running text
* ``generations`` -- ``chip-generations``, ``core-generations``: every generation side by side
* ``generation_changes`` -- ``generation-changes``: factors against the previous generations
* ``per_level`` -- ``per-level-figures``: figures at each level software sees
* ``cells``, ``feature_cells`` -- the cells those tables (and sizing's, the chooser's) share
* ``datatypes`` -- ``data-type-matrix``, ``rounding-support``: data types and rounding modes by generation
* ``sizing``   -- ``ridge-points``, ``weights-fit``, ``generation-charts``, ``roofline-charts``
* ``chooser``  -- ``instance-chooser``: every size in one table to sort and filter
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import (
    chip_diagram,
    chips,
    chooser,
    core_diagram,
    cores,
    datatypes,
    generation_changes,
    generations,
    lnc_diagram,
    memory_diagram,
    per_level,
    prose,
    sizing,
    systems,
    topology,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    for module in (
        chips,
        cores,
        systems,
        topology,
        chip_diagram,
        core_diagram,
        lnc_diagram,
        memory_diagram,
        prose,
        generations,
        generation_changes,
        per_level,
        datatypes,
        sizing,
        chooser,
    ):
        module.setup(app)
