"""``memory-hierarchy-diagram``: host memory, device memory and each NeuronCore's SBUF and PSUM for
every chip generation, drawn from the data as an inline SVG figure (see ``diagrams_memory.py`` for
what is drawn).  With chip ids as arguments it draws those chips only, in that order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import diagrams_memory
from .base import SpecDirective
from .chip_diagram import drawing_figure

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class MemoryHierarchyDiagram(SpecDirective):
    """``.. memory-hierarchy-diagram::`` -- each chip's host, device and on-chip memories."""

    required_arguments = 0
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        chips = []
        for argument in self.arguments:
            chip = self.lookup(self.specs.chips, argument, "chip")
            if chip is None:
                return []
            chips.append(chip.id)
        parts = diagrams_memory.hierarchy(self.specs, chips or None)
        title = "Memory hierarchy of each chip: host memory, device memory, and SBUF and PSUM per NeuronCore"
        description = diagrams_memory.describe(parts)
        svg = diagrams_memory.render(parts, ident="memory-hierarchy", title=title, description=description)
        return [drawing_figure(self.specs, svg, title, description, parts.sources)]


def setup(app: Sphinx) -> None:
    app.add_directive("memory-hierarchy-diagram", MemoryHierarchyDiagram)
    app.add_css_file("neuron-hw-blocks.css")
