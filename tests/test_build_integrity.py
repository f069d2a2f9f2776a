"""`make html` publishes a whole build or nothing: after any sequence of edits, failures,
interruptions and concurrent builds, the published folder is byte for byte a clean build of the
same sources, or the last one that passed.

Each build here is `tools/build.py` run as `make html` runs it, on a small copy of the site
(``small_site.py``: the real configuration, extensions and data with a handful of short pages), so
that a sequence of a dozen builds takes seconds per build rather than fifteen.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_site import copy_small_site, page_count
from sphinx_command import warning_policy

# An address, so that the builds write sitemap.xml, which the tests compare and count.
BUILD_ENV = {
    **os.environ,
    "PYTHONDONTWRITEBYTECODE": "1",
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    "SITE_URL": "https://docs.example.org/",
}


def build_command(src: Path, out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "tools" / "build.py"), str(src), str(out), "--", *warning_policy(), "--quiet"]


def build_ok(src: Path, out: Path) -> None:
    result = build(src, out)
    assert result.returncode == 0, result.stderr


def build(src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        build_command(src, out), check=False, capture_output=True, text=True, env=BUILD_ENV, timeout=600
    )


def start_build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        build_command(src, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=BUILD_ENV
    )


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the checksum of its bytes."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def sources_digest(src: Path) -> str:
    files = digest(src / "hardware") | digest(src / "concepts") | digest(src / "_data")
    return hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()


class CleanBuilds:
    """Clean builds of given sources (in a folder of their own, with no saved environment),
    remembered by the sources' checksum: a sequence of edits comes back to the same sources often."""

    def __init__(self, root: Path):
        self.root = root
        self.known: dict[str, dict[str, str]] = {}

    def remember(self, src: Path, out: Path) -> None:
        """Take ``out`` as the clean build of ``src``: it was built into an empty folder."""
        self.known[sources_digest(src)] = digest(out)

    def of(self, src: Path) -> dict[str, str]:
        key = sources_digest(src)
        if key not in self.known:
            where = self.root / key[:12]
            copy = copy_small_site(where / "src")
            for folder in ("hardware", "concepts", "_data"):
                subprocess.run(["rm", "-rf", str(copy / folder)], check=True)
                subprocess.run(["cp", "-a", str(src / folder), str(copy / folder)], check=True)
            subprocess.run(["cp", "-a", str(src / "index.rst"), str(copy / "index.rst")], check=True)
            result = build(copy, where / "html")
            assert result.returncode == 0, result.stderr
            self.known[key] = digest(where / "html")
        return self.known[key]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the site with one passing build published, and the clean builds to compare with."""
    tmp = tmp_path_factory.mktemp("integrity")
    src = copy_small_site(tmp / "src")
    out = tmp / "_build" / "html"
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    clean = CleanBuilds(tmp / "clean")
    clean.remember(src, out)
    return src, out, clean


# -- Edits an author makes; each can be undone, so a sequence can go back and forth ---------------
def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


class Toggle:
    """An edit that is applied when absent and undone when present."""

    def __init__(self, name: str, path: str, old: str, new: str, breaks: bool):
        self.name, self.path, self.old, self.new, self.breaks = name, path, old, new, breaks

    def __call__(self, src: Path) -> None:
        path = src / self.path
        if self.new in path.read_text(encoding="utf-8"):
            _replace(path, self.new, self.old)
        else:
            _replace(path, self.old, self.new)

    def __repr__(self) -> str:
        return self.name


EDITS = [
    Toggle(
        "reword a page",
        "hardware/inferentia.rst",
        "to a newer NeuronCore and to HBM.\n",
        "to a newer NeuronCore and to HBM.\n\nAn author's added sentence.\n",
        breaks=False,
    ),
    Toggle(
        "bad spec path",
        "hardware/trainium2.rst",
        "chip:trainium2:line_generation|ordinal",
        "chip:trainium2:line_gen|ordinal",
        breaks=True,
    ),
    Toggle(
        "data value", "_data/hardware.toml", 'mode = "sparse", value = 2517,', 'mode = "sparse", value = 2600,', False
    ),
    Toggle(
        "bad data value",
        "_data/hardware.toml",
        'device_memory = { value = 144, unit = "GiB" }',
        'device_memory = { value = "lots", unit = "GiB" }',
        breaks=True,
    ),
]


def touch_page(src: Path) -> None:
    (src / "hardware" / "trainium.rst").touch()


def add_or_delete_page(src: Path) -> None:
    page = src / "hardware" / "scratch.rst"
    if page.exists():
        page.unlink()
    else:
        page.write_text(
            ":orphan:\n:reviewed: 2026-12-07\n\nScratch\n=======\n\nA page an author adds and later deletes.\n", "utf-8"
        )


STEPS = [*EDITS, touch_page, add_or_delete_page, "interrupt"]


def interrupt_build(src: Path, out: Path) -> None:
    """Start a build and kill it once Sphinx has begun writing pages."""
    proc = start_build(src, out)
    staging = out.parent / f"{out.name}.staging"
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if (staging / "hardware").is_dir():
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.05)
    proc.communicate(timeout=60)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,  # the same sequences on every run, so CI and a developer see the same result
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(STEPS), min_size=2, max_size=4))
def test_any_sequence_of_edits_ends_in_a_failure_or_a_clean_build(workspace, steps):
    src, out, clean = workspace
    for step in steps:
        published = digest(out)
        if step == "interrupt":
            interrupt_build(src, out)
            assert digest(out) == published, "an interrupted build changed the published folder"
            continue
        step(src)
        result = build(src, out)
        if result.returncode != 0:
            assert differences(digest(out), published) == [], "a failed build changed the published folder"
        else:
            assert differences(digest(out), clean.of(src)) == [], f"after {steps}: not a clean build's output"
    # Whatever the sequence left, once the sources are good again the next build is a clean one.
    for edit in EDITS:
        if edit.breaks and edit.new in (src / edit.path).read_text(encoding="utf-8"):
            edit(src)
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    assert differences(digest(out), clean.of(src)) == []


# -- One test per case, each reproducing what a tester did ---------------------------------------
@pytest.fixture
def site_copy(workspace, tmp_path):
    """A fresh copy of the site with its own output folder (nothing built yet)."""
    return copy_small_site(tmp_path / "src"), tmp_path / "_build" / "html"


def test_an_incremental_build_publishes_every_page_in_the_sitemap_and_search_index(workspace):
    """Touch one page after a build: sitemap.xml, the search index (pagefind/, every page and
    figure), llms.txt and the downloads are still a clean build's."""
    src, out, clean = workspace
    touch_page(src)
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    pages = sorted(p for p in out.rglob("*.html") if p.name not in {"404.html", "search.html", "genindex.html"})
    sources = [p for p in src.rglob("*.rst") if "_build" not in p.parts]
    assert len(pages) == len(sources) >= page_count(), "a page of the sources is missing from the output"
    assert all(p.relative_to(out).as_posix() in sitemap for p in pages)
    assert differences(digest(out), clean.of(src)) == []


