"""Every figure on a page links to its record (``records.py``), and a small script opens it in place.

Tables and the ``:spec:`` role mark each value with the figure it shows (``nhw_figure``, see
``tables.PageNotes.mark``).  When a page is written, each marked value becomes a link to the
figure's record on the records page, keeping its classes and its ``fig-`` anchor; the charts' value
labels get the same link, laid over them (``charts.record_links``).  The link is the feature
without JavaScript.  With it, ``static/nhw-record.js`` (loaded only on pages with such links,
deferred like every script) shows the record in a popover beside the figure; the link still works
when the script cannot fetch the records page (a page opened from disk, say).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from . import provenance
from .charts import RECORD_HREF
from .records import records_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .directives.topology import topology_drawing

JS_FILE = "nhw-record.js"
CSS_FILE = "nhw-record.css"
LINK_CLASS = "nhw-fig"  # every figure link, for the script and the stylesheet
# A chart's link to a record as charts.py writes it, completed (or removed) when the page is written.
_CHART_LINK = re.compile(rf'<a class="nhw-chart__record" href="{RECORD_HREF}([^"]*)"[^>]*></a>')


def record_href(app: Sphinx, docname: str, figure_id: str) -> str | None:
    target = records_page(app.env)
    if target is None:
        return None
    return f"{app.builder.get_relative_uri(docname, target)}#{provenance.record_anchor(figure_id)}"


def _link_values(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and "nhw_figure" in n)):
        href = record_href(app, docname, node["nhw_figure"])
        if href is None or isinstance(node, nodes.reference):
            continue
        link = nodes.reference("", "", *node.children, internal=True, refuri=href)
        link["classes"] = [*node["classes"], LINK_CLASS]
        link["ids"] = list(node["ids"])
        link["nhw_figure"] = node["nhw_figure"]
        node.replace_self(link)


def _link_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from .directives.topology import topology_drawing

    target = records_page(app.env)
    uri = None if target is None else app.builder.get_relative_uri(docname, target)
    for node in doctree.findall(topology_drawing):
        node["svg"] = _chart_links(node, uri)


def _chart_links(node: topology_drawing, uri: str | None) -> str:
    """The drawing with each record link completed, or unwrapped when the project has no records."""

    def complete(match: re.Match) -> str:
        if uri is None:
            return ""
        return match.group(0).replace(f'href="{RECORD_HREF}', f'href="{uri}#', 1)

    return _CHART_LINK.sub(complete, node.get("svg", ""))


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    _link_values(app, doctree, docname)
    _link_charts(app, doctree, docname)


def _has_links(doctree) -> bool:
    return any(True for _ in doctree.findall(lambda n: isinstance(n, nodes.reference) and "nhw_figure" in n))


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The record script on the pages that link figures to records only; ``site_polish`` defers it."""
    if doctree is not None and (_has_links(doctree) or 'class="nhw-chart__record"' in context.get("body", "")):
        app.add_js_file(JS_FILE)


def setup(app: Sphinx) -> dict[str, Any]:
    # After the sources page fills in its values (500), so that they are linked too.
    app.connect("doctree-resolved", _resolve, priority=600)
    app.connect("html-page-context", _page_context)
    app.add_css_file(CSS_FILE)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
