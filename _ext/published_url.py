"""The address the site is published at (``html_baseurl``), checked when the configuration is read.

The address goes into every page's canonical link, the sitemap, robots.txt, the OpenGraph tags,
the downloads and the 404 page, some of them attribute values written without escaping by other
extensions.  So it must be a plain absolute http(s) URL: a value without a scheme would otherwise
fail late inside a third-party extension with no mention of where it came from, and a quote or an
angle bracket would end up as markup.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

DEFAULT = "http://127.0.0.1:8000/"  # the local preview (make livehtml)
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
    """The checked address from the first of :data:`VARIABLES` that is set, else :data:`DEFAULT`."""
    for name in VARIABLES:
        if environ.get(name):
            return check(environ[name], name)
    return DEFAULT


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
