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
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import ids
from .figure_usage import usage
from .loader import SpecError
from .note_titles import (
    CHIPS,
    CONVENTIONS,
    CORES,
    GROUPS,
    SOFTWARE,
    SYSTEMS,
    NoteTitle,
    fallback_title,
    load_titles,
    titles_path,
)
from .store import data_path, load

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class data_sources(nodes.General, nodes.Element):
    """Replaced by the sources and notes once every page has been read."""


class folded(nodes.General, nodes.Element):
    """A long list behind a summary line: ``<details>`` in HTML, its children elsewhere."""


def _visit_folded(self, node: folded) -> None:
    self.body.append(f'<details class="{" ".join(node["classes"])}"><summary>{self.encode(node["summary"])}</summary>')


def _depart_folded(self, node: folded) -> None:
    self.body.append("</details>")


def _visit_plain(self, node: folded) -> None:
    pass


def _depart_plain(self, node: folded) -> None:
    pass


# A note cited in more places than this lists them behind a summary line.
FOLD_AFTER = 5


class DataSources(SphinxDirective):
    """``.. data-sources:: sources`` lists the sources; ``.. data-sources:: notes`` the conflict notes."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments[0] not in ("sources", "notes"):
            raise self.error("expected 'sources' or 'notes'")
        self.env.note_dependency(str(data_path(self.env)))
        self.env.note_dependency(str(titles_path(data_path(self.env))))
        return [data_sources(part=self.arguments[0])]


def _pages(env: BuildEnvironment) -> set[str]:
    found: set[str] | None = getattr(env, "neuron_hw_sources_pages", None)
    if found is None:
        found = set()
        env.neuron_hw_sources_pages = found  # type: ignore[attr-defined]  # extension state; Sphinx declares no such attribute
    return found


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


def _group(specs, catalogue, titles: dict[str, NoteTitle], key: str) -> str:
    """The group a note is listed in: its own, else the kind of entry its figures belong to."""
    if key in titles:
        return titles[key].group
    kinds = {entry.id.partition(":")[0] for entry in catalogue if entry.figure.note == key}
    if kinds & {"system", "family"} or any(s.note == key for s in specs.systems.values()):
        return SYSTEMS
    for kind, group in (("chip", CHIPS), ("core", CORES), ("software", SOFTWARE)):
        if kind in kinds:
            return group
    return CONVENTIONS


def _note_title(titles: dict[str, NoteTitle], key: str, text: str) -> str:
    title = titles[key].title if key in titles else fallback_title(text)
    return _curly(title)


def _curly(text: str) -> str:
    """The apostrophes the page's own text gets from Sphinx's smart quotes (this text comes later)."""
    return text.replace("'", "\u2019")


def _note(
    app: Sphinx, docname: str, specs, catalogue, key: str, text: str, cited: list, anchored: set[str], title: str
) -> nodes.section:
    section = nodes.section(ids=[f"note-{key}"], names=[f"note {key}"])
    section += nodes.title(title, title)
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
        places = nodes.bullet_list()
        for todoc, anchor, table, row in cited:
            para = nodes.paragraph()
            text = " \u2014 ".join(part for part in (_title(app.env, todoc), table, row) if part)
            para += _link(app, docname, todoc, anchor, text)
            places += nodes.list_item("", para)
        if len(cited) > FOLD_AFTER:
            pages = len({todoc for todoc, _, _, _ in cited})
            fold = folded(summary=f"Appears on {pages} page{'' if pages == 1 else 's'}", classes=["note-places"])
            fold += places
            section += fold
        else:
            section += nodes.paragraph("", "", nodes.strong("Where it appears: ", "Where it appears: "))
            section += places
    else:
        section += nodes.paragraph("", "No page cites this note at the moment.")
    key_line = nodes.paragraph(classes=["note-key"])
    key_line += nodes.Text("Key in the data file: ")
    key_line += nodes.literal(key, key)
    section += key_line
    return section


def _notes(app: Sphinx, docname: str, specs, catalogue, cited: dict, anchored: set[str]) -> list[nodes.section]:
    """One section per group, in the order of GROUPS; its notes in the order of their titles."""
    titles = _titles(app.env, specs)
    grouped: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for key, text in specs.notes.items():
        grouped[_group(specs, catalogue, titles, key)].append((key, text))
    out = []
    for group, notes in grouped.items():
        if not notes:
            continue
        section = nodes.section(ids=[f"notes-{group}"], names=[f"notes {group}"])
        section += nodes.title(_curly(GROUPS[group]), _curly(GROUPS[group]))
        for key, text in sorted(notes, key=lambda kv: _note_title(titles, *kv).lower()):
            title = _note_title(titles, key, text)
            section += _note(app, docname, specs, catalogue, key, text, cited.get(key, []), anchored, title)
        out.append(section)
    return out


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
            node.replace_self(_notes(app, docname, specs, catalogue, cited, set(node.get("anchored", ()))))


def _titles(env: BuildEnvironment, specs) -> dict[str, NoteTitle]:
    return load_titles(titles_path(data_path(env)), set(specs.notes))


def _validate_titles(app: Sphinx) -> None:
    """Stop before any page is read when the note titles are malformed (as the data file does)."""
    try:
        _titles(app.env, load(data_path(app.env)))
    except SpecError as exc:
        logger.error("%s: %s", exc.category, exc, type="neuron_hw", subtype="data")
        raise SystemExit(2) from None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(data_sources)
    app.connect("builder-inited", _validate_titles, priority=600)  # after the data file is checked
    skip = (_visit_plain, _depart_plain)
    app.add_node(folded, html=(_visit_folded, _depart_folded), text=skip, latex=skip, man=skip, texinfo=skip)
    app.add_directive("data-sources", DataSources)
    app.connect("doctree-read", _remember, priority=600)  # after figure_usage.py records the page's figures
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
