"""``lnc-numbering``: how an instance numbers its Logical NeuronCores, drawn from the data as an
inline SVG figure (see ``diagrams_lnc.py`` for what is drawn and what is marked as undocumented).

The drawing is a ``topology_drawing`` node (see ``topology.py``): HTML gets the SVG, every other
writer the description in words; the caption is the title and a sources line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import diagrams_lnc
from .base import SpecDirective, warn
from .chip_diagram import drawing_figure

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class LncNumbering(SpecDirective):
    """``.. lnc-numbering:: trn2.48xlarge`` -- logical core numbers on each device, at each LNC size."""

    def run(self) -> list[nodes.Node]:
        system = self.lookup(self.specs.systems, self.arguments[0], "instance")
        if system is None:
            return []
        parts = diagrams_lnc.numbering(self.specs, system)
        if parts is None:
            warn(
                f"{system.name!r} in {self.name!r}: its chip has no Logical NeuronCore sizes, or it has no chip count",
                self.get_location(),
                "no_lnc",
            )
            return []
        title = f"{system.name}: how its {parts.devices} devices number their Logical NeuronCores"
        description = diagrams_lnc.describe(parts)
        svg = diagrams_lnc.render(parts, ident=f"lnc-{system.id}", title=title, description=description)
        return [drawing_figure(self.specs, svg, title, description, parts.sources)]


def setup(app: Sphinx) -> None:
    app.add_directive("lnc-numbering", LncNumbering)
    app.add_css_file("neuron-hw-blocks.css")
