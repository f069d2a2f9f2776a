"""``.. figure-records::`` -- one entry per figure of the data: where it comes from, at its own anchor.

Each record (``provenance.py``) gets an element with the id ``rec-<figure anchor>``: the figure's
label, entity and value, its sources (title, link, section where the data file names one, the day
it was last checked), whether AWS publishes it, this site computes it (with the formula) or another
source gives it, its notes in full, and links to the places on the pages that show it.  Every
figure on a page links here (``figure_links.py``), so a reader gets from a number to its evidence
without JavaScript.

A computed figure's record links each figure it is computed from to that figure's record.  A last
section, "Computed on these pages", holds one record per value the pages work out that is not a
figure of the data (``computed.py``: memory per logical core, cores per instance, ridge points,
weights that fit, factors between generations), at ``rec-<its anchor>``, for each such value some
page shows: its formula, the figures it is computed from (linked to their records) and their
sources with the day each was checked.

The directive leaves a placeholder that is filled when the page is written, once every page has
been read and the places each figure appears are known (``figure_usage.usage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import computed, ids, provenance
from .figure_usage import figure_locations
from .store import data_path, load

if TYPE_CHECKING:
    from collections.abc import Mapping

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
COMPUTED_TITLE = "Computed on these pages"
COMPUTED_INTRO = (
    "Values the pages work out from the figures above rather than take from the data file: memory "
    "and peaks per logical core, cores per instance, ridge points, weights that fit, factors between "
    "generations. They are not in the downloads. Each record gives the formula with its numbers, the "
    "figures it is computed from, each linked to its own record, and the documents behind them."
)


class figure_records(nodes.General, nodes.Element):
    """Replaced by the records when the page is written."""


class FigureRecords(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_path(self.env)))
        return [figure_records()]


def records_page(env: BuildEnvironment) -> str | None:
    """The page that holds the records (the one with the directive), if the project has one."""
    pages: set[str] = getattr(env, "neuron_hw_records_pages", set())
    return min(pages) if pages else None


def _pages(env: BuildEnvironment) -> set[str]:
    found: set[str] | None = getattr(env, "neuron_hw_records_pages", None)
    if found is None:
        found = set()
        env.neuron_hw_records_pages = found  # type: ignore[attr-defined]  # extension state; Sphinx declares no such attribute
    return found


def computed_values(env: BuildEnvironment) -> dict[str, dict[str, computed.Computed]]:
    """docname -> {computed value id -> its record}: the computed values each page shows."""
    found: dict[str, dict[str, computed.Computed]] | None = getattr(env, "neuron_hw_computed", None)
    if found is None:
        found = {}
        env.neuron_hw_computed = found  # type: ignore[attr-defined]  # extension state; Sphinx declares no such attribute
    return found


def _remember(app: Sphinx, doctree: nodes.document) -> None:
    if any(True for _ in doctree.findall(figure_records)):
        _pages(app.env).add(app.env.docname)
    shown: dict[str, computed.Computed] = {}
    for node in doctree.findall(lambda n: isinstance(n, nodes.Element) and "nhw_computed" in n):
        value = node["nhw_computed"]
        shown.setdefault(value.id, value)
        del node["nhw_computed"]  # kept here, not in the saved doctree
    computed_values(app.env)[app.env.docname] = shown


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)
    computed_values(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _pages(env).update(_pages(other) & docnames)
    theirs = computed_values(other)
    computed_values(env).update({doc: theirs[doc] for doc in docnames if doc in theirs})


class _Named(Protocol):
    """An entity of the data: a chip, a core, a family or a system."""

    @property
    def name(self) -> str: ...


def entity_name(specs: Specs, entry: FigureEntry) -> str:
    tables: dict[str, Mapping[str, _Named]] = {
        "chip": specs.chips,
        "core": specs.cores,
        "family": specs.families,
        "instance": specs.systems,
        "ultraserver": specs.systems,
    }
    found = tables.get(entry.entity_kind, {})
    return found[entry.entity].name if entry.entity in found else entry.entity


def _source_line(use: provenance.SourceUse) -> list[nodes.Node]:
    out: list[nodes.Node] = [nodes.reference(use.title, use.title, refuri=use.url)]
    if use.section:
        out.append(nodes.Text(f", section \u201c{use.section}\u201d"))
    out.append(nodes.Text(f" (checked {use.checked})"))
    return out


def _sources_para(uses: tuple[provenance.SourceUse, ...]) -> nodes.paragraph:
    para = nodes.paragraph(classes=["nhw-record-source"])
    word = "Source: " if len(uses) == 1 else "Sources: "
    para += nodes.strong(word, word)
    for i, use in enumerate(uses):
        if i:
            para += nodes.Text("; ")
        para += _source_line(use)
    para += nodes.Text(".")
    return para


def _inputs_para(specs: Specs, inputs: tuple[str, ...]) -> nodes.paragraph | None:
    """ "Computed from:" and each input figure, linked to its record on this page."""
    entries = {entry.id: entry for entry in ids.catalogue(specs)}
    found = [entries[i] for i in inputs if i in entries]
    if not found:
        return None
    para = nodes.paragraph(classes=["nhw-record-inputs"])
    para += nodes.strong("Computed from: ", "Computed from: ")
    for i, entry in enumerate(found):
        if i:
            para += nodes.Text("; ")
        text = f"{entry.label} ({entity_name(specs, entry)}): {entry.figure.text()}"
        para += nodes.reference(text, text, internal=True, refid=provenance.record_anchor(entry.id))
    para += nodes.Text(".")
    return para


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
        out.append(_sources_para(record.sources))
    kind = nodes.paragraph(classes=["nhw-record-kind"])
    text = KIND_TEXT[record.kind]
    if record.kind == provenance.COMPUTED:
        text += f": {record.formula}." if record.formula else " from the figures of its source."
    kind += nodes.Text(text)
    out.append(kind)
    inputs = _inputs_para(specs, record.inputs)
    if inputs is not None:
        out.append(inputs)
    return out + _notes(specs, record.notes)


def _notes(specs: Specs, notes: tuple[str, ...]) -> list[nodes.Node]:
    out = []
    for note in notes:
        para = nodes.paragraph(classes=["nhw-record-note"])
        para += nodes.strong("Note: ", "Note: ")
        para += nodes.Text(specs.notes[note])
        out.append(para)
    return out


def computed_body(specs: Specs, value: computed.Computed) -> list[nodes.Node]:
    """What the record of a computed value says: head, the sources of its inputs, its formula, its
    inputs (linked to their records) and the notes its cells print."""
    head = nodes.paragraph(classes=["nhw-record-head"])
    head += nodes.strong(value.label, value.label)
    head += nodes.Text(f" \u2014 {value.entity}: ")
    head += nodes.strong(value.value, value.value)
    head += nodes.Text(" ")
    head += nodes.inline(value.id, value.id, classes=["nhw-record-id"])
    out: list[nodes.Node] = [head]
    records = provenance.cached_records(specs)
    uses = tuple(dict.fromkeys(use for i in value.inputs if i in records for use in records[i].sources))
    if uses:
        out.append(_sources_para(uses))
    kind = nodes.paragraph(classes=["nhw-record-kind"])
    kind += nodes.Text(
        f"{KIND_TEXT[provenance.COMPUTED]} on its pages (not a figure of the data file): {value.formula}."
    )
    out.append(kind)
    inputs = _inputs_para(specs, value.inputs)
    if inputs is not None:
        out.append(inputs)
    return out + _notes(specs, tuple(n for n in value.notes if n in specs.notes))


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
    body = [*sections.values(), *_computed_section(app, docname, specs, locations, docs)]
    placeholders[0].replace_self([_contents(body), *body])
    for extra in placeholders[1:]:
        extra.replace_self([])


def _contents(sections: list[nodes.Node]) -> nodes.topic:
    """The page's "On this page" list, one link per section made here: the ``contents`` directive
    cannot list them, as it runs before they exist."""
    topic = nodes.topic(classes=["contents", "nhd-page-contents"], ids=["on-this-page"])
    topic += nodes.title("On this page", "On this page")
    items = nodes.bullet_list()
    for section in sections:
        if not isinstance(section, nodes.section):
            continue
        title = section[0].astext()
        items += nodes.list_item("", nodes.paragraph("", "", nodes.reference(title, title, refid=section["ids"][0])))
    topic += items
    return topic


def shown_values(env: BuildEnvironment) -> dict[str, computed.Computed]:
    """Every computed value the pages show, with its record (the first page's, in page order)."""
    out: dict[str, computed.Computed] = {}
    for _docname, shown in sorted(computed_values(env).items()):
        for value_id, value in shown.items():
            out.setdefault(value_id, value)
    return out


def _order(specs: Specs):
    chips = {chip_id: n for n, chip_id in enumerate(specs.chips)}
    systems = {system_id: n for n, system_id in enumerate(specs.systems)}

    def key(value_id: str):
        _prefix, kind, entity, *rest = value_id.split(":")
        place = chips.get(entity, len(chips)) if kind == "chip" else len(chips) + systems.get(entity, len(systems))
        return place, rest

    return key


def _computed_section(app: Sphinx, docname: str, specs: Specs, locations, docs) -> list[nodes.Node]:
    found = shown_values(app.env)
    if not found:
        return []
    section = nodes.section(ids=["records-computed"], names=[COMPUTED_TITLE.lower()])
    section += nodes.title(COMPUTED_TITLE, COMPUTED_TITLE)
    section += nodes.paragraph(COMPUTED_INTRO, COMPUTED_INTRO)
    for value_id in sorted(found, key=_order(specs)):
        value = found[value_id]
        box = nodes.compound(ids=[provenance.record_anchor(value_id)], classes=["nhw-record"])
        box += computed_body(specs, value)
        places = _places(app, docname, locations.get(value_id, []), docs)
        if places is not None:
            box += places
        section += box
    return [section]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(figure_records)
    app.add_directive("figure-records", FigureRecords)
    app.connect("doctree-read", _remember)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
