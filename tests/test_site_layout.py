"""Sphinx looks for pages only in the page folders: it walks every folder it does not exclude, and the
repository root also holds the virtualenv, node_modules and the build output."""

from __future__ import annotations

import site_layout
from conftest import ROOT
from sphinx.util.matching import Matcher, get_matching_files


def test_every_top_level_folder_but_the_pages_is_excluded():
    excluded = Matcher(site_layout.exclude_patterns())
    for folder in ROOT.iterdir():
        if folder.is_dir():
            assert excluded(folder.name) == (folder.name not in site_layout.PAGES), folder.name


def test_sphinx_does_not_walk_excluded_folders(tmp_path):
    """Sphinx's own file search, on a root with a page folder, a hidden environment, a build folder
    and a new plain folder: only the page folder is entered."""
    (tmp_path / "hardware").mkdir()
    (tmp_path / "hardware" / "page.rst").write_text("Page\n====\n")
    for name in (".venv", "_build", "node_modules", "scratch"):
        (tmp_path / name / "deep").mkdir(parents=True)
        (tmp_path / name / "deep" / "stray.rst").write_text("Stray\n=====\n")
    found = list(
        get_matching_files(tmp_path, ["**"], site_layout.exclude_patterns(tmp_path)),
    )
    assert found == ["hardware/page.rst"], found
