"""``figure-table``, ``spec-note`` and ``sources``: data cited in a page's running text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from .base import SpecDirective, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class FigureTable(SpecDirective):
    """``.. figure-table:: chip:trainium2`` -- an entity's extra figures, in file order.

    With ``:group: pcie`` only the figures of that group; without it, those in no group.
    """

    option_spec: ClassVar[dict] = {"title": directives.unchanged_required, "group": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        entity, group = self.arguments[0], self.options.get("group")
        entries = [f for path, f in self.specs.figures.items() if path.startswith(f"{entity}:") and f.group == group]
        if not entries:
            which = f" in group {group!r}" if group else " outside any group"
            warn(f"{entity!r} has no extra figures{which}", self.get_location(), "unknown_id")
            return []
        table = self.new_table(self.options.get("title", "Figures"))
        rows = [[entry.label, table.figure(entry.figure)] for entry in entries]
        return table.build(["Quantity", "Value"], rows)


class SpecNote(SpecDirective):
    """``.. spec-note:: note-id`` -- a data-file note as an admonition in the page's prose."""

    def run(self) -> list[nodes.Node]:
        text = self.lookup(self.specs.notes, self.arguments[0], "note")
        if text is None:
            return []
        admonition = nodes.note()
        admonition["nhw_note"] = self.arguments[0]  # where the page uses the note (downloads.py)
        admonition += nodes.paragraph(text, text)
        return [admonition]


class Sources(SpecDirective):
    """``.. sources:: rt-config feat-lnc`` -- a section's sources line, titles and links from [sources].

    Pages cite by key, so a source's title and URL live once in the data file.
    """

    has_content = False
    required_arguments = 1
    optional_arguments = 50

    def run(self) -> list[nodes.Node]:
        para = nodes.paragraph(classes=["spec-sources"])
        para += nodes.strong("Sources: ", "Sources: ")
        cited = 0
        for key in self.arguments:
            source = self.lookup(self.specs.sources, key.rstrip(","), "source")
            if source is None:
                continue
            if cited:
                para += nodes.Text("; ")
            para += nodes.reference(source["title"], source["title"], refuri=source["url"])
            cited += 1
        para += nodes.Text(".")
        return [para] if cited else []


def setup(app: Sphinx) -> None:
    app.add_directive("figure-table", FigureTable)
    app.add_directive("spec-note", SpecNote)
    app.add_directive("sources", Sources)
