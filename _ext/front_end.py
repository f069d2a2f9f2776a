"""The site's front end in one place, in order: what each page loads, and the static files published.

While each page is written, ``settle_page_assets`` runs three steps on its context:

1. ``needed_scripts`` -- only the scripts the page uses: the copy-button scripts only where the
   page has code, sphinx-design's tab script only where it has tabs (``ASSET_NEEDS``);
2. ``inline_or_defer`` -- Sphinx's few lines of ``documentation_options.js`` written into the page
   (inline scripts that the theme adds need them at once); every other script file deferred
   (fetched without holding back the first paint, run before the page's load event, so a reader's
   first click or key press always finds its handler);
3. ``link_bundle`` -- one stylesheet link, to ``_static/site.css``, instead of the stylesheets
   that go into it (``css_bundle``); its digest is a placeholder until step 4 below.

When the build has finished, ``publish_assets`` runs four steps on the output:

1. ``remove_unused_files`` -- files the theme and extensions copy that no page uses
   (``NOT_PUBLISHED``, and the scripts of step 1 that no page loads);
2. ``bundle_stylesheets`` -- the stylesheets joined in the order pages linked them; their own
   copies are removed;
3. ``trim_stylesheet`` -- the rules no built page can use are cut (``css_trim``): the names come
   from the pages and the scripts they load, so this needs every page written; the bundle's
   parsed form is kept in the doctree folder for the next build;
4. ``stamp_digests`` -- the bundle written, and every page's link to it given ``?digest=``, a
   checksum of its published bytes, so a browser fetches it again exactly when it changes.

Configuration: ``css_bundle_theme_files`` -- the stylesheets the theme's template links itself
(``layout.html`` no longer does), which go first; ``css_bundle_keep`` -- class names to keep rules
for although no page or script shows them (for HTML that reaches a page in another way).
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import css_bundle
import css_trim
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# asset file name -> marker that must appear in the page body for the asset to be kept
ASSET_NEEDS = {
    "clipboard.min.js": 'class="highlight',
    "copybutton.js": 'class="highlight',
    "design-tabs.js": 'class="sd-tab-set',
}

# Files the theme and extensions copy into the output that no page uses: a template, Font Awesome
# (the site draws its own icons), the theme's @import-only theme.css (pages link the bundle),
# documentation_options.js (written into each page), the copy button's own sources and icons
# (copybutton.js carries them), the stemmers (Sphinx joins them into language_data.js) and
# basic.css's search-result icon (the theme's rules replace it).  A test checks that everything
# else published is used.
NOT_PUBLISHED = [
    "_static/webpack-macros.html",
    "_static/scripts/fontawesome.js",
    "_static/scripts/fontawesome.js.map",
    "_static/scripts/fontawesome.js.LICENSE.txt",
    # The theme's source maps: only a browser's developer tools read them, and their embedded
    # sources mention the theme's own local preview address.
    "_static/scripts/bootstrap.js.map",
    "_static/scripts/pydata-sphinx-theme.js.map",
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


# -- While each page is written --------------------------------------------------------------------


def _filename(asset) -> str:
    return Path(str(getattr(asset, "filename", asset)).split("?")[0]).name


def needed_scripts(scripts, body: str) -> list:
    """The scripts a page with this body uses."""
    return [s for s in scripts if (marker := ASSET_NEEDS.get(_filename(s))) is None or marker in body]


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


def inline_or_defer(app: Sphinx, scripts, context: dict) -> list:
    """documentation_options.js inline, every other script file deferred."""
    return [_inlined(app, s, context) if _filename(s) == "documentation_options.js" else _deferred(s) for s in scripts]


def link_bundle(app: Sphinx, context: dict) -> list[str]:
    """Replace the page's bundled stylesheet links by one link to the bundle; returns the bundle's
    members (the same on every page)."""
    css_files = context.get("css_files", [])
    context["css_files"] = [c for c in css_files if not css_bundle.bundled(c)]
    context["css_bundle"] = css_bundle.BUNDLE
    context["css_bundle_digest"] = css_bundle.PLACEHOLDER  # until stamp_digests
    return css_bundle.members(app.config.css_bundle_theme_files, css_files)


# -- When the build has finished -------------------------------------------------------------------


def _remove(outdir: Path, paths) -> None:
    """Remove files or folders from the output, and the folders under ``_static`` left empty."""
    static = outdir / "_static"
    for rel in paths:
        path = outdir / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        parent = path.parent
        while parent != static and static in parent.parents:
            with contextlib.suppress(OSError):  # only if empty
                parent.rmdir()
            parent = parent.parent


def remove_unused_files(outdir: Path) -> None:
    """Step 1: what the theme and extensions copy that no page uses."""
    pages = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html")]
    # A script loaded only where a page needs it is published only when some page does.
    unused = [f"_static/{name}" for name in ASSET_NEEDS if not any(name in page for page in pages)]
    _remove(outdir, [*NOT_PUBLISHED, *unused])
    sources = outdir / "_sources"  # left empty because html_copy_source is off
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def bundle_stylesheets(outdir: Path, members: list[str]) -> str:
    """Step 2: the members joined in link order; their own copies leave the output."""
    joined = css_bundle.join(outdir, members)
    _remove(outdir, css_bundle.copies(members))
    return joined


def trim_stylesheet(outdir: Path, css: str, keep: list[str], cache: Path) -> str:
    """Step 3: only the rules the built pages (and the scripts they load) can use; the bundle's
    parsed form is kept in ``cache`` for the next build."""
    return css_trim.apply(css_trim.cached_plan(css, cache), css_trim.used_names(outdir, set(keep)))


def stamp_digests(outdir: Path, css: str) -> None:
    """Step 4: the bundle published, and every page's link to it given the digest of its bytes."""
    data = css.encode("utf-8")
    (outdir / css_bundle.BUNDLE).write_bytes(data)
    css_bundle.stamp_pages(outdir, css_bundle.digest(data))


