"""Links to local files that the build does not write (a card's ``:link:`` with the default
``:link-type: url``, a reST hyperlink to a relative path) fail the build with their file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-local-links"
EXTENSIONS = Path(__file__).parent.parent / "_ext"
WARNING = re.compile(r"(\S+\.rst):(\d+): WARNING: link to '([^']*)'")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
BROKEN = [  # (page, text on the line that carries the link, the link as written)
    ("index.rst", ".. grid-item-card:: A missing page", "hardware/nope.html"),
    ("index.rst", "<data/missing.csv>", "data/missing.csv"),
    ("hardware/page.rst", "<sibling.html>", "sibling.html"),
    ("hardware/page.rst", "<../../elsewhere/>", "../../elsewhere/"),
]


def line_of(page: str, text: str) -> int:
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.sphinx("html", testroot="local-links", freshenv=True)
def test_each_local_link_to_nothing_is_reported_with_its_file_and_line(app):
    app.build()
    warnings = COLOUR.sub("", app.warning.getvalue())
    reported = {
        (Path(path).relative_to(app.srcdir).as_posix(), int(line), link)
        for path, line, link in WARNING.findall(warnings)
    }
    assert reported == {(page, line_of(page, text), link) for page, text, link in BROKEN}, warnings
    assert warnings.count("WARNING") == len(BROKEN), warnings  # the links that arrive are not reported


@pytest.mark.build
def test_a_local_link_to_nothing_fails_a_build_that_treats_warnings_as_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(EXTENSIONS))  # where conf.py puts it for the site
    result = sphinx_build(ROOT, tmp_path / "html")
    assert result.returncode != 0
    assert "link to 'hardware/nope.html'" in result.stderr, result.stderr


def test_the_sites_own_local_links_all_arrive(site):
    assert "[local_links" not in site.result.stderr, site.result.stderr
    assert site.result.returncode == 0, site.result.stderr
