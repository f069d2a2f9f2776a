"""Which files make up the site, stated once for conf.py, the live preview, the tests and the benchmark.

Sphinx reads as pages only what ``PAGES`` matches (``include_patterns``).  It still walks every
folder it does not exclude, and the repository root holds the virtualenv, node_modules, the audit's
tools and the build output (tens of thousands of files, most of a clean build's time), so every
other top-level folder is excluded too (``exclude_patterns``).  The build also reads
``BUILD_INPUTS``; a change to any site file triggers a preview rebuild, and copies of the site for
tests and benchmarks take exactly ``SITE_FILES``.
"""

from pathlib import Path

PAGES = ("index.rst", "hardware", "concepts")  # files or folders of pages, relative to the repository root
BUILD_INPUTS = ("conf.py", "CITATION.cff", "_data", "_ext", "_static", "_templates")
SITE_FILES = PAGES + BUILD_INPUTS


ROOT = Path(__file__).resolve().parent.parent
# Always excluded, present or not: hidden folders (.venv, .git, caches), the build output, npm's.
ALWAYS_EXCLUDED = (".*", "_build", "node_modules")


def include_patterns() -> list[str]:
    """``PAGES`` as Sphinx include patterns."""
    return [page if "." in page else f"{page}/**" for page in PAGES]


def exclude_patterns(root: Path = ROOT) -> list[str]:
    """Every top-level folder but the pages', so Sphinx does not walk them looking for pages (it
    prunes only excluded folders).  Hidden folders are one pattern, so a new cache folder does not
    change the configuration (which would make Sphinx read every page again)."""
    folders = {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    return [*ALWAYS_EXCLUDED, *sorted(folders - set(PAGES) - set(ALWAYS_EXCLUDED))]
