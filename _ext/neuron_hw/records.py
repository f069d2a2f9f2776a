"""``.. figure-records::`` -- one entry per figure of the data: where it comes from, at its own anchor.

Each record (``provenance.py``) gets an element with the id ``rec-<figure anchor>``: the figure's
label, entity and value, its sources (title, link, section where the data file names one, the day
it was last checked), whether AWS publishes it, this site computes it (with the formula) or another
source gives it, its notes in full, and links to the places on the pages that show it.  Every
figure on a page links here (``figure_links.py``), so a reader gets from a number to its evidence
without JavaScript.

The directive leaves a placeholder that is filled when the page is written, once every page has
been read and the places each figure appears are known (``figure_usage.usage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import ids, provenance
from .figure_usage import figure_locations
from .store import data_path, load

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .data import Specs
    from .ids import FigureEntry

KIND_TEXT = {
    provenance.PUBLISHED_BY_AWS: "Published by AWS in its Neuron documentation.",
    provenance.COMPUTED: "Computed by this site",
    provenance.OTHER_SOURCE: "From another source, not AWS\u2019s Neuron documentation.",
}
# Sections of the page, one per kind of entity, in this order.
GROUPS = {
    "chip": "Chips",
    "core": "NeuronCores",
    "family": "Instance families",
    "instance": "Instances",
    "ultraserver": "UltraServers",
    "software": "Software settings",
}


class figure_records(nodes.General, nodes.Element):
    """Replaced by the records when the page is written."""


class FigureRecords(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_path(self.env)))
        return [figure_records()]


def records_page(env: BuildEnvironment) -> str | None:
    """The page that holds the records (the one with the directive), if the project has one."""
    pages = getattr(env, "neuron_hw_records_pages", set())
    return min(pages) if pages else None


def _pages(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "neuron_hw_records_pages"):
        env.neuron_hw_records_pages = set()
    return env.neuron_hw_records_pages


def _remember(app: Sphinx, doctree: nodes.document) -> None:
    if any(True for _ in doctree.findall(figure_records)):
        _pages(app.env).add(app.env.docname)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _pages(env).update(_pages(other) & docnames)


def entity_name(specs: Specs, entry: FigureEntry) -> str:
    found = {
        "chip": specs.chips,
        "core": specs.cores,
        "family": specs.families,
        "instance": specs.systems,
        "ultraserver": specs.systems,
    }.get(entry.entity_kind, {})
    return found[entry.entity].name if entry.entity in found else entry.entity


def _source_line(use: provenance.SourceUse) -> list[nodes.Node]:
    out: list[nodes.Node] = [nodes.reference(use.title, use.title, refuri=use.url)]
    if use.section:
        out.append(nodes.Text(f", section \u201c{use.section}\u201d"))
    out.append(nodes.Text(f" (checked {use.checked})"))
    return out


def record_body(specs: Specs, entry: FigureEntry, record: provenance.Record) -> list[nodes.Node]:
    """What a record says, as paragraphs: head, sources, kind, notes (the page adds where it appears)."""
    head = nodes.paragraph(classes=["nhw-record-head"])
    head += nodes.strong(entry.label, entry.label)
    scope = f", {entry.scope}" if entry.scope else ""
    head += nodes.Text(f" \u2014 {entity_name(specs, entry)}{scope}: ")
    value = entry.figure.text()
    head += nodes.strong(value, value)
    head += nodes.Text(" ")
    head += nodes.inline(entry.id, entry.id, classes=["nhw-record-id"])  # the id in the downloads
    out: list[nodes.Node] = [head]
    if record.sources:
        para = nodes.paragraph(classes=["nhw-record-source"])
        word = "Source: " if len(record.sources) == 1 else "Sources: "
        para += nodes.strong(word, word)
        for i, use in enumerate(record.sources):
            if i:
                para += nodes.Text("; ")
            para += _source_line(use)
        para += nodes.Text(".")
        out.append(para)
    kind = nodes.paragraph(classes=["nhw-record-kind"])
    text = KIND_TEXT[record.kind]
    if record.kind == provenance.COMPUTED:
        text += f": {record.formula}." if record.formula else " from the figures of its source."
    kind += nodes.Text(text)
    out.append(kind)
    for note in record.notes:
        para = nodes.paragraph(classes=["nhw-record-note"])
        para += nodes.strong("Note: ", "Note: ")
        para += nodes.Text(specs.notes[note])
        out.append(para)
    return out


def _places(app: Sphinx, docname: str, found: list[tuple[str, str]], docs: dict[str, str]) -> nodes.paragraph | None:
    """Links to where the pages show the figure (``found``: page paths and anchors; ``docs``: page
    path -> docname)."""
    if not found:
        return None
    para = nodes.paragraph(classes=["nhw-record-places"])
    para += nodes.strong("Shown on: ", "Shown on: ")
    for i, (page, anchor) in enumerate(found):
        if i:
            para += nodes.Text(", ")
        doc = docs[page]
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        uri = app.builder.get_relative_uri(docname, doc)
        para += nodes.reference(title, title, internal=True, refuri=f"{uri}#{anchor}")
    return para


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(figure_records))
    if not placeholders:
        return
    specs = load(data_path(app.env))
    records = provenance.records(specs)
    locations = figure_locations(app.env, app.builder) if app.builder.format == "html" else {}
    docs = {app.builder.get_target_uri(doc): doc for doc in app.env.found_docs}
    sections: dict[str, nodes.section] = {}
    for entry in ids.catalogue(specs):
        group = GROUPS[entry.entity_kind]
        if group not in sections:
            section = sections[group] = nodes.section(ids=[f"records-{entry.entity_kind}"], names=[group.lower()])
            section += nodes.title(group, group)
        record = records[entry.id]
        box = nodes.compound(ids=[record.anchor], classes=["nhw-record"])
        box += record_body(specs, entry, record)
        places = _places(app, docname, locations.get(entry.id, []), docs)
        if places is not None:
            box += places
        sections[group] += box
    placeholders[0].replace_self(list(sections.values()))
    for extra in placeholders[1:]:
        extra.replace_self([])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(figure_records)
    app.add_directive("figure-records", FigureRecords)
    app.connect("doctree-read", _remember)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
