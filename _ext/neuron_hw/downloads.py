"""The data as downloads, written at the end of a successful HTML build into ``<output>/data/``.

When the build finishes, ``export.py`` turns the data and the places each figure appears
(``figure_usage.py``) into the JSON, its schema and the CSVs.

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

from . import export, releases
from .figure_usage import figure_locations
from .records import records_page
from .store import data_path, load
from .vocabulary import entity_id

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
    export.CHANGELOG_CSV: "the data's releases, newest first, each with the figures it changed: "
    "old and new value with the unit, source and date",
}


def entity_pages(env: BuildEnvironment, builder) -> dict[str, str]:
    """entity id -> page path of the entity's own page (chips, NeuronCores, families, systems)."""
    specs = load(data_path(env))
    labels = env.domains.standard_domain.labels

    def page(label: str) -> str | None:
        return builder.get_target_uri(labels[label][0]) if label in labels else None

    pages = {}
    for chip in specs.chips.values():
        pages[entity_id("chip", chip.id)] = page(chip.page)
    for core in specs.cores.values():
        pages[entity_id("core", core.id)] = page(core.page)
    for family in specs.families.values():
        pages[entity_id("family", family.id)] = page(family.page)
    for system in specs.systems.values():
        pages[entity_id(system.kind, system.id)] = page(specs.families[system.family].page)
    return {k: v for k, v in pages.items() if v}


def build_document(app: Sphinx) -> export.Document:
    env, builder = app.env, app.builder
    records = records_page(env)
    return export.document(
        load(data_path(env)),
        figure_locations(env, builder),
        app.config.html_baseurl,
        entity_pages(env, builder),
        title=f"{app.config.project} data",
        records_page=builder.get_target_uri(records) if records else None,
        data_file=app.config.neuron_hw_data_url,
    )


def _write(app: Sphinx, exception: Exception | None) -> None:
    if not succeeded(app, exception) or app.builder.format != "html":
        return
    specs = load(data_path(app.env))
    changelog = releases.for_build(app)
    doc = build_document(app)
    if changelog is not None:
        current = changelog.current
        doc = doc.model_copy(update={"version": current.version, "date": current.date.isoformat()})
    folder = Path(app.outdir, export.FOLDER)
    folder.mkdir(exist_ok=True)
    written = export.files(specs, doc)
    if changelog is not None:
        written[export.CHANGELOG_CSV] = releases.changelog_csv(changelog, specs)
    for name, text in written.items():
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
    # The data file's public address (in the repository), written into the JSON; None leaves it out.
    app.add_config_value("neuron_hw_data_url", None, "env", types=frozenset({str, type(None)}))
    app.add_node(downloads_list)
    app.add_node(data_file)
    app.add_directive("data-downloads", DataDownloads)
    app.add_role("data-file", data_file_role)
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
