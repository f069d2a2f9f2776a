"""What readers and crawlers get besides the pages: dates, lean assets, the 404 page, the base URL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib

import pytest
from conftest import ROOT
from contract import PAGES

HARDWARE = [f"hardware/{p}.html" for p in ["index", *PAGES]]
# The sitemap, robots.txt's Sitemap line, canonical links and OpenGraph tags are tested in
# test_publishing.py, with and without SITE_URL.


@pytest.mark.parametrize("page", HARDWARE)
def test_every_hardware_page_shows_when_it_was_last_reviewed(site, page):
    stamp = site.html(page).select_one(".last-reviewed time")
    assert stamp is not None, f"{page}: no last-reviewed date"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp["datetime"])


def test_404_page_exists_and_links_home(site):
    soup = site.html("404.html")
    assert soup.find("a", href="/index.html") is not None


@pytest.mark.parametrize("page", HARDWARE)
def test_pages_load_only_what_they_use(site, page):
    html = (site.outdir / page).read_text(encoding="utf-8")
    for unused in ("fontawesome", "searchindex.js", "searchtools.js", "design-tabs.js"):
        assert unused not in html, f"{page} loads {unused}"
    has_code = 'class="highlight' in html
    assert ("copybutton.js" in html) == has_code


PAGES_WITH_SEARCH = [*HARDWARE, "index.html", "search.html", "404.html"]


@pytest.mark.parametrize("page", PAGES_WITH_SEARCH)
def test_each_page_links_one_stylesheet_and_defers_every_script(site, page):
    soup = site.html(page)
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert len(sheets) == 1 and re.search(r"_static/site\.css\?digest=[0-9a-f]{8}$", sheets[0]), sheets
    # Every script file is deferred: fetched without holding the first paint back, and run (in
    # document order) before the page counts as loaded, so no first click or key press is lost.
    scripts = soup.find_all("script", src=True)
    blocking = [s["src"] for s in scripts if not s.has_attr("defer")]
    assert not blocking, f"{page} has scripts that are not deferred: {blocking}"
    assert any("pydata-sphinx-theme.js" in s["src"] for s in scripts)
    assert not soup.find("template"), "no scripts parked in a <template>"


def test_the_stylesheet_bundle_replaces_the_files_it_joins(site):
    static = site.outdir / "_static"
    bundle = (static / "site.css").read_text(encoding="utf-8")
    for gone in ("basic.css", "pygments.css", "copybutton.css", "neuron-hw.css", "styles/pydata-sphinx-theme.css"):
        assert not (static / gone).exists(), f"_static/{gone} was bundled and should not be published"
    # Rules from each part, in link order: Sphinx's, the theme's, Pygments' (light and dark), ours.
    markers = ["div.body", ".bd-header", ".highlight .k", 'html[data-theme="dark"] .highlight', ".spec-table"]
    positions = [bundle.find(m) for m in markers]
    assert -1 not in positions, dict(zip(markers, positions))
    assert positions[:3] == sorted(positions[:3]) and positions[-1] == max(positions)


def test_the_stylesheet_digest_is_that_of_the_published_bytes(site):
    published = (site.outdir / "_static" / "site.css").read_bytes()
    for page in site.pages():
        match = re.search(r"_static/site\.css\?digest=([0-9a-f]{8})", page.read_text(encoding="utf-8"))
        assert match and match.group(1) == f"{zlib.crc32(published):08x}", page


def test_every_published_static_file_is_used(site):
    texts = {
        path: path.read_text(encoding="utf-8", errors="replace")
        for path in site.outdir.rglob("*")
        if path.suffix in (".html", ".js", ".css")
    }
    unused = [
        path.relative_to(site.outdir).as_posix()
        for path in sorted((site.outdir / "_static").rglob("*"))
        if path.is_file() and not any(path.name in text for other, text in texts.items() if other != path)
    ]
    assert not unused, f"published but used by no page, script or stylesheet (see NOT_PUBLISHED): {unused}"


def test_search_page_has_its_index(site):
    """The search page loads the site search's script, and the index it reads is published;
    Sphinx's own search files are not (the site search replaces them: see test_search.py)."""
    html = (site.outdir / "search.html").read_text(encoding="utf-8")
    assert "_static/site-search.js" in html
    assert "searchtools.js" not in html and "searchindex.js" not in html
    assert (site.outdir / "pagefind" / "pagefind.js").is_file()
    for gone in ("searchindex.js", "_static/searchtools.js", "_static/language_data.js"):
        assert not (site.outdir / gone).exists(), f"{gone} is published"


def test_code_blocks_get_copy_buttons(site):
    assert "copybutton.js" in (site.outdir / "hardware/neuron-devices.html").read_text(encoding="utf-8")


def test_base_url_comes_from_the_environment():
    """SITE_URL sets the base URL and what is derived from it (test_publishing.py checks that the
    pages, robots.txt and sitemap use it): conf.py evaluated in a fresh interpreter, as sphinx-build does."""
    code = (
        "import json, runpy; c = runpy.run_path('conf.py');"
        " print(json.dumps([c['html_baseurl'], c['notfound_urls_prefix'], c['ogp_site_url']]))"
    )
    env = {**os.environ, "SITE_URL": "https://docs.example.org/neuron"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    base = "https://docs.example.org/neuron/"
    assert json.loads(result.stdout.splitlines()[-1]) == [base, "/neuron/", base]


@pytest.mark.sphinx("html", testroot="reviewed", freshenv=True)
def test_a_bad_or_missing_review_date_is_reported_with_its_file(app):
    app.build()
    warnings = app.warning.getvalue()
    bad = [line for line in warnings.splitlines() if "bad.rst" in line]
    assert bad and "YYYY-MM-DD" in bad[0] and "'last week'" in bad[0], warnings
    missing = [line for line in warnings.splitlines() if "missing.rst" in line]
    assert missing and "no ':reviewed: YYYY-MM-DD' field" in missing[0], warnings
    assert "good.rst" not in warnings, warnings
