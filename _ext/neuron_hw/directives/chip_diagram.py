"""``chip-diagram``: a chip's block diagram, drawn from its figures as an inline SVG figure.

The drawing is a ``topology_drawing`` node (see ``topology.py``): HTML gets the SVG, every other
writer the description in words.  The caption names the drawing and lists the sources of the
figures it draws, as a table's sources line does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import diagrams_chip
from .base import SpecDirective
from .topology import topology_drawing

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..specs import Specs


def drawing_figure(specs: Specs, svg: str, title: str, description: str, sources: tuple[str, ...]) -> nodes.figure:
    """A figure holding the drawing, with its title and a sources line as the caption."""
    figure = nodes.figure(classes=["nhd-blocks-figure"])
    figure += topology_drawing("", nodes.paragraph(description, description), svg=svg)
    caption = nodes.caption()
    caption += nodes.Text(f"{title}." + (" " if sources else ""))
    if sources:
        caption += nodes.strong("Sources: ", "Sources: ")
    for i, key in enumerate(sources):
        source = specs.sources[key]
        if i:
            caption += nodes.Text("; ")
        caption += nodes.reference(source["title"], source["title"], refuri=source["url"])
    if sources:
        caption += nodes.Text(".")
    figure += caption
    return figure


class ChipDiagram(SpecDirective):
    """``.. chip-diagram:: trainium2`` -- the chip's cores, memory, DMA, CC-Cores and NeuronLink ports."""

    def run(self) -> list[nodes.Node]:
        chip = self.lookup(self.specs.chips, self.arguments[0], "chip")
        if chip is None:
            return []
        parts = diagrams_chip.chip_parts(self.specs, chip)
        title = f"{chip.name} block diagram: {parts.cores} {parts.core} cores and what surrounds them"
        description = diagrams_chip.describe(parts)
        svg = diagrams_chip.render(parts, ident=f"chip-{chip.id}", title=title, description=description)
        return [drawing_figure(self.specs, svg, title, description, parts.sources)]


def setup(app: Sphinx) -> None:
    app.add_directive("chip-diagram", ChipDiagram)
    app.add_css_file("neuron-hw-blocks.css")
