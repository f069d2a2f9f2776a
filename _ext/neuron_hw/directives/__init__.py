"""The directives that render the data, one module per family of pages, and their shared base.

* ``chips``    -- ``chip-specs``, ``chip-comparison``
* ``cores``    -- ``neuroncore-specs``, ``neuroncore-engines``, ``neuroncore-overview``
* ``systems``  -- ``instance-sizes``
* ``topology`` -- ``topology-diagram``
* ``chip_diagram``, ``core_diagram`` -- ``chip-diagram``, ``neuroncore-diagram``: block drawings
* ``lnc_diagram`` -- ``lnc-numbering``: an instance's Logical NeuronCore numbers, drawn
* ``prose``    -- ``figure-table``, ``spec-note``, ``sources``: data cited in running text
* ``compare``  -- ``chip-generations``, ``core-generations``, ``generation-changes``,
  ``per-level-figures``: every generation side by side, and figures as software sees them
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
    compare,
    core_diagram,
    cores,
    datatypes,
    lnc_diagram,
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
        prose,
        compare,
        datatypes,
        sizing,
        chooser,
    ):
        module.setup(app)
