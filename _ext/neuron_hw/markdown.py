"""A page's resolved doctree as Markdown: the page twins (``page.html.md``) and ``llms-full.txt``.

A small docutils visitor, not a second builder: ``llms.py`` hands it each page's doctree at the end
of the HTML build, so the Markdown costs one walk per page and says exactly what the HTML says.

- Tables become GitHub-flavoured Markdown tables, one row per row, with their title above, the
  values with their units as the pages print them and each note marker as ``[n]``; the legend of
  marks, the page's numbered notes (numbered as on the HTML page) and the "Sources:" line follow.
  Cells hold text only: a figure's link to its record is dropped, its value kept.
- A drawing or chart (inline SVG in the HTML) becomes its caption and its text description.
- Prose keeps its links (absolute, to the HTML pages), emphasis and code.

Text from the pages and the data is escaped, so a reader never takes it for Markdown or HTML:
``\\``, backticks, ``*``, ``_`` at a word's edge, ``[``/``]`` and ``<`` get a backslash, ``|`` too
inside a table cell, and a paragraph starting with ``#``, ``>``, ``-``, ``+`` or ``1.`` has that
first character escaped.  Code is fenced with more backticks than it holds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes

SKIP = (
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.raw,
    nodes.system_message,
    nodes.colspec,
    addnodes.toctree,
    addnodes.index,
)
# Drawn in the HTML as inline SVG (directives/topology.py); its children describe it in words.
DRAWING = "topology_drawing"
# A note's "back to the table" link: navigation, not content.
NOTE_BACK = "spec-note-back"

_SPECIAL = re.compile(r"([\\`*\[\]<])|(?<!\w)_|_(?!\w)")
_BLOCK_START = re.compile(r"^(?:[#>]|[-+=](?=\s|$)|(\d+)(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Text as Markdown shows it literally (whitespace collapsed to single spaces)."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _block(text: str) -> str:
    """A paragraph's text, its first character escaped where Markdown would read a block mark."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):  # "1. " would start a numbered list: escape the dot
        return text[: match.end()] + "\\" + text[match.end() :]
    return "\\" + text


def _code(text: str) -> str:
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _ignored(node: nodes.Node) -> bool:
    return isinstance(node, SKIP) or getattr(node, "tagname", "") == "meta" or _has_class(node, NOTE_BACK)


def _holds_blocks(node: nodes.Node) -> bool:
    """A paragraph-like node around lists (a resolved toctree): walked as a container."""
    return any(isinstance(child, (nodes.Sequential, nodes.table)) for child in node.children)


def _has_class(node: nodes.Node, cls: str) -> bool:
    return isinstance(node, nodes.Element) and cls in node.get("classes", ())


