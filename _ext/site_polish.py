"""Small HTML refinements: per-page scripts, icons, "last reviewed" dates and robots.txt.

* Each page loads only the scripts it uses: the copy-button scripts only where the page has code,
  sphinx-design's tab script only where it has tabs.  Every script file is deferred (fetched
  without holding back the first paint, run before the page's load event, so a reader's first
  click or key press always finds its handler).  (Stylesheets are one shared file: ``css_bundle``.)
* Icons: ``_static/neuron-hw.css`` draws the Font Awesome icons the theme shows (including the
  brand icons of its ``github_url``-style shortcuts) as small SVGs, without the icon font.  A page
  that shows an icon it does not draw (an ``icon_links`` entry naming another icon, say) fails the
  build with the icon's name, instead of showing an empty box.
* A page may carry a ``:reviewed: YYYY-MM-DD`` field at its top; it is checked and handed to the
  ``last-reviewed.html`` template.  Every page under ``hardware/`` must have one.
* Sphinx's few lines of ``documentation_options.js`` are written into the page (inline scripts
  that the theme adds need them at once).
* ``robots.txt`` is written next to ``sitemap.xml`` with the sitemap's absolute URL, and files
  the theme and extensions copy but no page uses (``NOT_PUBLISHED``) are removed from the output.
"""

from __future__ import annotations

import contextlib
import datetime
import re
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
    "design-tabs.js": 'class="sd-tab-set',
}

ICON_CSS = Path(__file__).resolve().parent.parent / "_static" / "neuron-hw.css"
# The icons the theme's shortcut options show (pydata_sphinx_theme/__init__.py, guarded by a test).
SHORTCUT_ICONS = {
    "github_url": "fa-square-github",
    "gitlab_url": "fa-square-gitlab",
    "bitbucket_url": "fa-bitbucket",
    "twitter_url": "fa-square-twitter",
}
ICON_CLASS = re.compile(r"\bfa-(?!solid\b|regular\b|brands\b|lg\b|custom\b)[a-z0-9-]+")  # in class attributes


def drawn_icons() -> set[str]:
    """The ``fa-*`` icons ``neuron-hw.css`` draws (rules that set ``--nhd-icon``)."""
    import tinycss2

    drawn = set()
    for rule in tinycss2.parse_stylesheet(ICON_CSS.read_text(encoding="utf-8"), True, True):
        if rule.type == "qualified-rule" and any(
            d.type == "declaration" and d.name == "--nhd-icon" for d in tinycss2.parse_declaration_list(rule.content)
        ):
            drawn.update(t.value for t in rule.prelude if t.type == "ident" and t.value.startswith("fa-"))
    return drawn


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
    body = app.builder.templates.render("static/documentation_options.js.jinja", context)
    return type(script)(None, priority=script.priority, body=body)


def _deferred(script):
    """The script, deferred.  Sphinx's asset class (private) is re-created through its type: its
    constructor (filename, priority=, **attributes) is what ``app.add_js_file`` passes on."""
    attributes = dict(getattr(script, "attributes", {}))
    if not getattr(script, "filename", None) or "async" in attributes or "defer" in attributes:
        return script
    return type(script)(script.filename, priority=script.priority, **attributes, defer="defer")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    scripts = []
    for script in context.get("script_files", []):
        if not _needed(script, body):
            continue
        if _filename(script) == "documentation_options.js":
            scripts.append(_inlined(app, script, context))
        else:
            scripts.append(_deferred(script))
    context["script_files"] = scripts  # a new list: the original is shared by every page


def _review_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None:
        _reviewed(app, pagename, context)


# Files the theme and extensions copy into the output that no page uses: a template, Font Awesome
# (the site draws its own icons), the theme's
# @import-only theme.css (pages link the bundle), documentation_options.js (written into each page), the
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
    "_static/documentation_options.js",
    "_static/copybutton_funcs.js",
    "_static/check-solid.svg",
    "_static/copy-button.svg",
    "_static/base-stemmer.js",
    "_static/english-stemmer.js",
    "_static/file.png",
]


def _check_icons(app: Sphinx) -> None:
    """Fail the build (a warning) when a page shows a Font Awesome icon that nothing draws."""
    drawn = drawn_icons()
    shown: dict[str, list[str]] = {}
    for page in sorted(Path(app.outdir).rglob("*.html")):
        classes = " ".join(re.findall(r'<(?:i|span) class="([^"]*\bfa-[^"]*)"', page.read_text(encoding="utf-8")))
        for icon in set(ICON_CLASS.findall(classes)) - drawn:
            shown.setdefault(icon, []).append(page.relative_to(app.outdir).as_posix())
    for icon, pages in sorted(shown.items()):
        logger.warning(
            "icon %s is not drawn by _static/neuron-hw.css (the site loads no icon font; add an SVG there): "
            "shown on %d pages, e.g. %s",
            icon,
            len(pages),
            pages[0],
            type="site_polish",
            subtype="icons",
        )


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    pages = [p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob("*.html")]
    # A script loaded only where a page needs it is published only when some page does.
    unused = [f"_static/{name}" for name in ASSET_NEEDS if not any(name in page for page in pages)]
    for rel in [*NOT_PUBLISHED, *unused]:
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
    _check_icons(app)
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
