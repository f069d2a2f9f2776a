"""The extension's own static files (``static/``): copied with the site's, linked by the modules
that need them (each calls ``app.add_css_file`` for its stylesheet in its own ``setup``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _add_static_path(app: Sphinx) -> None:
    if str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static_path)
