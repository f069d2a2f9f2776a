"""``llms.txt``, ``llms-full.txt`` and every page's Markdown twin, written from the built doctrees.

``llms.txt`` follows llmstxt.org: the site's title as the H1, a one-line summary as a blockquote,
a paragraph, then H2 sections of ``- [name](url): note`` links: every page (its Markdown twin,
with the page's meta description), every download, and under ``Optional`` ``llms-full.txt``.
Each page is turned into Markdown once (``markdown.py``): that text is the page's twin
(``page_twins.py``) and, all pages in reading order, ``llms-full.txt``.  The tables are whole
Markdown tables (values with their units, note markers as ``[n]``, the notes under each table).

The maintained extension sphinx-llms-txt (0.7.1) concatenates the pages' reST sources, so this
site's tables would reach it as ``.. chip-specs:: trainium2`` and its values as ``:spec:`` roles;
reading the resolved doctrees gives the text readers see.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from build_integrity import succeeded
from docutils import nodes

from . import downloads, export, markdown, page_twins

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INTRO = (
    "Every figure on the pages below comes from one data file, with its unit, its source and a note "
    "wherever AWS's documents disagree; the same data is published as JSON and CSV. Each page is "
    "linked here as Markdown (its address with .md appended); the tables keep their units, their "
    "numbered notes and their sources."
)


def _text(node: nodes.Node) -> str:
    """A node's text on one line, for the link titles of ``llms.txt``."""
    return " ".join(node.astext().replace("\u00a0", " ").split())


def description(doctree: nodes.document) -> str | None:
    for node in doctree.findall(nodes.Element):
        if node.tagname == "meta" and node.get("name") == "description":
            return node.get("content")
    return None


def page_order(app: Sphinx) -> list[str]:
    """Pages in reading order: the toctree from the root page, depth first, then any others."""
    env, seen, order = app.env, set(), []

    def visit(docname: str) -> None:
        if docname in seen or docname not in env.found_docs:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(app.config.root_doc)
    return order + sorted(env.found_docs - seen)


class ResolvedDoctrees:
    """Each page's resolved doctree, kept from its writing (``doctree-resolved``: Sphinx then
    resolves its toctrees in place, before the page is written) to the end of a build that passed,
    where its summary and Markdown (its twin, and its part of ``llms-full.txt``) are written.  A
    page this build did not write (an incremental sphinx-build into a folder that holds it already)
    has its doctree resolved again there: resolving every page a second time cost a tenth of a
    build."""

    def __init__(self) -> None:
        self.doctrees: dict[str, nodes.document] = {}

    def keep(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        if app.builder.format == "html" and docname in app.env.found_docs:
            self.doctrees[docname] = doctree

    def of(self, app: Sphinx, docname: str) -> nodes.document:
        if docname not in self.doctrees:
            builder = app.builder
            self.doctrees[docname] = app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
        return self.doctrees[docname]

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        try:
            if succeeded(app, exception) and app.builder.format == "html":
                _write(app, self)
        finally:
            self.doctrees.clear()  # a second build of the same application starts afresh


def _write(app: Sphinx, doctrees: ResolvedDoctrees) -> None:
    env, builder, base = app.env, app.builder, app.config.html_baseurl
    pages, full = [], [f"# {app.config.project}", ""]
    for docname in page_order(app):
        doctree = doctrees.of(app, docname)
        title = _text(env.titles[docname]) if docname in env.titles else docname
        uri = builder.get_target_uri(docname)
        url = base + uri
        summary = description(doctree)
        pages.append(f"- [{title}]({base}{page_twins.twin_uri(uri)})" + (f": {summary}" if summary else ""))
        page_twins.write(app.outdir, uri, markdown.page(doctree, uri, base), base)
        full += [f"<!-- {url} -->", "", markdown.page(doctree, uri, base, from_root=True)]
    root = env.get_doctree(app.config.root_doc)
    summary = description(root) or app.config.project
    data = base + f"{export.FOLDER}/"
    index = [
        f"# {app.config.project}",
        "",
        f"> {summary}",
        "",
        INTRO,
        "",
        "## Pages",
        "",
        *pages,
        "",
        "## Data",
        "",
        *(f"- [{name}]({data}{name}): {what}" for name, what in downloads.DESCRIPTIONS.items()),
        "",
        "## Optional",
        "",
        f"- [llms-full.txt]({base}llms-full.txt): the text of every page, tables included",
        "",
    ]
    Path(app.outdir, "llms.txt").write_text("\n".join(index), encoding="utf-8")
    Path(app.outdir, "llms-full.txt").write_text("\n".join(full), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    doctrees = ResolvedDoctrees()
    # After the other handlers (Sphinx's default priority is 500) have finished the doctree.
    app.connect("doctree-resolved", doctrees.keep, priority=900)
    app.connect("build-finished", doctrees.write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
