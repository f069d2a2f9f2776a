"""Which files make up the site, stated once for conf.py, the live preview, the tests and the benchmark.

Sphinx reads as pages only what ``PAGES`` matches (``include_patterns``), so tools, tests, caches and
npm or Python environments in the repository root never need listing.  The build also reads
``BUILD_INPUTS``; a change to any site file triggers a preview rebuild, and copies of the site for
tests and benchmarks take exactly ``SITE_FILES``.
"""

PAGES = ("index.rst", "hardware", "concepts")  # files or folders of pages, relative to the repository root
BUILD_INPUTS = ("conf.py", "_data", "_ext", "_static", "_templates")
SITE_FILES = PAGES + BUILD_INPUTS


def include_patterns() -> list[str]:
    """``PAGES`` as Sphinx include patterns."""
    return [page if "." in page else f"{page}/**" for page in PAGES]
