"""Shared fixtures: one full build of the site per test session, and Sphinx's test fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "_data" / "hardware.toml"
SITE_FILES = ["conf.py", "index.rst", "hardware", "_data", "_ext", "_static", "_templates"]


# A fixed timestamp so that two builds of the same sources can be compared byte for byte.
SOURCE_DATE_EPOCH = "1764000000"


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str) -> subprocess.CompletedProcess:
    """Run sphinx-build the way `make html` does (warnings are errors) and capture its output.

    Doctrees go beside ``outdir``, not inside it, so ``outdir`` holds only what is published.
    """
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        str(srcdir),
        str(outdir),
        "-d",
        str(outdir.parent / f"{outdir.name}.doctrees"),
        "--fail-on-warning",
        "--nitpicky",
        "--quiet",
        *extra,
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600, env=env)


def copy_site(dest: Path) -> Path:
    """Copy the site sources (not builds or the venv) so a test may edit them."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


class BuiltSite:
    def __init__(self, outdir: Path, result: subprocess.CompletedProcess):
        self.outdir = outdir
        self.result = result

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[Path]:
        return sorted(self.outdir.rglob("*.html"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(ROOT, outdir)
    return BuiltSite(outdir, result)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"
