"""Publishing: a build without SITE_URL publishes no address of its own (no local one either); a build
with SITE_URL uses it for every absolute address; REPOSITORY_URL alone adds the repository links; and
CITATION.cff is valid and says what the comparison page says."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from citation import LICENCES, author_names
from conftest import ROOT, sphinx_build
from contract import PAGES
from neuron_hw import export
from repository_url import RepositoryURLError, check, file_url, html_context
from small_site import PAGES as SMALL_SITE_PAGES
from small_site import copy_small_site

BASE = "https://docs.example.org/neuron/"
REPOSITORY = "https://github.com/example/neuron-hardware-docs"
HARDWARE = [f"hardware/{p}.html" for p in ["index", *PAGES]]
LOCAL = (b"127.0.0.1", b"localhost", b"_data/")
URL_COLUMNS = {"url", "page_url", "record_url"}


def published_text(outdir: Path):
    """(path, bytes) of every published file, Pagefind's compressed index files decompressed."""
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path.relative_to(outdir).as_posix(), data


# -- Without SITE_URL (the session's build) -------------------------------------------------------
def test_no_published_file_holds_a_local_address_or_a_source_path(site):
    assert site.result.returncode == 0, site.result.stderr
    found = [(rel, word.decode()) for rel, data in published_text(site.outdir) for word in LOCAL if word in data]
    assert not found


@pytest.mark.parametrize("page", ["index.html", *HARDWARE, "404.html"])
def test_pages_name_no_address_without_site_url(site, page):
    soup = site.html(page)
    assert soup.find("link", rel="canonical") is None
    assert not soup.find_all("meta", property=re.compile("^og:"))
    assert not soup.select(".editthispage, .navbar-icon-links"), "a repository link without REPOSITORY_URL"


def test_no_sitemap_and_robots_txt_names_none(site):
    assert not (site.outdir / "sitemap.xml").exists()
    assert "Sitemap" not in (site.outdir / "robots.txt").read_text(encoding="utf-8")


def test_downloads_and_llms_txt_link_relative_to_the_site_root(site):
    document = json.loads((site.outdir / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))
    assert document["site"] is None and document["data_file"] is None
    urls = [f["url"] for f in document["figures"] if f["url"]] + [
        e["page_url"] for e in document["entities"] if e["page_url"]
    ]
    assert urls and all(url.startswith(("hardware/", "concepts/")) for url in urls)
    for url in urls:
        assert (site.outdir / url.partition("#")[0]).is_file(), url
    links = re.findall(r"\]\(([^)]+)\)", (site.outdir / "llms.txt").read_text(encoding="utf-8"))
    assert links and not [link for link in links if "://" in link or link.startswith("/")]
    assert all((site.outdir / link).is_file() for link in links)


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True)
def test_the_build_says_once_that_site_url_is_unset(app):
    app.build()
    assert app.status.getvalue().count("SITE_URL is unset") == 1, app.status.getvalue()


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True, confoverrides={"html_baseurl": BASE})
def test_a_build_with_an_address_says_nothing_of_it(app):
    app.build()
    assert "SITE_URL" not in app.status.getvalue()


# -- With SITE_URL and REPOSITORY_URL: a build of the small copy of the site -----------------------
# The small copy (small_site.py) has the real configuration, data and downloads with a few pages;
# addresses are made the same way for any page, so its pages and a Markdown page added here stand
# for all of them.
MARKDOWN_PAGE = "concepts/notes.md"
PUBLISHED_PAGES = [name.replace(".rst", ".html") for name in SMALL_SITE_PAGES] + ["concepts/notes.html"]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    src = copy_small_site(tmp / "src")
    (src / MARKDOWN_PAGE).write_text("---\norphan: true\n---\n\n# Notes\n\nA page in Markdown.\n", encoding="utf-8")
    outdir = tmp / "html"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", BASE)
        env.setenv("REPOSITORY_URL", REPOSITORY)
        env.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
        # Sphinx's own search: the index is not what this build checks, and Pagefind's takes long.
        result = sphinx_build(src, outdir, "html", "-D", "site_search=sphinx")
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


def _soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize("page", PUBLISHED_PAGES)
def test_canonical_and_opengraph_use_site_url(published, page):
    soup = _soup(published, page)
    assert soup.find("link", rel="canonical")["href"] == BASE + page
    assert soup.find("meta", property="og:url")["content"] == BASE + page
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("meta", property="og:site_name")["content"] == "Neuron Hardware Docs"


