"""Each directive's HTML, pinned: a small made-up data file (tests/roots/test-snapshots/mini.toml)
rendered through every directive and the role, compared with the files in tests/snapshots/.

A change to a table's markup shows up here as a readable diff.  When the change is intended,
regenerate the files and review them like code:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SNAPSHOTS = Path(__file__).parent / "snapshots"
PAGES = [
    "index",
    "chips",
    "cores",
    "systems",
    "prose",
    "topology",
    "blocks",
    "compare",
    "datatypes",
    "sizing",
    "chooser",
    "data",
    "records",
]
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def _fragment(html: str) -> str:
    """The page's article, one tag per line, without the parts that vary between builds."""
    body = BeautifulSoup(html, "html.parser").select_one('div[role="main"]')
    text = body.prettify()
    return re.sub(r"\?digest=[0-9a-f]+", "", text)


@pytest.fixture(scope="module")
def built(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=sphinx_test_tempdir / "snapshots", testroot="snapshots", freshenv=True)
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return app.outdir


@pytest.fixture(scope="module")
def make_app(rootdir, sphinx_test_tempdir):
    """A module-scoped variant of Sphinx's make_app: one build serves every snapshot."""
    import shutil

    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(buildername, srcdir, testroot, **kwargs):
        if srcdir.exists():
            shutil.rmtree(srcdir)
        shutil.copytree(rootdir / f"test-{testroot}", srcdir)
        app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


@pytest.mark.parametrize("page", PAGES)
def test_directive_html_matches_its_snapshot(built, page):
    actual = _fragment((built / f"{page}.html").read_text(encoding="utf-8"))
    snapshot = SNAPSHOTS / f"{page}.html"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}; run with UPDATE_SNAPSHOTS=1 and review it"
    assert actual == snapshot.read_text(encoding="utf-8"), f"{page}.html differs from tests/snapshots/{page}.html"