class FrontEnd:
    """The two event handlers, and what the pages tell the end of the build: the bundle's members."""

    def __init__(self) -> None:
        self.members: list[str] | None = None

    def settle_page_assets(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        scripts = needed_scripts(context.get("script_files", []), context.get("body", ""))
        context["script_files"] = inline_or_defer(app, scripts, context)  # a new list: the original is shared
        self.members = link_bundle(app, context)

    def publish_assets(self, app: Sphinx, exception: BaseException | None) -> None:
        if exception is not None or app.builder.name != "html":
            return
        outdir = Path(app.outdir)
        if self.members is None:  # no page was written (the search page always is, so this is not expected)
            return
        if absent := css_bundle.missing(outdir, self.members):
            logger.warning("css_bundle: %s not in the build output", ", ".join(absent), type="css_bundle")
            return
        remove_unused_files(outdir)
        joined = bundle_stylesheets(outdir, self.members)
        css = trim_stylesheet(outdir, joined, app.config.css_bundle_keep, Path(app.doctreedir))
        stamp_digests(outdir, css)
        logger.info(
            "css_bundle: %d stylesheets -> %s (%d -> %d bytes)",
            len(self.members),
            css_bundle.BUNDLE,
            len(joined),
            len(css),
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("css_bundle_theme_files", [], "html", types=frozenset({list}))
    app.add_config_value("css_bundle_keep", [], "html", types=frozenset({list}))
    front_end = FrontEnd()
    # After the other handlers (the theme's, the extensions', all at Sphinx's default 500) have
    # added their scripts and stylesheets to the page.
    app.connect("html-page-context", front_end.settle_page_assets, priority=900)
    # After the theme rewrote pygments.css (default 500) and before the site search indexes the
    # pages (960), which then see them as published.
    app.connect("build-finished", front_end.publish_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
