"""Small HTML refinements: icons, "last reviewed" dates and robots.txt.

* Icons: ``_static/neuron-hw.css`` draws the Font Awesome icons the theme shows (including the
  brand icons of its ``github_url``-style shortcuts) as small SVGs, without the icon font.  A page
  that shows an icon it does not draw (an ``icon_links`` entry naming another icon, say) fails the
  build with the icon's name, instead of showing an empty box.
* A page may carry a ``:reviewed: YYYY-MM-DD`` field at its top; it is checked and handed to the
  ``last-reviewed.html`` template.  Every page under ``hardware/`` must have one.
* A hyphenated name in a heading, a caption (a table's, a figure's) or a table cell that ends in a
  short suffix (``NeuronSwitch-v1``, ``NeuronCore-v3``) is kept on one line, so a version is never
  left alone on the next line: it is wrapped in ``<span class="nhw-nobreak">``, which does not
  wrap.  A long compound (``Collective-communication``) may still break at its hyphen, or it would
  run past a phone's screen.  The characters stay as they are, so the search index, the Markdown
  twins and a reader's copy see an ordinary hyphen.
* ``robots.txt`` is written next to ``sitemap.xml`` with the sitemap's absolute URL (without a
  ``Sitemap:`` line when the build has no address, and so no sitemap).

What each page loads and which static files are published is ``front_end``.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

REVIEWED_REQUIRED_UNDER = "hardware/"

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

    drawn: set[str] = set()
    for rule in tinycss2.parse_stylesheet(ICON_CSS.read_text(encoding="utf-8"), True, True):
        if rule.type == "qualified-rule" and any(
            d.type == "declaration" and d.name == "--nhd-icon" for d in tinycss2.parse_declaration_list(rule.content)
        ):
            drawn.update(t.value for t in rule.prelude if t.type == "ident" and t.value.startswith("fa-"))
    return drawn


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


def _review_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None:
        _reviewed(app, pagename, context)


HEADING = re.compile(r"(<(h[1-6]|caption|figcaption|td|th)\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
TAG = re.compile(r"(<[^>]+>)")
# A name whose last hyphen leads to at most three characters (a version, a size): "NeuronCore-v3".
HYPHENATED = re.compile(r"(?<![\w.-])[\w.]+(?:-[\w.]+)*-[\w.]{1,3}(?![\w.-])")


def keep_hyphenated_words_whole(html: str) -> str:
    """Wrap every hyphenated word in the text of ``html``'s headings, captions and table cells in a
    span that does not wrap; tags and their attributes (ids, links) are left alone."""

    def heading(match: re.Match) -> str:
        parts = TAG.split(match[3])
        for i in range(0, len(parts), 2):  # the even parts are text, the odd ones tags
            parts[i] = HYPHENATED.sub(r'<span class="nhw-nobreak">\g<0></span>', parts[i])
        return match[1] + "".join(parts) + match[4]

    return HEADING.sub(heading, html)


def _nobreak(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and "body" in context:
        context["body"] = keep_hyphenated_words_whole(context["body"])


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
    _check_icons(app)
    text = "User-agent: *\nAllow: /\n"
    if app.config.html_baseurl:  # the sitemap is written only for a known address
        text += f"\nSitemap: {app.config.html_baseurl.rstrip('/')}/sitemap.xml\n"
    Path(app.outdir, "robots.txt").write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    # Early, before the theme renders its page components (the review date is one of them).
    app.connect("html-page-context", _review_context, priority=100)
    app.connect("html-page-context", _nobreak)
    app.connect("build-finished", _finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
