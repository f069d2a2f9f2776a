"""``neuroncore-diagram``: a NeuronCore's engines, SBUF and PSUM and the paths between them, drawn
from the core's data as an inline SVG figure (see ``diagrams_core.py`` for what is drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import diagrams_core
from .base import SpecDirective
from .chip_diagram import drawing_figure

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class NeuronCoreDiagram(SpecDirective):
    """``.. neuroncore-diagram:: v4`` -- the core's engines and on-chip memories."""

    def run(self) -> list[nodes.Node]:
        core = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
        if core is None:
            return []
        parts = diagrams_core.core_parts(self.specs, core)
        what = "engines, SBUF and PSUM" if parts.paths else "engines and on-chip memory"
        title = f"{core.name}: its {what}"
        description = diagrams_core.describe(parts)
        svg = diagrams_core.render(parts, ident=f"core-{core.id}", title=title, description=description)
        return [drawing_figure(self.specs, svg, title, description, parts.sources)]


def setup(app: Sphinx) -> None:
    app.add_directive("neuroncore-diagram", NeuronCoreDiagram)  # styled by chip_diagram's stylesheet
