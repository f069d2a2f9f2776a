"""Links to local files (a card's ``:link:``, a reST hyperlink to ``../hardware/x.html``) must arrive.

Sphinx checks the cross-references it resolves itself (``:ref:``, ``:doc:``, a card with
``:link-type: ref``), but a plain URL without a scheme -- sphinx-design's default ``:link-type:
url``, or a hyperlink target such as ```Trn2 <trn2-arch.html>`_`` -- is written into the page as
it is, and a typo gives a reader a 404.  Every such link is recorded with its file and line when
its page is read, and checked against the output folder once the build has written everything
(pages, static files, the data downloads); a link to nothing is a warning, so ``-W`` fails the
build.  Links with a scheme (``https:``, ``mailto:``), protocol-relative links and links to an
anchor of the same page are left alone; the anchor part of a local link is not checked.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
BUILDERS = ("html", "dirhtml")  # builders whose output is one file per page, linked relatively


def local_path(refuri: str) -> str | None:
    """The path part of a link to a file of this site, or None for any other link."""
    parts = urlsplit(refuri)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _line(node: nodes.Node) -> int | None:
    """The line of ``node`` or of the nearest element around it that knows its line."""
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None


def links(env: BuildEnvironment) -> dict[str, list[tuple[str, int | None]]]:
    """docname -> [(local link as written, line)], for every page read."""
    if not hasattr(env, "local_links"):
        env.local_links = {}  # type: ignore[attr-defined]  # the extension's own store on the environment
    return env.local_links  # type: ignore[attr-defined]


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    found = [
        (node["refuri"], _line(node))
        for node in doctree.findall(nodes.reference)
        if "refuri" in node and local_path(node["refuri"]) is not None
    ]
    links(app.env)[app.env.docname] = found


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    links(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = links(other)
    links(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})


def target(page_uri: str, refuri: str, root: str = "/") -> str | None:
    """The output file ``refuri`` names, relative to the output folder, when written on the page at
    ``page_uri`` of a site published under the path ``root``; None when it points outside the site."""
    path = local_path(refuri) or ""
    if path.startswith("/"):  # from the host's root: the site's own part of it
        if not path.startswith(root):
            return None
        base, path = "", path.removeprefix(root)
    else:
        base = posixpath.dirname(page_uri)
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved == ".." or resolved.startswith("../"):
        return None
    if path.endswith("/") or path == "" or resolved == ".":
        resolved = posixpath.join(resolved, "index.html")
    return resolved.removeprefix("./")


def _exists(outdir: Path, file: str) -> bool:
    return (outdir / file).is_file() or (outdir / file / "index.html").is_file()


def _check(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    outdir = Path(app.outdir)
    root = urlsplit(app.config.html_baseurl).path.rstrip("/") + "/"
    for docname in sorted(links(app.env)):
        if docname not in app.env.found_docs:
            continue
        page = app.builder.get_target_uri(docname)
        for refuri, line in links(app.env)[docname]:
            file = target(page, refuri, root)
            if file is not None and _exists(outdir, file):
                continue
            problem = "points outside the site" if file is None else f"leads nowhere: the build writes no {file}"
            logger.warning(
                "link to %r %s", refuri, problem, location=(docname, line), type="local_links", subtype="missing"
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # Last: after the downloads, the sitemap and the removal of unused files (front_end, 900).
    app.connect("build-finished", _check, priority=990)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
