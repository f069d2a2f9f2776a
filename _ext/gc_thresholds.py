"""Fewer passes of Python's cycle collector while the site builds.

A build allocates millions of objects that live until it ends: doctrees, the environment, the
figures and their records, each page's parsed HTML.  CPython looks for reference cycles among the
youngest objects every 700 allocations by default, and each pass walks every young object again:
a clean build of this site made about 1,600 passes, a fifth of its time.  With a pass every
50,000 allocations it makes about two hundred (most while Sphinx starts, before this extension is
loaded), for about 30 MB more memory at the peak (about 180 MB in all).

The setting is the build process's own (a ``make html``, each rebuild of the live preview, each
worker of a parallel build).  The tests' processes, which parse the built pages and run Sphinx in
process, use it too (tests/conftest.py).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

YOUNGEST = 50_000  # allocations (less deallocations) between two passes over the youngest objects


def fewer_passes() -> None:
    """Raise the collector's first threshold to ``YOUNGEST``; a higher one, the older
    generations' and a collector switched off (threshold 0) are left as they are."""
    youngest, middle, oldest = gc.get_threshold()
    if youngest:
        gc.set_threshold(max(youngest, YOUNGEST), middle, oldest)


def setup(app: Sphinx) -> ExtensionMetadata:
    fewer_passes()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
