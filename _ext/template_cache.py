"""Compiled page templates kept between builds, beside Sphinx's saved environment.

Sphinx's Jinja environment compiles every template a build renders (the theme's layout and its
dozens of components, and ours) from its source, in each build process: about a tenth of a small
build, and paid again by each rebuild of the live preview.  Jinja can keep what it compiled in a
folder (its bytecode cache); this extension gives Sphinx's environment one in the doctree folder,
so a build after the first one only reads them.  Jinja names each file after the template and
checks it against a checksum of the template's source, and against its own version and Python's,
so an edited template or an upgrade compiles anew; ``make clean`` (or any clean build into a new
folder) starts with none.

Sphinx's template loader (``builder.templates``) and its Jinja ``environment`` are read here, in one
place (``jinja_environment``), and ``tests/test_template_cache.py`` fails if an upgrade renames them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

FOLDER = "templates"  # under the doctree folder


def jinja_environment(app: Sphinx):
    """The Jinja environment Sphinx renders pages with, or None for another template bridge."""
    return getattr(getattr(app.builder, "templates", None), "environment", None)


def _keep_compiled_templates(app: Sphinx) -> None:
    environment = jinja_environment(app)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> ExtensionMetadata:
    # The builder has made its template loader (Builder.init) when builder-inited is emitted.
    app.connect("builder-inited", _keep_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
