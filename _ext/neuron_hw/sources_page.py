"""``.. data-sources::`` -- every source the site cites and every conflict note, with where each appears.

The directive leaves a placeholder; once every page has been read (``doctree-resolved``) it becomes
the list of sources, with how many figures cite each, and one entry per note: its text, the figures
of the data that carry it (the competing values, where the data holds more than one), and links to
every page, table and row that cites it (recorded by ``figure_usage.py`` while pages are read).  The page
is re-read whenever another page changes, so its links stay current in incremental builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import ids
from .figure_usage import usage
from .store import data_path, load

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class data_sources(nodes.General, nodes.Element):
    """Replaced by the sources and notes once every page has been read."""


class DataSources(SphinxDirective):
    """``.. data-sources:: sources`` lists the sources; ``.. data-sources:: notes`` the conflict notes."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments[0] not in ("sources", "notes"):
            raise self.error("expected 'sources' or 'notes'")
        self.env.note_dependency(str(data_path(self.env)))
        return [data_sources(part=self.arguments[0])]


def _pages(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "neuron_hw_sources_pages"):
        env.neuron_hw_sources_pages = set()
    return env.neuron_hw_sources_pages


def _remember(app: Sphinx, doctree: nodes.document) -> None:
    placeholders = list(doctree.findall(data_sources))
    if placeholders:
        _pages(app.env).add(app.env.docname)
    notes = [node for node in placeholders if node["part"] == "notes"]
    if notes:
        _anchor_values(app.env, notes[0])


def _anchor_values(env: BuildEnvironment, placeholder: data_sources) -> None:
    """The notes list the values of the figures that carry them: each value gets its figure's anchor
    unless the page already shows the figure elsewhere.  Decided while the page is read (this runs
    after ``figure_usage.py`` has recorded the page's figures), so the downloads know where they are."""
    specs = load(data_path(env))
    used = usage(env).setdefault(env.docname, {"figures": [], "notes": []})
    anchored = {figure_id for figure_id, anchor in used["figures"] if anchor}
    placeholder["anchored"] = []
    for entry in ids.catalogue(specs):
        if entry.figure.note in specs.notes and entry.id not in anchored:
            anchored.add(entry.id)
            placeholder["anchored"].append(entry.id)
            used["figures"].append((entry.id, ids.anchor(entry.id)))


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _pages(env).update(_pages(other) & docnames)


def _outdated(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """Any page read again may cite notes differently: read the sources page again too."""
    return sorted(_pages(env) - added - changed) if added or changed or removed else []


def _link(app: Sphinx, fromdoc: str, todoc: str, anchor: str, text: str) -> nodes.reference:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    ref = nodes.reference("", "", internal=True, refuri=f"{uri}#{anchor}" if anchor else uri)
    ref += nodes.Text(text)
    return ref


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _sources(specs, catalogue) -> nodes.bullet_list:
    counts: dict[str, int] = {}
    for entry in catalogue:
        if entry.figure.source:
            counts[entry.figure.source] = counts.get(entry.figure.source, 0) + 1
    items = nodes.bullet_list(classes=["data-sources"])
    for key, source in sorted(specs.sources.items(), key=lambda kv: kv[1]["title"].lower()):
        para = nodes.paragraph()
        para += nodes.reference(source["title"], source["title"], refuri=source["url"])
        n = counts.get(key, 0)
        para += nodes.Text(f": {n} figure{'' if n == 1 else 's'}" if n else ": cited in prose, no figure")
        items += nodes.list_item("", para)
    return items


def _note(
    app: Sphinx, docname: str, specs, catalogue, key: str, text: str, cited: list, anchored: set[str]
) -> nodes.section:
    section = nodes.section(ids=[f"note-{key}"], names=[f"note {key}"])
    section += nodes.title(key, key)
    section += nodes.paragraph(text, text)
    carrying = [entry for entry in catalogue if entry.figure.note == key]
    systems = [s for s in specs.systems.values() if s.note == key]
    if carrying or systems:
        section += nodes.paragraph("", "", nodes.strong("Values in the data: ", "Values in the data: "))
        values = nodes.bullet_list()
        for entry in carrying:
            para = nodes.paragraph()
            para += nodes.Text(f"{entry.label} ({entry.entity_id}): ")
            value = nodes.inline("", "", nodes.strong(entry.figure.text(), entry.figure.text()))
            value["nhw_figure"] = entry.id  # linked to its record when the page is written (figure_links.py)
            if entry.id in anchored:
                value["ids"] = [ids.anchor(entry.id)]
            para += value
            source = specs.sources.get(entry.figure.source or "")
            if source:
                para += nodes.Text(", from ")
                para += nodes.reference(source["title"], source["title"], refuri=source["url"])
            elif entry.derived_from:
                para += nodes.Text(", computed by this site")
            values += nodes.list_item("", para)
        for system in systems:
            values += nodes.list_item("", nodes.paragraph("", f"The whole of {system.name} ({system.kind})."))
        section += values
    if cited:
        section += nodes.paragraph("", "", nodes.strong("Where it appears: ", "Where it appears: "))
        places = nodes.bullet_list()
        for todoc, anchor, table, row in cited:
            para = nodes.paragraph()
            text = " \u2014 ".join(part for part in (_title(app.env, todoc), table, row) if part)
            para += _link(app, docname, todoc, anchor, text)
            places += nodes.list_item("", para)
        section += places
    else:
        section += nodes.paragraph("", "No page cites this note at the moment.")
    return section


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(data_sources))
    if not placeholders:
        return
    specs = load(data_path(app.env))
    catalogue = ids.catalogue(specs)
    cited: dict[str, list] = {}
    for todoc, used in sorted(usage(app.env).items()):
        for key, anchor, table, row in used["notes"]:
            places = cited.setdefault(key, [])
            # one link per row: a note cited in several cells of a row links to the first of them;
            # one per place: a value cited twice in a page's text links to its first occurrence
            same_row = any((todoc, table, row) == (doc, t, r) and row for doc, _, t, r in places)
            if not same_row and not any((todoc, anchor) == (doc, a) for doc, a, _, _ in places):
                places.append((todoc, anchor, table, row))
    for node in placeholders:
        if node["part"] == "sources":
            node.replace_self(_sources(specs, catalogue))
        else:
            node.replace_self(
                [
                    _note(app, docname, specs, catalogue, key, text, cited.get(key, []), set(node.get("anchored", ())))
                    for key, text in specs.notes.items()
                ]
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(data_sources)
    app.add_directive("data-sources", DataSources)
    app.connect("doctree-read", _remember, priority=600)  # after figure_usage.py records the page's figures
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