class Inline:
    """The inline content of a paragraph, a title or a table cell as one line of Markdown."""

    def __init__(self, link: Callable[[nodes.reference], str | None] | None, cell: bool = False):
        self.link = link  # the URL a reference points to, or None to keep its text only
        self.cell = cell  # inside a table: text only, and ``|`` escaped

    def __call__(self, node: nodes.Node) -> str:
        text = self.render(node)
        return " ".join(text.split()) if not self.cell else " ".join(text.split()).replace("|", "\\|")

    def children(self, node: nodes.Node) -> str:
        return "".join(self.render(child) for child in node.children)

    def render(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            raw = str(node).replace("\u00a0", " ")
            lead = " " if raw[:1].isspace() else ""
            trail = " " if raw[-1:].isspace() and raw.strip() else ""
            return lead + escape(raw) + trail if raw.strip() else (" " if raw else "")
        if _ignored(node) or isinstance(node, nodes.footnote_reference):
            return ""
        if isinstance(node, nodes.superscript) and node.parent is not None and "nhw_note" in node.parent:
            return node.astext()  # a note marker, "[n]": printed as on the HTML page
        inner = self.children(node)
        if self.cell or not inner.strip():
            return inner
        if isinstance(node, nodes.literal):
            return _code(" ".join(node.astext().split()))
        if isinstance(node, (nodes.strong, nodes.emphasis)):
            mark = "**" if isinstance(node, nodes.strong) else "*"
            lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
            return f"{lead}{mark}{inner.strip()}{mark}{trail}"
        if isinstance(node, nodes.reference) and ("nhw_note" in node or "nhw_figure" in node):
            return inner  # a note marker or a figure: its text, as the table cells print it
        if isinstance(node, nodes.reference) and self.link is not None:
            url = self.link(node)
            if url:
                return f"[{inner.strip()}]({url.replace(' ', '%20').replace(')', '%29')})"
        if isinstance(node, nodes.image):
            return f"![{escape(node.get('alt', ''))}]({node.get('uri', '')})"
        return inner


def _row_cells(row: nodes.row, inline: Inline) -> list[str]:
    cells = []
    for entry in row.children:
        if not isinstance(entry, nodes.entry):
            continue
        cells.append(inline(entry))
        cells += [""] * int(entry.get("morecols", 0))
    return cells


def table_markdown(table: nodes.table, link: Callable[[nodes.reference], str | None] | None = None) -> list[str]:
    """A docutils table as a Markdown table (header row first), with its title above it."""
    inline = Inline(link, cell=True)
    lines = []
    titles = [child for child in table.children if isinstance(child, nodes.title)]
    if titles:
        lines += [f"Table: {Inline(None)(titles[0])}", ""]
    head = [_row_cells(row, inline) for thead in table.findall(nodes.thead) for row in thead.children]
    body = [_row_cells(row, inline) for tbody in table.findall(nodes.tbody) for row in tbody.children]
    width = max((len(r) for r in head + body), default=0)
    if not width:
        return []
    header = head[0] if head else [""] * width
    lines.append("| " + " | ".join(header + [""] * (width - len(header))) + " |")
    lines.append("|" + "---|" * width)
    for row in head[1:] + body:
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
    return [*lines, ""]


class Markdown:
    """Walks a doctree's block nodes and collects Markdown lines.

    ``link`` turns a reference into the URL to print (``None``: its text only); :func:`linker`
    makes one that resolves every link against the page's own address.
    """

    def __init__(self, link: Callable[[nodes.reference], str | None] | None = None) -> None:
        self.lines: list[str] = []
        self.link = link
        self.inline = Inline(link)

    def text(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines)).strip() + "\n"

    def walk(self, node: nodes.Node, level: int = 1, indent: str = "") -> None:
        add = self._adder(indent)
        if _ignored(node):
            return
        if isinstance(node, nodes.section):
            for child in node.children:
                if isinstance(child, nodes.title):
                    add("#" * min(level, 6) + " " + self.inline(child), "")
                else:
                    self.walk(child, level + 1, indent)
        elif isinstance(node, nodes.table):
            add(*table_markdown(node, self.link))
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            start = int(node.get("start", 1))
            for i, item in enumerate(node.children, start=start):
                mark = f"{i}." if isinstance(node, nodes.enumerated_list) else "-"
                self._item(item, mark, level, indent)
            add("")
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                terms = [self.inline(t) for t in item.children if isinstance(t, nodes.term)]
                add("**" + "; ".join(terms) + "**", "")
                for child in item.children:
                    if isinstance(child, nodes.definition):
                        for grandchild in child.children:
                            self.walk(grandchild, level, indent)
        elif isinstance(node, nodes.literal_block):
            code = node.astext()
            run = max((len(r) for r in re.findall(r"`{3,}", code)), default=2)
            fence = "`" * (run + 1)
            add(fence + node.get("language", "").replace("default", ""), *code.splitlines(), fence, "")
        elif isinstance(node, nodes.Admonition):
            self._quote(node, level, indent)
        elif isinstance(node, nodes.block_quote):
            self._quote(node, level, indent, label=None)
        elif isinstance(node, nodes.figure):
            self._figure(node, indent)
        elif node.tagname == DRAWING:
            for child in node.children:
                self.walk(child, level, indent)
        elif isinstance(node, nodes.rubric):
            add(f"**{self.inline(node)}**", "")
        elif isinstance(node, (nodes.TextElement, nodes.Inline)) and not _holds_blocks(node):
            text = self.inline(node)
            if text:
                add(_block(text), "")
        elif isinstance(node, nodes.Element):
            for child in node.children:
                self.walk(child, level, indent)
        elif isinstance(node, nodes.Text) and node.astext().strip():
            add(_block(escape(node.astext())), "")

    def _adder(self, indent: str) -> Callable[..., None]:
        def add(*lines: str) -> None:
            self.lines += [indent + line if line else "" for line in lines]

        return add

    def _item(self, item: nodes.Node, mark: str, level: int, indent: str) -> None:
        inner = Markdown(self.link)
        for child in item.children:
            inner.walk(child, level)
        lines = inner.text().rstrip("\n").split("\n") if inner.lines else [""]
        pad = " " * (len(mark) + 1)
        self.lines.append(f"{indent}{mark} {lines[0]}")
        self.lines += [f"{indent}{pad}{line}" if line else "" for line in lines[1:]]

    def _quote(self, node: nodes.Element, level: int, indent: str, label: str | None = "") -> None:
        inner = Markdown(self.link)
        titles = [c for c in node.children if isinstance(c, nodes.title)]
        for child in node.children:
            if not isinstance(child, nodes.title):
                inner.walk(child, level)
        if label == "":
            label = self.inline(titles[0]) if titles else node.tagname.capitalize()
        lines = inner.text().rstrip("\n").split("\n")
        if label:
            lines[0] = f"**{label}:** {lines[0]}"
        self.lines += [f"{indent}> {line}" if line else f"{indent}>" for line in lines]
        self.lines.append("")

    def _figure(self, node: nodes.figure, indent: str) -> None:
        """A figure: its caption, then what it shows in words (an image's alt text, a drawing's
        description)."""
        add = self._adder(indent)
        captions = [c for c in node.children if isinstance(c, nodes.caption)]
        caption = self.inline(captions[0]) if captions else ""
        add(f"Figure: {caption}" if caption else "Figure:", "")
        for child in node.children:
            if isinstance(child, nodes.image):
                add(self.inline.render(child), "")
            elif not isinstance(child, nodes.caption):
                self.walk(child, 1, indent)


_ROOT = "https://site.invalid/"  # stands for the site's root while links are resolved


def linker(page_uri: str, base: str = "", from_root: bool = False) -> Callable[[nodes.reference], str | None]:
    """How references print: absolute when the site's address ``base`` is known; otherwise as the
    page writes them (right for the twin, which sits beside its page), or relative to the site's
    root with ``from_root`` (right for ``llms-full.txt``, which sits there)."""

    def link(ref: nodes.reference) -> str | None:
        target = ref.get("refuri") or (f"{posixpath.basename(page_uri)}#{ref['refid']}" if ref.get("refid") else None)
        if not target:
            return None
        if base:
            return urljoin(base + page_uri, target)
        if not from_root:
            return target
        resolved = urljoin(_ROOT + page_uri, target)
        return resolved.removeprefix(_ROOT)

    return link


def page(doctree: nodes.document, page_uri: str, base: str = "", from_root: bool = False) -> str:
    """A whole page as Markdown; links as :func:`linker` prints them."""
    writer = Markdown(linker(page_uri, base, from_root))
    for child in doctree.children:
        writer.walk(child)
    return writer.text()
