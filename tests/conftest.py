"""Shared fixtures: one full build of the site per test session, and Sphinx's test fixtures."""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
import time
from pathlib import Path

import gc_thresholds
import pytest
import sphinx_command
from bs4 import BeautifulSoup
from site_files import ROOT, copy_site  # noqa: F401 - copy_site is used by the tests
from sphinx.util.inventory import InventoryFile

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

DATA = ROOT / "_data" / "hardware.toml"
SCHEMA = ROOT / "_data" / "hardware.schema.json"  # the editor schema, generated from the model


# A fixed timestamp so that two builds of the same sources can be compared byte for byte.
SOURCE_DATE_EPOCH = "1764000000"


class BackgroundBuild:
    """sphinx-build run the way `make html` does (its warning policy), its output captured.

    Doctrees go beside ``outdir``, not inside it, so ``outdir`` holds only what is published.
    """

    def __init__(self, srcdir: Path, outdir: Path, builder: str = "html", *extra: str):
        cmd = sphinx_command.sphinx_build(builder, srcdir, outdir, "--quiet", *extra)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        self.args, self.outdir = cmd, outdir
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def result(self) -> subprocess.CompletedProcess:
        stdout, stderr = self.proc.communicate(timeout=600)
        return subprocess.CompletedProcess(self.args, self.proc.returncode, stdout, stderr)


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str) -> subprocess.CompletedProcess:
    """Run sphinx-build the way `make html` does and wait for it."""
    return BackgroundBuild(srcdir, outdir, builder, *extra).result()


class BuiltSite:
    def __init__(self, outdir: Path, result: subprocess.CompletedProcess, parallel: BackgroundBuild | None = None):
        self.outdir = outdir
        self.result = result
        self.parallel = parallel  # a `-j 2` build of the same sources, when a test compares the two
        self._parsed: dict[str, BeautifulSoup] = {}

    def html(self, page: str) -> BeautifulSoup:
        """The page parsed, once per test process: tests read it and never change it (a test that
        edits a tree, e.g. drops note markers to read a value, edits a ``copy.copy`` of it)."""
        if page not in self._parsed:
            self._parsed[page] = BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")
        return self._parsed[page]

    def pages(self) -> list[Path]:
        return sorted(self.outdir.rglob("*.html"))

    def source_pages(self) -> list[str]:
        """The pages read from a source file, as paths in the output (the search and 404 pages
        are generated)."""
        names = (p.relative_to(self.outdir).as_posix() for p in self.pages())
        return [name for name in names if name not in ("search.html", "404.html")]

    def labels(self) -> dict[str, str]:
        """Every ``std:label`` in the published objects.inv, with the URI it points to."""
        with open(self.outdir / "objects.inv", "rb") as fh:
            labels = InventoryFile.load(fh, "", posixpath.join)["std:label"]
        return {label: (item[2] if isinstance(item, tuple) else item.uri) for label, item in labels.items()}


# -- Test layers ----------------------------------------------------------------------------------
# Each test is marked by the most expensive thing it needs, read from the fixtures it uses; a test
# that starts a build or a browser by itself says so with its own marker.  `make test-fast` runs
# the unit layer, `make test` all but the network layer, `make linkcheck` the network layer.
LAYERS = {
    "unit": "pure Python: the data, the model, the helpers (no Sphinx build, no browser)",
    "build": "runs Sphinx: the whole site once per session, or a small test project",
    "browser": "drives Chromium over the built site",
    "network": "needs hosts outside this machine (external links)",
}
BROWSER_FIXTURES = {"browser", "context", "watched"}
BUILD_FIXTURES = {"site", "app", "make_app", "workspace", "site_copy", "preview", "matrix", "hostile_build"}


def pytest_configure(config):
    for name, meaning in LAYERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")
    # The tests parse built pages and run Sphinx in this process: the builds' collector setting.
    gc_thresholds.fewer_passes()


