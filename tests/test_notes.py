"""Table notes: numbered once per page, each printed once, linked both ways."""

from __future__ import annotations

import pytest
from conftest import DATA, unquote
from neuron_hw.data import load_specs
from test_browser import base_url  # noqa: F401 - the browser tests' fixture

SPECS = load_specs(DATA)


def _pages_with_notes(site):
    pages = [p for p in site.pages() if "spec-note-ref" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 10, "most hardware pages carry notes"
    return [p.relative_to(site.outdir).as_posix() for p in pages]


@pytest.fixture(scope="module")
def pages(site):
    return {page: site.html(page) for page in _pages_with_notes(site)}


def test_each_note_is_printed_once_per_page_and_numbered_from_one(pages):
    for page, soup in pages.items():
        items = soup.select("ol.spec-notes > li")
        texts = [li.p.get_text(" ", strip=True) for li in items]
        assert len(texts) == len(set(texts)), f"{page}: a note is printed twice"
        numbers = [int(li["id"].removeprefix("spec-note-")) for li in items]
        assert numbers == list(range(1, len(items) + 1)), f"{page}: numbering restarts or skips: {numbers}"
        # the list's own numbering (start attribute) agrees with the ids the markers use
        for ol in soup.select("ol.spec-notes"):
            first = int(ol.select_one("li")["id"].removeprefix("spec-note-"))
            assert int(ol.get("start", 1)) == first, page


def test_every_marker_points_at_its_note_and_the_number_matches(pages):
    for page, soup in pages.items():
        for marker in soup.select("a.spec-note-ref"):
            target = soup.find(id=marker["href"].lstrip("#"))
            assert target is not None and target.name == "li", (page, marker["href"])
            assert marker.get_text(strip=True) == f"[{target['id'].removeprefix('spec-note-')}]", page


def test_every_note_links_back_to_each_table_that_cites_it(pages):
    for page, soup in pages.items():
        for li in soup.select("ol.spec-notes > li"):
            backs = li.select("p.spec-note-back a")
            assert backs, f"{page}: note {li['id']} has no link back"
            for back in backs:
                marker = soup.find(id=back["href"].lstrip("#"))
                assert marker is not None and "spec-note-ref" in marker.get("class", []), (page, back["href"])
                assert marker["href"] == f"#{li['id']}", (page, li["id"])
            citing_tables = {
                m.find_parent("table")["id"]
                for m in soup.select(f'a.spec-note-ref[href="#{li["id"]}"]')
                if m.find_parent("table") is not None
            }
            linked_tables = {soup.find(id=b["href"].lstrip("#")).find_parent("table")["id"] for b in backs}
            assert linked_tables == citing_tables, (page, li["id"])


def test_the_note_text_is_the_data_files(pages):
    texts = {unquote(t) for t in SPECS.notes.values()}
    for page, soup in pages.items():
        for li in soup.select("ol.spec-notes > li"):
            if "spec-note-generated" in li.get("class", []):
                continue  # a note the table writes itself (a unit conversion, a sizing formula)
            assert unquote(li.p.get_text()) in texts, (page, li.p.get_text()[:80])


def test_a_note_jump_lands_below_the_sticky_header_and_is_highlighted(browser, base_url):  # noqa: F811
    """Click a marker in Chromium: the note is in view, not under the header, and outlined."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(f"{base_url}/hardware/trn2-arch.html")
    marker = tab.locator("table a.spec-note-ref").first
    target = marker.get_attribute("href")
    marker.click()
    tab.wait_for_function(f"location.hash === {target!r}")
    header_bottom = tab.evaluate("document.querySelector('header').getBoundingClientRect().bottom")
    box = tab.locator(target).bounding_box()
    assert box["y"] >= header_bottom, (box, header_bottom)
    assert box["y"] < 800, "the note is in view"
    outline = tab.locator(target).evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    # and back: the link under the note returns to the marker
    tab.locator(f"{target} p.spec-note-back a").first.click()
    back = tab.evaluate("location.hash")
    assert tab.locator(back).get_attribute("href") == target
    tab.close()
