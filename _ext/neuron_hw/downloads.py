"""The data as downloads, written at the end of a successful HTML build into ``<output>/data/``.

While pages are read, :func:`_collect` records where each figure and each conflict note appears
(the figure anchors and note markers that ``tables.py`` and ``role.py`` put on the doctree), in
``env.neuron_hw_usage`` (merged from parallel readers, purged with the page).  When the build
finishes, ``export.py`` turns the data and those places into the JSON, its schema and the CSVs.

``.. data-downloads::`` lists the files with links; the links are added only for HTML builders
(after the link checker has collected its links), since the files exist only in the HTML output.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from build_integrity import succeeded
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import export, ids, provenance
from .store import data_path, load, specs_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# What each file holds, for the list on the comparison page.
DESCRIPTIONS = {
    export.JSON_NAME: "every entity and figure with unit, scope, sources and the day each was checked, "
    "published or computed (with the formula), notes, id, page link and record link",
    export.SCHEMA_NAME: "the JSON Schema of that file",
    export.FIGURES_CSV: "one row per figure, with its unit, sources, checked dates, kind and notes in columns",
    export.CHIPS_CSV: "one row per chip in SI units, dense rates only, under Epoch AI's column names",
    export.CORES_CSV: "one row per NeuronCore version in SI units, one column per quantity",
    export.SYSTEMS_CSV: "one row per instance size and UltraServer, computed and published totals side by side",
    export.README_NAME: "what each file holds and how its columns are named",
}


# -- Where figures and notes appear ----------------------------------------------------------------
def usage(env: BuildEnvironment) -> dict[str, dict[str, list]]:
    """docname -> {"figures": [(figure id, anchor or "")], "notes": [(note, element id, table, row)]}."""
    if not hasattr(env, "neuron_hw_usage"):
        env.neuron_hw_usage = {}
    return env.neuron_hw_usage


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


def entity_pages(env: BuildEnvironment, builder) -> dict[str, str]:
    """entity id -> page path of the entity's own page (chips, NeuronCores, families, systems)."""
    specs = load(data_path(env))
    labels = env.get_domain("std").labels

    def page(label: str) -> str | None:
        return builder.get_target_uri(labels[label][0]) if label in labels else None

    pages = {}
    for chip in specs.chips.values():
        pages[f"chip:{chip.id}"] = page(chip.page)
    for core in specs.cores.values():
        pages[f"core:{core.id}"] = page(core.page)
    for family in specs.families.values():
        pages[f"family:{family.id}"] = page(family.page)
    for system in specs.systems.values():
        pages[f"{system.kind}:{system.id}"] = page(specs.families[system.family].page)
    return {k: v for k, v in pages.items() if v}


def build_document(app: Sphinx) -> export.Document:
    from .records import records_page  # records.py reads this module's record of where figures are

    env, builder = app.env, app.builder
    records = records_page(env)
    return export.document(
        load(data_path(env)),
        figure_locations(env, builder),
        app.config.html_baseurl,
        entity_pages(env, builder),
        title=f"{app.config.project} data",
        records_page=builder.get_target_uri(records) if records else None,
    )


def _write(app: Sphinx, exception: Exception | None) -> None:
    if not succeeded(app, exception) or app.builder.format != "html":
        return
    specs = load(data_path(app.env))
    folder = Path(app.outdir, export.FOLDER)
    folder.mkdir(exist_ok=True)
    for name, text in export.files(specs, build_document(app)).items():
        (folder / name).write_text(text, encoding="utf-8")


# -- The list of downloads on a page -----------------------------------------------------------
class downloads_list(nodes.General, nodes.Element):
    """Replaced by a bullet list of the files once the builder is known."""


class data_file(nodes.General, nodes.Inline, nodes.Element):
    """One download's name, linked once the builder is known."""


def data_file_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``:data-file:`neuron-hardware.json``` -- a download's name, linked in HTML output."""
    if text not in DESCRIPTIONS:
        msg = inliner.reporter.error(f"unknown download {text!r}; known: {', '.join(DESCRIPTIONS)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [data_file(rawtext, name=text)], []


class DataDownloads(SphinxDirective):
    """``.. data-downloads::`` -- the files in ``data/``, each with what it holds."""

    def run(self) -> list[nodes.Node]:
        return [downloads_list()]


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    depth = len(PurePosixPath(docname).parts) - 1

    def link(name: str) -> nodes.Node:
        literal = nodes.literal(name, name)
        if app.builder.format != "html":
            return literal
        ref = nodes.reference("", "", refuri="../" * depth + f"{export.FOLDER}/{name}")
        ref += literal
        return ref

    for node in list(doctree.findall(downloads_list)):
        items = nodes.bullet_list(classes=["data-downloads"])
        for name, what in DESCRIPTIONS.items():
            para = nodes.paragraph()
            para += link(name)
            para += nodes.Text(f": {what}.")
            items += nodes.list_item("", para)
        node.replace_self(items)
    for node in list(doctree.findall(data_file)):
        node.replace_self(link(node["name"]))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(downloads_list)
    app.add_node(data_file)
    app.add_directive("data-downloads", DataDownloads)
    app.add_role("data-file", data_file_role)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
