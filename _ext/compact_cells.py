"""Table cells without a paragraph box: ``<td>text</td>`` instead of ``<td><p>text</p></td>``.

Docutils wraps the text of every table cell in a paragraph, so each cell is two boxes for the
browser to style and lay out: when this was written, a fifth of all elements on the data pages
(the instances page: 576 of about 2,950). A phone redoes that work as the parser adds rows.
A cell whose only child is a plain paragraph gets Sphinx's ``compact_paragraph`` instead, which
the HTML writer emits as its bare contents (the same node Sphinx uses in its toctrees); a cell
with several paragraphs, a list or a paragraph carrying an id or class is left as it is.  The
text, search and llms.txt writers handle ``compact_paragraph`` as the paragraph it derives from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class CompactTableCells(SphinxPostTransform):
    default_priority = 900  # after the references inside the cells are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for entry in self.document.findall(nodes.entry):
            if len(entry) != 1 or type(entry[0]) is not nodes.paragraph:
                continue
            para = entry[0]
            if para["ids"] or para["classes"]:
                continue
            compact = addnodes.compact_paragraph(para.rawsource, "", *para.children)
            compact.source, compact.line = para.source, para.line
            entry.replace(para, compact)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_post_transform(CompactTableCells)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