def test_a_page_that_warned_fails_every_build_until_it_is_fixed(workspace):
    src, out, _ = workspace
    good = (out / "hardware" / "trainium2.html").read_bytes()
    bad_path = EDITS[1]
    bad_path(src)
    try:
        for attempt in ("first", "second"):
            result = build(src, out)
            assert result.returncode != 0, f"the {attempt} build after the bad edit passed"
            assert "line_gen" in result.stderr
            assert (out / "hardware" / "trainium2.html").read_bytes() == good
    finally:
        bad_path(src)
    build_ok(src, out)


def _group_alive(pgid: int, within: float = 10) -> bool:
    """Whether a process of group ``pgid`` still runs after ``within`` seconds (a killed
    process stays a zombie until the system reaps it)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.2)
    return True


def test_a_killed_build_publishes_nothing_and_leaves_no_process(workspace):
    """Kill sphinx-build itself while it writes: the published folder is untouched, nothing of
    the build's process group (sphinx-sitemap's helper process included) is left, and the next
    build is whole."""
    src, out, clean = workspace
    build_ok(src, out)
    published = digest(out)
    touch_page(src)
    proc = start_build(src, out)
    staging = out.parent / f"{out.name}.staging"
    deadline = time.monotonic() + 60
    while not (staging / "hardware").is_dir():
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.05)
    sphinx = subprocess.run(["pgrep", "-f", f"sphinx -b html {src}"], capture_output=True, text=True, check=False)
    pids = [int(pid) for pid in sphinx.stdout.split()]
    assert pids, "no sphinx-build process found"
    pgid = os.getpgid(pids[0])
    os.kill(pids[0], signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert digest(out) == published
    assert not _group_alive(pgid), "a process of the killed build is still running"
    build_ok(src, out)
    assert len([p for p in out.rglob("*.html")]) == len([p for p in published if p.endswith(".html")])
    assert differences(digest(out), clean.of(src)) == []


def test_two_builds_of_one_folder_take_turns(site_copy):
    src, out = site_copy
    first = start_build(src, out)
    time.sleep(1)
    second = start_build(src, out)
    for proc in (first, second):
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
    assert "waiting" in stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == len([p for p in out.rglob("*.html")]) - 2  # all but 404 and search


def test_a_deleted_page_is_not_published(workspace):
    src, out, _ = workspace
    (src / "hardware" / "scratch.rst").unlink(missing_ok=True)  # a sequence of edits above may have added it
    add_or_delete_page(src)
    build_ok(src, out)
    assert (out / "hardware" / "scratch.html").exists()
    add_or_delete_page(src)
    build_ok(src, out)
    assert not (out / "hardware" / "scratch.html").exists()
    indexed = b"".join(gzip.decompress(f.read_bytes()) for f in (out / "pagefind" / "fragment").iterdir())
    assert b"hardware/scratch" not in indexed


def test_an_output_folder_that_cannot_be_written_gets_one_line(site_copy, tmp_path):
    src, _ = site_copy
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = build(src, blocked / "html")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the site to" in lines[0] and str(blocked) in lines[0], result.stderr


def test_a_build_that_warned_writes_no_downloads_or_llms_txt(site_copy):
    """Even a plain sphinx-build into a folder of its own: the data files and llms*.txt are
    written only at the end of a build that passed."""
    from conftest import sphinx_build

    src, out = site_copy
    EDITS[1](src)  # a bad :spec: path
    result = sphinx_build(src, out)
    assert result.returncode != 0 and "line_gen" in result.stderr
    assert (out / "hardware" / "trainium2.html").exists()  # pages were written as the build went
    assert not (out / "data").exists()
    assert not (out / "llms.txt").exists() and not (out / "llms-full.txt").exists()
