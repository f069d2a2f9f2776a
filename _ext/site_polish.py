"""Small HTML refinements: per-page asset trimming, "last reviewed" dates and robots.txt.

* Each page loads only the scripts it uses: the copy-button scripts only where the page has code,
  and never sphinx-design's tab script (the site has no tabs).  (Stylesheets are one shared file:
  see ``css_bundle``.)
* A page may carry a ``:reviewed: YYYY-MM-DD`` field at its top; it is checked and handed to the
  ``last-reviewed.html`` template.  Every page under ``hardware/`` must have one.
* Sphinx's few lines of ``documentation_options.js`` are written into the page (inline scripts
  that the theme adds need them at once).  The script files are handed to ``layout.html`` as
  ``after_paint_scripts``, to be fetched after the first paint, so no script request competes
  with the first paint.
* ``robots.txt`` is written next to ``sitemap.xml`` with the sitemap's absolute URL, and files
  the theme and extensions copy but no page uses (``NOT_PUBLISHED``) are removed from the output.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

REVIEWED_REQUIRED_UNDER = "hardware/"

# asset file name -> marker that must appear in the page body for the asset to be kept
ASSET_NEEDS = {
    "clipboard.min.js": 'class="highlight',
    "copybutton.js": 'class="highlight',
    "design-tabs.js": "\0never",
}


def _filename(asset) -> str:
    return Path(str(getattr(asset, "filename", asset)).split("?")[0]).name


def _needed(asset, body: str) -> bool:
    marker = ASSET_NEEDS.get(_filename(asset))
    return marker is None or marker in body


def _reviewed(app: Sphinx, pagename: str, context: dict) -> None:
    raw = (context.get("meta") or {}).get("reviewed")
    location = pagename  # Sphinx turns a docname into the page's file path
    if raw is None:
        if pagename.startswith(REVIEWED_REQUIRED_UNDER):
            logger.warning(
                "page has no ':reviewed: YYYY-MM-DD' field", location=location, type="site_polish", subtype="reviewed"
            )
        return
    try:
        date = datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        logger.warning(
            "':reviewed:' must be a date written YYYY-MM-DD, got %r",
            raw,
            location=location,
            type="site_polish",
            subtype="reviewed",
        )
        return
    context["last_reviewed"] = date.isoformat()
    context["last_reviewed_text"] = f"{date.day} {date:%B %Y}"


def _inlined(app: Sphinx, script, context: dict):
    """documentation_options.js as an inline script, rendered from Sphinx's own template."""
    if _filename(script) != "documentation_options.js":
        return script
    body = app.builder.templates.render("static/documentation_options.js.jinja", context)
    return type(script)(None, priority=script.priority, body=body)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    # Assign new lists: the originals are shared by every page.
    scripts = [_inlined(app, a, context) for a in context.get("script_files", []) if _needed(a, body)]
    # Script files go to the end of the page, to be fetched after the first paint (layout.html).
    context["script_files"] = [s for s in scripts if not getattr(s, "filename", None)]
    files = [s for s in scripts if getattr(s, "filename", None)]
    context["after_paint_scripts"] = sorted(files, key=lambda s: s.priority)  # as Sphinx orders its tags


def _review_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None:
        _reviewed(app, pagename, context)


# Files a theme copies into the output that are not part of the site.
# Files the theme and extensions copy into the output that no page uses: a template, Font Awesome
# (the site draws its own icons), the theme's @import-only theme.css (pages link the bundle),
# sphinx-design's tab script (no tabs), documentation_options.js (written into each page), the
# copy button's own sources and icons (copybutton.js carries them), the stemmers (Sphinx joins
# them into language_data.js) and basic.css's search-result icon (the theme's rules replace it).
# A test checks that everything else published is used.
NOT_PUBLISHED = [
    "_static/webpack-macros.html",
    "_static/scripts/fontawesome.js",
    "_static/scripts/fontawesome.js.map",
    "_static/scripts/fontawesome.js.LICENSE.txt",
    "_static/vendor/fontawesome",
    "_static/styles/theme.css",
    "_static/design-tabs.js",
    "_static/documentation_options.js",
    "_static/copybutton_funcs.js",
    "_static/check-solid.svg",
    "_static/copy-button.svg",
    "_static/base-stemmer.js",
    "_static/english-stemmer.js",
    "_static/file.png",
]


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    for rel in NOT_PUBLISHED:
        path = Path(app.outdir, rel)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for empty in ("_static/vendor", "_static/styles"):
        with contextlib.suppress(OSError):  # only if empty
            Path(app.outdir, empty).rmdir()
    sources = Path(app.outdir, "_sources")  # left empty because html_copy_source is off
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()
    base = app.config.html_baseurl.rstrip("/") + "/"
    text = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    Path(app.outdir, "robots.txt").write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    # Early, before the theme renders its page components (the review date is one of them).
    app.connect("html-page-context", _review_context, priority=100)
    # Late, so that scripts other handlers add to the page (the theme's inline settings) are seen.
    app.connect("html-page-context", _page_context, priority=900)
    # After css_bundle (900), which reads some of the files this removes.
    app.connect("build-finished", _finish, priority=950)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
