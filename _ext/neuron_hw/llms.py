"""``llms.txt`` and ``llms-full.txt`` at the site root, written from the built doctrees.

``llms.txt`` follows llmstxt.org: the site's title, a one-line summary, and every page with the
one-line summary of its meta description.  ``llms-full.txt`` holds the text of every page as
Markdown, with the directive-generated tables as whole Markdown tables (values with their units,
note markers as ``[n]`` and the notes under each table).

The maintained extension sphinx-llms-txt (0.7.1) concatenates the pages' reST sources, so this
site's tables would reach it as ``.. chip-specs:: trainium2`` and its values as ``:spec:`` roles;
reading the resolved doctrees gives the text readers see.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from build_integrity import succeeded
from docutils import nodes
from sphinx import addnodes

from . import export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INTRO = (
    "Every figure on the pages below comes from one data file, with its unit, its source and a note "
    "wherever AWS's documents disagree; the same data is published as JSON and CSV."
)
SKIP = (nodes.comment, nodes.target, nodes.substitution_definition, nodes.raw, nodes.system_message, addnodes.toctree)


def _text(node: nodes.Node) -> str:
    """A node's text on one line.  ``<`` is escaped: a Markdown reader would take text such as
    ``<script>`` (from a page or the data) for HTML, and ``\\<`` reads as a plain ``<``."""
    return " ".join(node.astext().replace("\u00a0", " ").split()).replace("<", "\\<")


def _cell(entry: nodes.Node) -> str:
    return _text(entry).replace("|", "\\|")


def table_markdown(table: nodes.table) -> list[str]:
    """A docutils table as a Markdown table (header row first), with its title above it."""
    lines = []
    titles = [child for child in table.children if isinstance(child, nodes.title)]
    if titles:
        lines += [f"Table: {_text(titles[0])}", ""]
    head = [
        [_cell(e) for e in row.findall(nodes.entry)] for thead in table.findall(nodes.thead) for row in thead.children
    ]
    body = [
        [_cell(e) for e in row.findall(nodes.entry)] for tbody in table.findall(nodes.tbody) for row in tbody.children
    ]
    width = max((len(r) for r in head + body), default=0)
    if not width:
        return []
    header = head[0] if head else [""] * width
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * width)
    for row in head[1:] + body:
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
    return [*lines, ""]


class Markdown:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def walk(self, node: nodes.Node, level: int = 1) -> None:
        if isinstance(node, SKIP) or getattr(node, "tagname", "") == "meta":
            return
        if isinstance(node, nodes.section):
            for child in node.children:
                if isinstance(child, nodes.title):
                    self.lines += ["#" * min(level, 6) + " " + _text(child), ""]
                else:
                    self.walk(child, level + 1)
        elif isinstance(node, nodes.table):
            self.lines += table_markdown(node)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            for i, item in enumerate(node.children, start=1):
                mark = f"{i}." if isinstance(node, nodes.enumerated_list) else "-"
                self.lines.append(f"{mark} {_text(item)}")
            self.lines.append("")
        elif isinstance(node, nodes.literal_block):
            self.lines += ["```", node.astext(), "```", ""]
        elif isinstance(node, nodes.Admonition):
            self.lines += [f"> {_text(node)}", ""]
        elif isinstance(node, (nodes.paragraph, nodes.rubric, nodes.caption, nodes.line_block, nodes.definition_list)):
            text = _text(node)
            if text:
                self.lines += [text, ""]
        elif isinstance(node, nodes.Element):
            for child in node.children:
                self.walk(child, level)
        elif isinstance(node, nodes.Text) and node.astext().strip():
            self.lines += [_text(node), ""]


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


def _write(app: Sphinx, exception: Exception | None) -> None:
    if not succeeded(app, exception) or app.builder.format != "html":
        return
    env, builder, base = app.env, app.builder, app.config.html_baseurl
    pages, full = [], [f"# {app.config.project}", ""]
    for docname in page_order(app):
        doctree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
        title = _text(env.titles[docname]) if docname in env.titles else docname
        url = base + builder.get_target_uri(docname)
        summary = description(doctree)
        pages.append(f"- [{title}]({url})" + (f": {summary}" if summary else ""))
        writer = Markdown()
        for child in doctree.children:
            writer.walk(child)
        body = "\n".join(writer.lines).strip()
        full += [f"<!-- {url} -->", "", re.sub(r"\n{3,}", "\n\n", body), ""]
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
        f"- [{export.JSON_NAME}]({data}{export.JSON_NAME}): every entity and figure with unit, source and note",
        f"- [{export.FIGURES_CSV}]({data}{export.FIGURES_CSV}): one row per figure",
        f"- [{export.README_NAME}]({data}{export.README_NAME}): what each data file holds",
        "",
        "## Optional",
        "",
        f"- [llms-full.txt]({base}llms-full.txt): the text of every page, tables included",
        "",
    ]
    Path(app.outdir, "llms.txt").write_text("\n".join(index), encoding="utf-8")
    Path(app.outdir, "llms-full.txt").write_text("\n".join(full), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
