"""The directives that render the data, one module per family of pages, and their shared base.

* ``chips``    -- ``chip-specs``, ``chip-comparison``
* ``cores``    -- ``neuroncore-specs``, ``neuroncore-engines``, ``neuroncore-overview``
* ``systems``  -- ``instance-sizes``, ``instance-overview``
* ``topology`` -- ``topology-diagram``
* ``prose``    -- ``figure-table``, ``spec-note``, ``sources``: data cited in running text
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import chips, cores, prose, systems, topology

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    for module in (chips, cores, systems, topology, prose):
        module.setup(app)
