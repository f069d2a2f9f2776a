"""The sources and discrepancies page (issue 13): every source and note of the data, and where each note is cited."""

from __future__ import annotations

import pytest
import tinycss2
from conftest import DATA
from neuron_hw import ids
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
PAGE = "hardware/sources.html"


@pytest.fixture(scope="module")
def article(site):
    assert site.result.returncode == 0, site.result.stderr
    return site.html(PAGE).select_one("article")


def test_every_source_is_listed_with_its_figure_count(article):
    listed = {a["href"]: a.find_parent("p").get_text(" ", strip=True) for a in article.select("ul.data-sources a")}
    assert set(listed) == {source["url"] for source in SPECS.sources.values()}
    counts: dict[str, int] = {}
    for entry in ids.catalogue(SPECS):
        if entry.figure.source:
            counts[entry.figure.source] = counts.get(entry.figure.source, 0) + 1
    for key, source in SPECS.sources.items():
        n = counts.get(key, 0)
        assert (f": {n} figure" in listed[source["url"]]) if n else "no figure" in listed[source["url"]], key


def test_every_note_in_the_data_has_an_entry_with_its_text(article):
    for key, text in SPECS.notes.items():
        section = article.find(id=f"note-{key}")
        assert section is not None, f"note {key!r} is not on the sources page"
        assert " ".join(text.split()) in section.get_text(" ", strip=True).replace(" ,", ",")


def test_every_note_cited_on_a_page_is_linked_from_its_entry(site, article):
    cited: dict[str, set[str]] = {}
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        if page == PAGE:
            continue
        soup = site.html(page)
        for item in soup.select("ol.spec-notes > li"):
            text = item.p.get_text(" ", strip=True)
            key = next((k for k, t in SPECS.notes.items() if " ".join(t.split()) == text), None)
            if key:
                cited.setdefault(key, set()).add(page.rpartition("/")[2])
    assert len(cited) >= 5
    for key, pages in cited.items():
        section = article.find(id=f"note-{key}")
        linked = {a["href"].partition("#")[0].rpartition("/")[2] for a in section.select("a.reference.internal")}
        assert pages <= linked, f"note {key!r}: cited on {sorted(pages - linked)} but not linked"


def test_competing_values_are_listed_where_the_data_holds_them(article):
    section = article.find(id="note-trainium2-hbm-bw")
    text = section.get_text(" ", strip=True)
    for path in ("chip:trainium2:memory_bandwidth", "chip:trainium2:hbm-bandwidth-nki"):
        entry = next(e for e in ids.catalogue(SPECS) if e.id == path)
        assert entry.figure.text() in text and entry.label in text


# What the theme's script makes keyboard-focusable when it measures it overflowing at load: a
# section whose layout the browser skips (content-visibility) must hold none of these.
THEME_SCROLL_BOXES = "pre, table, .pst-scrollable-table-container, .nboutput, .cell_output, .jp-RenderedHTMLCommon"


def test_skipped_note_sections_hold_nothing_the_theme_measures(article):
    sections = article.select("section.nhw-note-entry")
    assert len(sections) == len(SPECS.notes)
    for section in sections:
        assert not section.select(THEME_SCROLL_BOXES), section["id"]


def test_only_the_note_sections_skip_layout(site):
    """content-visibility is used where the check above holds, nowhere else in the stylesheet."""
    css = (site.outdir / "_static" / "site.css").read_text(encoding="utf-8")
    users = []

    def walk(rules):
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:
                walk(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True))
            elif rule.type == "qualified-rule":
                declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                if any(d.type == "declaration" and d.lower_name == "content-visibility" for d in declarations):
                    users.append(tinycss2.serialize(rule.prelude).strip())

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))
    assert users == ["section.nhw-note-entry"]