@pytest.mark.build
def test_every_published_address_starts_with_site_url(published):
    pages = [p.relative_to(published).as_posix() for p in sorted(published.rglob("*.html"))]
    canonical = [link["href"] for page in pages for link in _soup(published, page).find_all("link", rel="canonical")]
    assert canonical and all(href.startswith(BASE) for href in canonical)
    locs = [
        el.text for el in ET.parse(published / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert {BASE + p for p in PUBLISHED_PAGES} <= set(locs)
    assert all(loc.startswith(BASE) for loc in locs)
    assert not [loc for loc in locs if loc.endswith(("search.html", "genindex.html", "404.html"))]
    assert f"Sitemap: {BASE}sitemap.xml" in (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    folder = published / export.FOLDER
    document = json.loads((folder / export.JSON_NAME).read_text(encoding="utf-8"))
    assert document["site"] == BASE
    urls = [e["page_url"] for e in document["entities"] if e["page_url"]]
    for figure in document["figures"]:
        urls += [figure["url"], figure["record_url"], *(loc["url"] for loc in figure["locations"])]
    urls = [url for url in urls if url]
    assert urls and all(url.startswith(BASE) for url in urls)
    for name in (export.FIGURES_CSV, export.CHIPS_CSV, export.CORES_CSV, export.SYSTEMS_CSV):
        rows = list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        cells = [row[c] for row in rows for c in URL_COLUMNS & row.keys() if row[c]]
        assert cells and all(cell.startswith(BASE) for cell in cells), name
    links = re.findall(r"\]\(([^)]+)\)", (published / "llms.txt").read_text(encoding="utf-8"))
    assert links and all(link.startswith(BASE) for link in links)
    for rel, data in published_text(published):
        assert not [w for w in LOCAL[:2] if w in data], rel


@pytest.mark.build
def test_repository_url_adds_the_edit_link_the_icon_and_the_data_files_address(published):
    soup = _soup(published, "hardware/trainium2.html")
    assert soup.select_one(".editthispage a")["href"] == f"{REPOSITORY}/edit/main/hardware/trainium2.rst"
    assert soup.select_one(".navbar-icon-links a")["href"] == REPOSITORY
    concept = _soup(published, "concepts/notes.html")
    assert concept.select_one(".editthispage a")["href"] == f"{REPOSITORY}/edit/main/{MARKDOWN_PAGE}"
    document = json.loads((published / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))
    assert document["data_file"] == f"{REPOSITORY}/blob/main/_data/hardware.toml"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (REPOSITORY, REPOSITORY),
        (REPOSITORY + ".git", REPOSITORY),
        (REPOSITORY + "/", REPOSITORY),
        ("https://gitlab.com/group/sub/name", "https://gitlab.com/group/sub/name"),
    ],
)
def test_a_github_or_gitlab_repository_is_taken(url, expected):
    assert check(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "github.com/example/docs",
        "http://github.com/example/docs",
        "https://github.com/example",
        "https://github.com/example/docs/tree/main",
        "https://example.org/example/docs",
        'https://github.com/example/do"cs',
        "https://github.com/example/docs?tab=1",
    ],
)
def test_anything_else_is_refused_naming_the_variable(url):
    with pytest.raises(RepositoryURLError, match="^REPOSITORY_URL must be"):
        check(url)


def test_the_theme_settings_follow_the_host():
    assert html_context(REPOSITORY) == {
        "github_user": "example",
        "github_repo": "neuron-hardware-docs",
        "github_version": "main",
        "doc_path": "",
    }
    assert file_url("https://gitlab.com/g/n", "a/b.toml") == "https://gitlab.com/g/n/-/blob/main/a/b.toml"


# -- CITATION.cff ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_has_the_fields_of_cff_1_2_0(cff):
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"]
    assert cff["title"] and cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["license"] == export.LICENSE_ID  # the data's licence, as the JSON gives it
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(cff["version"]))
    assert cff["date-released"].isoformat()
    assert set(cff) <= {
        "cff-version", "message", "type", "title", "abstract", "authors", "version", "date-released",
        "license", "keywords", "repository-code", "url",
    }  # fmt: skip


def test_citation_cff_gives_the_version_and_date_of_the_latest_release(cff):
    """The data's releases are listed in the changelog, newest first; the citation is of the newest."""
    changelog = ROOT / "_data" / "changelog.toml"
    if not changelog.exists():
        pytest.skip("the data has no changelog")
    latest = tomllib.loads(changelog.read_text(encoding="utf-8"))["releases"][0]
    assert (str(cff["version"]), cff["date-released"]) == (latest["version"], latest["date"])


def test_the_comparison_page_cites_the_data_as_citation_cff_does(site, cff):
    section = site.html("hardware/compare.html").find(id="how-to-cite")
    assert section is not None
    text = " ".join(section.get_text(" ").split())
    licence, deed = LICENCES[cff["license"]]
    for value in (cff["title"], str(cff["version"]), cff["date-released"].isoformat(), licence, *author_names(cff)):
        assert value in text, value
    assert section.find("a", href=deed) is not None
    entry = section.find("pre").get_text()
    assert entry.startswith("@misc{") and f"version = {{{cff['version']}}}" in entry
