"""Where each figure and each conflict note appears on the pages, recorded while pages are read.

:func:`_collect` reads the figure anchors and note markers that ``tables.py`` and ``role.py`` put
on the doctree into ``env.neuron_hw_usage`` (merged from parallel readers, purged with the page).
The downloads (``downloads.py``), the figure records (``records.py``) and the sources page
(``sources_page.py``) read it once every page has been read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from . import ids, provenance
from .store import specs_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def usage(env: BuildEnvironment) -> dict[str, dict[str, list]]:
    """docname -> {"figures": [(figure id, anchor or "")], "notes": [(note, element id, table, row)]}."""
    found: dict[str, dict[str, list]] | None = getattr(env, "neuron_hw_usage", None)
    if found is None:
        found = {}
        env.neuron_hw_usage = found  # type: ignore[attr-defined]  # extension state; Sphinx declares no such attribute
    return found


def _row_label(node: nodes.Node) -> str:
    row = node.parent
    while row is not None and not isinstance(row, nodes.row):
        row = row.parent
    if row is None:
        return ""
    first = row.children[0] if row.children else None
    return first.astext().replace("\u00a0", " ").strip() if first is not None else ""


def _table_title(node: nodes.Node) -> str:
    table = node.parent
    while table is not None and not isinstance(table, nodes.table):
        table = table.parent
    if table is None:
        return ""
    titles = [child for child in table.children if isinstance(child, nodes.title)]
    return titles[0].astext() if titles else ""


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record the page's figures and every use of a note: a table's marker, a ``spec-note``
    admonition, and a figure in a sentence (``:spec:``) whose record carries the note."""
    specs = specs_for(app.env)
    notes_of = provenance.cached_records(specs)
    figures, notes = [], []
    taken = {i for element in doctree.findall(nodes.Element) for i in element["ids"]}
    for node in doctree.findall(nodes.Element):
        if "nhw_figure" in node:
            figure_id = node["nhw_figure"]
            figures.append((figure_id, node["ids"][0] if node["ids"] else ""))
            record = notes_of.get(figure_id)
            if "spec-value" in node["classes"] and record is not None:
                # The value links to its record, which prints these notes: the page uses them.
                notes += [(key, ids.anchor(figure_id), "", "") for key in record.notes if key in specs.notes]
        elif "nhw_note" in node and node["nhw_note"] in specs.notes:
            if not node["ids"]:  # a spec-note admonition: give it an id the sources page can link to
                node["ids"].append(_free_id(f"note-{node['nhw_note']}", taken))
            notes.append((node["nhw_note"], node["ids"][0], _table_title(node), _row_label(node)))
    usage(app.env)[app.env.docname] = {"figures": figures, "notes": notes}


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    usage(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = usage(other)
    for docname in docnames:
        if docname in theirs:
            usage(env)[docname] = theirs[docname]


def figure_locations(env: BuildEnvironment, builder) -> dict[str, list[tuple[str, str]]]:
    """figure id -> [(page path, anchor)], one entry per page that shows the figure with its anchor."""
    out: dict[str, list[tuple[str, str]]] = {}
    for docname, used in sorted(usage(env).items()):
        page = builder.get_target_uri(docname)
        for figure_id, anchor in used["figures"]:
            if anchor:
                out.setdefault(figure_id, []).append((page, anchor))
    return out


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
