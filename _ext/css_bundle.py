"""Serve every page one stylesheet: the theme's, Sphinx's and the extensions' CSS in one file.

A page used to link five stylesheets (Sphinx's ``basic.css``, the theme's, Pygments', the copy
button's, ours), each a request that holds back the first paint; on a slow connection each new
one also costs a connection set-up.  This extension links one file instead, ``_static/site.css``:

* while pages are written, each page's stylesheet links are replaced by one link to the bundle;
* when the build has finished, the stylesheets are joined in the order the pages used to link
  them, cut down to the rules the built pages can use (see ``css_trim``), written as the bundle,
  and the copies that went into it are removed from the output;
* then every page's link gets ``?digest=`` -- a checksum of the bundle's published bytes -- so a
  browser fetches the bundle again exactly when what is published changes.  The trim depends on
  all the pages, so the digest can only be known after they are written: every page in the output
  is updated, including those an incremental build did not re-write.

A stylesheet with a ``media`` or other non-default attribute keeps its own link.

Configuration: ``css_bundle_theme_files`` -- the stylesheets the theme's template links itself
(``layout.html`` no longer does), which go first; ``css_bundle_keep`` -- class names to keep rules
for although no page or script shows them (for HTML that reaches a page in another way).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from css_trim import trim, used_names
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

BUNDLE = "_static/site.css"
PLACEHOLDER = "00000000"  # the digest in a freshly written page, until the bundle is written
LINK = re.compile(r"(_static/site\.css\?digest=)[0-9a-f]{8}")  # our own link, in our own template
DEFAULT_ATTRIBUTES = {"rel": "stylesheet", "type": "text/css"}


def _bundled(css) -> bool:
    attributes = {k: v for k, v in getattr(css, "attributes", {}).items() if v is not None}
    filename = str(getattr(css, "filename", "") or "")
    local = filename.startswith("_static/") and "://" not in filename
    return local and all(DEFAULT_ATTRIBUTES.get(k) == v for k, v in attributes.items())


def members(app: Sphinx, css_files) -> list[str]:
    """Output paths of the stylesheets that go into the bundle, in link order."""
    ordered = sorted(css_files, key=lambda c: getattr(c, "priority", 500))  # as Sphinx orders its links
    return [*app.config.css_bundle_theme_files, *(str(c.filename) for c in ordered if _bundled(c))]


def digest(data: bytes) -> str:
    """The ``?digest=`` of a published bundle."""
    return f"{zlib.crc32(data):08x}"


def stamp_pages(outdir: Path, value: str) -> int:
    """Point every page's bundle link at ``?digest=value``; returns how many pages changed."""
    changed = 0
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stamped = LINK.sub(lambda m: m.group(1) + value, text)
        if stamped != text:
            page.write_text(stamped, encoding="utf-8")
            changed += 1
    return changed


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    css_files = context.get("css_files", [])
    paths = members(app, css_files)
    app.builder.css_bundle_members = paths  # for _write_bundle; the same on every page
    context["css_files"] = [c for c in css_files if not _bundled(c)]
    context["css_bundle"] = BUNDLE
    context["css_bundle_digest"] = PLACEHOLDER  # replaced once the bundle is written (_write_bundle)


def _write_bundle(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    paths = getattr(app.builder, "css_bundle_members", None)
    if paths is None:  # no page was written (the search page always is, so this is not expected)
        return
    outdir = Path(app.outdir)
    missing = [rel for rel in paths if not (outdir / rel).exists()]
    if missing:
        logger.warning("css_bundle: %s not in the build output", ", ".join(missing), type="css_bundle")
        return
    joined = "\n".join((outdir / rel).read_text(encoding="utf-8") for rel in paths)
    bundle = trim(joined, used_names(outdir, set(app.config.css_bundle_keep)))
    data = bundle.encode("utf-8")
    (outdir / BUNDLE).write_bytes(data)
    stamp_pages(outdir, digest(data))
    for rel in paths:
        for path in (outdir / rel, outdir / f"{rel}.map"):
            path.unlink(missing_ok=True)
    logger.info("css_bundle: %d stylesheets -> %s (%d -> %d bytes)", len(paths), BUNDLE, len(joined), len(bundle))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("css_bundle_theme_files", [], "html", types=frozenset({list}))
    app.add_config_value("css_bundle_keep", [], "html", types=frozenset({list}))
    # After site_polish (priority 900) has settled the page's assets.
    app.connect("html-page-context", _page_context, priority=950)
    # Late: the theme rewrites pygments.css (light and dark styles) when the build finishes.
    app.connect("build-finished", _write_bundle, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
