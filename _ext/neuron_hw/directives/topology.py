"""``topology-diagram``: a [topologies] entry drawn as an inline SVG figure.

The drawing is a ``topology_drawing`` node: the HTML writer emits its SVG; every other writer
(text, LaTeX, man, ...) gets the drawing's text description instead of nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import diagrams, diagrams_fabric
from ..vocabulary import LINE, RING, SWITCHED, TORUS, ULTRASERVER_TORUS
from .base import SpecDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..specs import Topology

SHAPE_WORDS = {
    RING: "a ring",
    LINE: "a line",
    TORUS: "a 2D torus",
    ULTRASERVER_TORUS: "a torus in each server and rings across the servers",
    SWITCHED: "a switched fabric",
}


class topology_drawing(nodes.General, nodes.Element):
    """An SVG drawing (``svg`` attribute) whose children describe it in words."""


def visit_drawing_html(self, node: topology_drawing) -> None:
    self.body.append(node["svg"])
    raise nodes.SkipNode  # the SVG carries the description as its <desc>


def visit_drawing_other(self, node: topology_drawing) -> None:
    pass  # the children (the description) are written as ordinary text


def depart_drawing_other(self, node: topology_drawing) -> None:
    pass


class TopologyDiagram(SpecDirective):
    """``.. topology-diagram:: trn2-48xlarge`` -- a [topologies] entry drawn as an inline SVG figure."""

    def drawing(self, topology: Topology, side: int | None) -> diagrams.Drawing:
        if topology.shape == RING:
            return diagrams.ring(topology.chips)
        if topology.shape == LINE:
            return diagrams.line(topology.chips)
        # The model requires a side of every grid shape, and the loader counts an UltraServer's servers.
        if side is None:
            raise ValueError(f"topology {topology.id!r}: a {topology.shape} needs a side")
        if topology.shape == TORUS:
            return diagrams.torus(side)
        if topology.servers is None:
            raise ValueError(f"topology {topology.id!r}: a {topology.shape} needs its servers")
        system = self.specs.systems[topology.system]
        server = self.specs.systems[system.server].name if system.server else "server"
        return diagrams.ultraserver(topology.servers, side, server)

    def run(self) -> list[nodes.Node]:
        topology = self.lookup(self.specs.topologies, self.arguments[0], "topology")
        if topology is None:
            return []
        system = self.specs.systems[topology.system]
        chip = self.specs.chips[system.chip]
        side = int(self.specs.figures[topology.side].figure.value) if topology.side else None
        link = self.specs.figures[topology.link].figure.text() if topology.link else None
        title = f"{system.name}: {topology.chips} {chip.name} chips linked in {SHAPE_WORDS[topology.shape]}"
        if topology.shape == SWITCHED:
            fabric = diagrams_fabric.of(self.specs, topology)
            description = diagrams_fabric.describe(fabric, chip.name, topology.undocumented)
            svg = diagrams_fabric.render(
                fabric,
                ident=f"topology-{topology.id}",
                title=title,
                description=description,
                undocumented=topology.undocumented,
            )
        else:
            description = diagrams.describe(topology.shape, topology.chips, chip.name, side, topology.servers)
            svg = diagrams.render(
                self.drawing(topology, side),
                ident=f"topology-{topology.id}",
                title=title,
                description=description,
                link_label=link,
            )
        figure = nodes.figure(classes=["nhd-topology-figure"])
        figure += topology_drawing("", nodes.paragraph(description, description), svg=svg)
        source = self.specs.sources[topology.source]
        caption = nodes.caption()
        caption += nodes.Text(f"{title}. Source: ")
        caption += nodes.reference(source["title"], source["title"], refuri=source["url"])
        caption += nodes.Text(".")
        figure += caption
        return [figure]


def setup(app: Sphinx) -> None:
    other = (visit_drawing_other, depart_drawing_other)
    app.add_node(topology_drawing, html=(visit_drawing_html, None), latex=other, text=other, man=other, texinfo=other)
    app.add_directive("topology-diagram", TopologyDiagram)
    app.add_css_file("neuron-hw-topology.css")
