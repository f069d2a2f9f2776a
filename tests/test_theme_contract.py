"""What this site relies on in the theme and in Sphinx beyond their documented options.

_templates/layout.html and _templates/search.html replace whole blocks of the theme's templates,
and site_polish re-creates Sphinx's (private) script asset class and knows the icons of the theme's
shortcut options.  When an upgrade changes one of these, a test here fails: compare the new theme
block with our copy, carry its changes over, then record the new fingerprint.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import pydata_sphinx_theme
import pytest
from site_polish import SHORTCUT_ICONS, drawn_icons

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"

# (theme template, block) -> sha256 prefix of the block's source in pydata-sphinx-theme 0.24.0
REPLACED_BLOCKS = {
    ("layout.html", "css"): "1436267ac153f48c",
    ("layout.html", "extrahead"): "3ad2f97cb6991792",
    ("search.html", "docs_body"): "40a139b6a15fbc6a",
    ("search.html", "scripts"): "118f62603401358c",
}


def _block(template: str, name: str) -> str:
    text = (THEME / template).read_text(encoding="utf-8")
    match = re.search(
        r"\{%-?\s*block " + name + r"\s*-?%\}(.*?)\{%-?\s*endblock " + name + r"\s*-?%\}", text, re.DOTALL
    )
    assert match, f"the theme's {template} has no block {name!r} any more"
    return match.group(1)


@pytest.mark.parametrize(("template", "block"), list(REPLACED_BLOCKS), ids=lambda v: str(v))
def test_the_theme_blocks_we_replace_are_unchanged(template, block):
    fingerprint = hashlib.sha256(_block(template, block).encode("utf-8")).hexdigest()[:16]
    assert fingerprint == REPLACED_BLOCKS[template, block], (
        f"the theme's {template} block {block!r} changed: check _templates/{template} against it"
    )


def test_the_shortcut_icons_are_the_themes_and_are_drawn():
    source = (Path(pydata_sphinx_theme.__file__)).read_text(encoding="utf-8")
    for option, icon in SHORTCUT_ICONS.items():
        assert re.search(rf'\("{option}", "fa-brands {icon}"', source), f"the theme's icon for {option} changed"
    assert set(SHORTCUT_ICONS.values()) <= drawn_icons()


def test_sphinx_script_assets_take_filename_priority_and_attributes():
    from sphinx.builders.html._assets import _JavaScript

    script = _JavaScript("_static/x.js", priority=200, defer="defer")
    assert (script.filename, script.priority, script.attributes) == ("_static/x.js", 200, {"defer": "defer"})
    assert list(inspect.signature(_JavaScript).parameters) == ["filename", "priority", "attributes"]


def test_sphinx_counts_warnings_where_build_integrity_reads_them(make_app, tmp_path):
    """_ext/build_integrity.py reads the application's private warning count and the saved
    environment's file name; a Sphinx upgrade that moves either fails here."""
    import build_integrity
    from sphinx.application import ENV_PICKLE_FILENAME
    from sphinx.util import logging

    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    assert build_integrity.warned(app) is False
    logging.getLogger(__name__).warning("counted")
    assert build_integrity.warned(app) is True
    app.build()
    assert (Path(app.doctreedir) / ENV_PICKLE_FILENAME).is_file()
