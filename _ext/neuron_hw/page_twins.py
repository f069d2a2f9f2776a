"""Every page's Markdown twin, published beside it: ``hardware/trainium2.html.md``.

The twin's address is the page's with ``.md`` appended, as the llms.txt proposal (llmstxt.org)
suggests for pages whose address ends in a file name, so a program that holds a page's address
finds its Markdown without reading the page.  Every page names it in its head,
``<link rel="alternate" type="text/markdown" href="trainium2.html.md">``, and ``llms.txt`` lists
the twins.  ``llms.py`` writes them (with ``llms-full.txt``) from the resolved doctrees at the end
of a build that passed; ``markdown.py`` turns a doctree into Markdown.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SUFFIX = ".md"
MEDIA_TYPE = "text/markdown"


def twin_uri(page_uri: str) -> str:
    """The twin's path for a page's path (``hardware/trainium2.html`` -> ``...html.md``)."""
    return page_uri + SUFFIX


def footer(page_uri: str, base: str = "") -> str:
    """The twin's last lines: its page (absolute when the site's address is known, else beside it)
    and the licence."""
    page = base + page_uri if base else posixpath.basename(page_uri)
    return (
        f"This is the Markdown version of the page [{posixpath.basename(page_uri)}]({page}). The text, "
        f"drawings and data are under the Creative Commons Attribution 4.0 licence (CC BY 4.0, "
        f"{export.LICENSE_URL}).\n"
    )


def write(outdir: str | Path, page_uri: str, markdown: str, base: str = "") -> None:
    """Write a page's twin into the output folder, beside the page."""
    path = Path(outdir, twin_uri(page_uri))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{markdown}\n---\n\n{footer(page_uri, base)}", encoding="utf-8")


def _link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="alternate">`` to the twin, on every page read from a source file."""
    if app.builder.format != "html" or pagename not in app.env.found_docs:
        return
    href = posixpath.basename(twin_uri(app.builder.get_target_uri(pagename)))
    tag = f'<link rel="alternate" type="{MEDIA_TYPE}" href="{escape(href)}">'
    context["metatags"] = (context.get("metatags") or "") + "\n" + tag


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
