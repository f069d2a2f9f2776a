"""The address the site is published at (``html_baseurl``), checked when the configuration is read.

The address goes into every page's canonical link, the sitemap, robots.txt, the OpenGraph tags,
the downloads and the 404 page, some of them attribute values written without escaping by other
extensions.  So it must be a plain absolute http(s) URL: a value without a scheme would otherwise
fail late inside a third-party extension with no mention of where it came from, and a quote or an
angle bracket would end up as markup.

Without an address (``SITE_URL`` unset outside Read the Docs) the build publishes none: no
canonical links, no OpenGraph tags (``og:url`` must be absolute), no sitemap and no ``Sitemap:``
line in robots.txt, and llms.txt and the downloads give addresses relative to the site root.  As an
extension, this module says so once in the build's output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NONE = ""  # no address: html_baseurl's own default, and nothing absolute is published
# The extensions that write nothing but absolute addresses, loaded only when the address is known.
NEEDS_ADDRESS = ["sphinx_sitemap", "sphinxext.opengraph"]
# Where the address comes from, first match wins; Read the Docs sets its own.
VARIABLES = ("SITE_URL", "READTHEDOCS_CANONICAL_URL")
EXPECTED = (
    "an absolute http:// or https:// URL with a host, e.g. https://docs.example.org/ "
    "(no query, fragment, quotes, spaces, angle brackets or control characters)"
)
FORBIDDEN = set("\"'`<>\\")


class SiteURLError(ValueError):
    """The configured address is not one the site can be published at; the message says why."""


def check(url: str, name: str = "SITE_URL") -> str:
    """``url`` with a trailing slash, or :class:`SiteURLError` naming ``name`` and what is expected."""
    bad = next((c for c in url if c in FORBIDDEN or c.isspace() or not c.isprintable()), None)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    plain = parts is not None and parts.scheme in ("http", "https") and parts.hostname
    # A query or a fragment would end up in the middle of every page address built from it.
    if bad is not None or not plain or "?" in url or "#" in url:
        raise SiteURLError(f"{name} must be {EXPECTED}; got {url!r}")
    return url if url.endswith("/") else url + "/"


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The checked address from the first of :data:`VARIABLES` that is set, else :data:`NONE`."""
    for name in VARIABLES:
        if environ.get(name):
            return check(environ[name], name)
    return NONE


def from_environment_or_exit(environ: Mapping[str, str] = os.environ) -> str:
    """:func:`from_environment` for conf.py: a bad value stops the build with one line.

    Sphinx reports any exception raised while it reads conf.py, ``sys.exit()`` included, as a
    crash with a traceback and a request to report a bug; a bad setting needs one line saying
    which one and what is expected, so this prints it and ends the process itself."""
    try:
        return from_environment(environ)
    except SiteURLError as err:
        sys.stdout.flush()
        print(f"error: {err}", file=sys.stderr, flush=True)
        os._exit(2)


UNSET_NOTICE = (
    "SITE_URL is unset, so this build publishes no address of its own: no canonical links, "
    "OpenGraph tags or sitemap.xml; llms.txt and the downloads link relative to the site root"
)


def _notice(app: Sphinx) -> None:
    from sphinx.util import logging

    if not app.config.html_baseurl and app.builder.format == "html":
        logging.getLogger(__name__).info(UNSET_NOTICE)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _notice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