def pytest_collection_modifyitems(config, items):
    for item in items:
        marked = {m.name for m in item.iter_markers()} & LAYERS.keys()
        if marked:
            continue
        used = set(item.fixturenames)
        if used & BROWSER_FIXTURES:
            item.add_marker("browser")
        elif used & BUILD_FIXTURES:
            item.add_marker("build")
        else:
            item.add_marker("unit")
    # Files in the order of their most expensive test: unit, then builds of their own (small sites),
    # then tests of the session's site, then browsers; a file keeps its own order.  Under
    # pytest-xdist the shared build of the site runs while the processes work through the first two.
    rank = {"unit": 0, "build": 1, "browser": 3}
    file_rank: dict[Path, int] = {}
    for item in items:
        layer = max((rank.get(m.name, 0) for m in item.iter_markers() if m.name in LAYERS), default=0)
        if layer == 1 and "site" in item.fixturenames:
            layer = 2
        file_rank[item.path] = max(file_rank.get(item.path, 0), layer)
    items.sort(key=lambda item: file_rank[item.path])


SMART_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def unquote(text: str) -> str:
    """Text without the typographic quotes docutils' smartquotes puts in."""
    return text.translate(SMART_QUOTES)


def plain(text: str) -> str:
    """Text without typographic quotes, each run of white space one space: a page's text as the
    data file writes it."""
    return " ".join(unquote(text).split())


def table_captioned(soup: BeautifulSoup, caption: str):
    """The table of ``soup`` whose caption text is ``caption``."""
    for table in soup.select("table"):
        text = table.select_one("caption .caption-text")
        # as a reader sees it: a name kept whole by a span of its own is one word of the caption
        if text and " ".join(text.get_text().split()) == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}")


PARALLEL_TEST = "test_reproducible.py"
SHARED_SITE = "shared-site"  # the folder, beside each process's own temporary folder, of the shared build


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> BuiltSite:
    """The site, built once for the session.  When the parallel-build test is among the tests to
    run, its `-j 2` build runs alongside this one: the serial build keeps one core busy, so the two
    together take little longer than either alone."""
    # Under pytest-xdist every worker collects every test, so the test itself starts the -j 2 build
    # there, and the workers share one build of the site: the first to need it builds it.
    if "PYTEST_XDIST_WORKER" in os.environ:
        return shared_build(tmp_path_factory.getbasetemp().parent / SHARED_SITE)
    parallel = None
    if any(item.path.name == PARALLEL_TEST for item in request.session.items):
        parallel = BackgroundBuild(ROOT, tmp_path_factory.mktemp("parallel") / "html", "html", "-j", "2")
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(ROOT, outdir)
    return BuiltSite(outdir, result, parallel)


def start_shared_build(folder: Path) -> None:
    """Start the build of the site that every test process of the run shares, unless another has:
    the process that creates ``folder`` starts it.  It runs in a process of its own
    (tests/shared_site.py), which records its outcome however long this one lives."""
    try:
        folder.mkdir()
    except FileExistsError:
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.Popen([sys.executable, str(Path(__file__).with_name("shared_site.py")), str(folder)], env=env)


def shared_build(folder: Path, timeout: float = 900) -> BuiltSite:
    """The shared build of the site, once its outcome is recorded.  Tests only read the built site,
    so one copy serves every process."""
    start_shared_build(folder)
    outcome = folder / "outcome.json"
    deadline = time.monotonic() + timeout
    while not outcome.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the shared build in {folder} recorded no outcome in {timeout:.0f} s")
        time.sleep(0.2)
    args, returncode, stdout, stderr = json.loads(outcome.read_text("utf-8"))
    return BuiltSite(folder / "html", subprocess.CompletedProcess(args, returncode, stdout, stderr))


@pytest.fixture(scope="session", autouse=True)
def _early_shared_build(request, tmp_path_factory):
    """Under pytest-xdist the shared build starts as the run does, while the unit tests (ordered
    first) run, if any test of this process will read the site."""
    if "PYTEST_XDIST_WORKER" in os.environ and any("site" in item.fixturenames for item in request.session.items):
        start_shared_build(tmp_path_factory.getbasetemp().parent / SHARED_SITE)


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once per test process for every browser test file (Playwright's driver
    and a browser cost about a CPU-second to start); each test opens its own context or tab, so
    nothing a test stores reaches another."""
    from test_browser import launched

    with launched() as chromium_browser:
        yield chromium_browser


@pytest.fixture(scope="session")
def editor_schema():
    """A validator of the editor schema, for every test that validates against it:
    ``jsonschema.validate`` would check the schema itself on every call (test_model checks it once)."""
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def built(site) -> BuiltSite:
    """The session's site, for tests that read its pages: the build must have passed."""
    assert site.result.returncode == 0, site.result.stderr
    return site


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"
