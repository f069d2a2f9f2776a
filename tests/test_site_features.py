"""What readers and crawlers get besides the pages: sitemap, robots.txt, metadata, dates, lean assets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zlib

import pytest
from conftest import copy_site, sphinx_build
from contract import PAGES

HARDWARE = [f"hardware/{p}.html" for p in ["index", *PAGES]]
LOCAL_BASE = "http://127.0.0.1:8000/"


def test_sitemap_lists_every_page_under_the_base_url(site):
    tree = ET.parse(site.outdir / "sitemap.xml")
    locs = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {LOCAL_BASE + p for p in ["index.html", *HARDWARE]}
    assert expected <= locs
    assert not {loc for loc in locs if loc.endswith(("search.html", "genindex.html", "404.html"))}


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {LOCAL_BASE}sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("page", HARDWARE)
def test_canonical_and_opengraph_metadata(site, page):
    soup = site.html(page)
    assert soup.find("link", rel="canonical")["href"] == LOCAL_BASE + page
    assert soup.find("meta", property="og:url")["content"] == LOCAL_BASE + page
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("meta", property="og:site_name")["content"] == "Neuron Hardware Docs"


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
    html = (site.outdir / "search.html").read_text(encoding="utf-8")
    assert "searchtools.js" in html and "searchindex.js" in html


def test_code_blocks_get_copy_buttons(site):
    assert "copybutton.js" in (site.outdir / "hardware/neuron-devices.html").read_text(encoding="utf-8")


def test_base_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://docs.example.org/neuron")
    out = tmp_path / "html"
    result = sphinx_build(copy_site(tmp_path / "src"), out)
    assert result.returncode == 0, result.stderr
    assert "Sitemap: https://docs.example.org/neuron/sitemap.xml" in (out / "robots.txt").read_text()
    page = (out / "hardware" / "trainium2.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://docs.example.org/neuron/hardware/trainium2.html"' in page
    assert 'href="/neuron/index.html"' in (out / "404.html").read_text(encoding="utf-8")


def test_a_bad_review_date_is_reported(tmp_path):
    src = copy_site(tmp_path / "src")
    page = src / "hardware" / "trainium.rst"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(":reviewed: ")
    page.write_text(re.sub(r"^:reviewed: .*", ":reviewed: last week", text), encoding="utf-8")
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode != 0
    assert "trainium.rst" in result.stderr and "YYYY-MM-DD" in result.stderr and "'last week'" in result.stderr
