"""One stylesheet for every page: which stylesheets go into ``_static/site.css``, and its digest.

A page used to link five stylesheets (Sphinx's ``basic.css``, the theme's, Pygments', the copy
button's, ours), each a request that holds back the first paint; on a slow connection each new
one also costs a connection set-up.  Every page links one file instead, ``_static/site.css``: the
stylesheets joined in the order the pages used to link them, cut down to the rules the built pages
can use (``css_trim``).  Its link carries ``?digest=`` -- a checksum of the published bytes -- so a
browser fetches it again exactly when what is published changes.  A stylesheet with a ``media`` or
other non-default attribute keeps its own link.

This module holds the parts; ``front_end`` runs them, in order, while pages are written and when
the build has finished.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

BUNDLE = "_static/site.css"
PLACEHOLDER = "00000000"  # the digest in a freshly written page, until the bundle is written
LINK = re.compile(r"(_static/site\.css\?digest=)[0-9a-f]{8}")  # our own link, in our own template
DEFAULT_ATTRIBUTES = {"rel": "stylesheet", "type": "text/css"}


def bundled(css) -> bool:
    """Whether a page's stylesheet asset goes into the bundle: a local file with default attributes."""
    attributes = {k: v for k, v in getattr(css, "attributes", {}).items() if v is not None}
    filename = str(getattr(css, "filename", "") or "")
    local = filename.startswith("_static/") and "://" not in filename
    return local and all(DEFAULT_ATTRIBUTES.get(k) == v for k, v in attributes.items())


def members(theme_files: list[str], css_files) -> list[str]:
    """Output paths of the stylesheets that go into the bundle, in link order: the ones the theme's
    template links itself (``theme_files``), then the page's bundled ``css_files``."""
    ordered = sorted(css_files, key=lambda c: getattr(c, "priority", 500))  # as Sphinx orders its links
    return [*theme_files, *(str(c.filename) for c in ordered if bundled(c))]


def missing(outdir: Path, paths: list[str]) -> list[str]:
    """The members not in the build output."""
    return [rel for rel in paths if not (outdir / rel).exists()]


def join(outdir: Path, paths: list[str]) -> str:
    """The members' text, joined in link order."""
    return "\n".join((outdir / rel).read_text(encoding="utf-8") for rel in paths)


def copies(paths: list[str]) -> list[str]:
    """The members' own files in the output, with their source maps: not published once joined."""
    return [name for rel in paths for name in (rel, f"{rel}.map")]


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
