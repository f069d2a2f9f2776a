"""Pages read once: no note or paragraph said twice on a page, one back line per note."""

from __future__ import annotations

from collections import Counter

import pytest

# Pages that are records by design: each figure or note lists its source and its uses.
RECORDS = ("hardware/figure-records.html", "hardware/sources.html")
# A table's legend of marks and its "Sources:" line belong to that table, so they may repeat.
PER_TABLE = ("spec-legend", "spec-sources")


@pytest.fixture(scope="module")
def articles(site):
    out = {}
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        article = site.html(page).find("article")
        if article is not None and page not in RECORDS:
            out[page] = article
    assert len(out) >= 20
    return out


def _texts(article) -> list[str]:
    texts = []
    for element in article.find_all(["p", "li", "dd"]):
        if element.find(["p", "li"]) or set(element.get("class", [])) & {*PER_TABLE, "spec-note-back"}:
            continue
        text = " ".join(element.get_text(" ").split())
        if len(text) >= 60:
            texts.append(text)
    return texts


def test_no_text_of_60_characters_or_more_is_said_twice_on_a_page(articles):
    repeats = {
        page: [text[:80] for text, n in Counter(_texts(article)).items() if n > 1] for page, article in articles.items()
    }
    assert not {page: texts for page, texts in repeats.items() if texts}


def test_each_note_number_is_listed_once_per_page_with_one_back_line(articles):
    for page, article in articles.items():
        items = article.select("ol.spec-notes > li")
        numbers = [li["id"] for li in items]
        assert len(numbers) == len(set(numbers)), page
        for li in items:
            assert len(li.select("p.spec-note-back")) == 1, (page, li["id"])


def test_a_box_that_repeats_a_numbered_note_points_to_it(articles):
    pointers = 0
    for page, article in articles.items():
        for pointer in article.select("p.spec-note-pointer"):
            target = article.find(id=pointer.a["href"].lstrip("#"))
            assert target is not None and target.name == "li", page
            assert pointer.a.get_text() == target["id"].removeprefix("spec-note-"), page
            pointers += 1
    assert pointers >= 5


def test_the_sources_page_heads_notes_with_titles_grouped_and_folds_long_lists(site):
    from conftest import DATA
    from neuron_hw.data import load_specs
    from neuron_hw.sources_page import FOLD_AFTER

    notes = load_specs(DATA).notes
    article = site.html("hardware/sources.html").select_one("article")
    headings = [h.get_text(" ", strip=True).rstrip("#").strip() for h in article.select("h2, h3, h4")]
    assert not set(headings) & set(notes), "a heading is a raw key of [notes]"
    for key in notes:  # every note keeps its anchor, inside a group section
        section = article.find(id=f"note-{key}")
        assert section is not None and section.name == "section", key
        assert section.find_parent("section")["id"].startswith("notes-"), key
        folded = section.select_one("details.note-places")
        if folded is not None:
            assert not folded.has_attr("open") and len(folded.select("li")) > FOLD_AFTER, key
            pages = {a["href"].partition("#")[0] for a in folded.select("a")}
            assert folded.summary.get_text() == f"Appears on {len(pages)} page{'' if len(pages) == 1 else 's'}"
        else:
            label = next((p for p in section.find_all("p") if p.get_text().startswith("Where it appears")), None)
            if label is not None:
                assert len(label.find_next_sibling("ul").select("li")) <= FOLD_AFTER, key
            else:
                assert "No page cites" in section.get_text(), key
    assert site.html("hardware/sources.html").find(id="hardware-sources") is not None


def test_no_heading_caption_or_table_cell_can_break_at_a_hyphen(articles):
    import re

    # A name whose last part is a short suffix (a version such as "v1"): a break would strand it.
    hyphenated = re.compile(r"\w-[\w.]{1,3}(?![\w.-])")
    checked = Counter()
    for page, article in articles.items():
        for heading in article.select("h1, h2, h3, h4, h5, h6, caption, figcaption, td, th"):
            for text in heading.find_all(string=hyphenated):
                assert text.find_parent("span", class_="nhw-nobreak") is not None, (page, heading.name, str(text))
                assert "\u2011" not in text  # the characters stay as written, for search and copying
                checked[heading.name] += 1
    # NeuronSwitch-v1, NeuronLink-v4, NeuronCore-v1 ... in the pages' headings, in tables' and
    # drawings' captions ("NeuronCore-v3 compute engines", a chip drawing's "... NeuronCore-v2.")
    # and in table cells (the instance families' NeuronCore column)
    assert sum(checked[h] for h in ("h1", "h2", "h3", "h4")) >= 5, checked
    assert checked["caption"] + checked["figcaption"] >= 20 and checked["td"] >= 50, checked


def test_rooflines_have_a_legend_and_no_empty_decade_below_the_lowest_roof(site):
    import math

    charts = site.html("hardware/compare.html").select("svg.nhw-chart--roofline")
    assert charts
    lowest = min(float(line["data-value"]) for svg in charts for line in svg.select("line.nhw-chart__roof")) / 1e12
    for svg in charts:
        legend = [t.get_text() for t in svg.select("text")]
        assert {"memory roof", "compute roof", "ridge point"} <= set(legend)
        ticks = [t.get_text().replace(",", "") for t in svg.select("text.nhw-chart__tick[text-anchor='end']")]
        rate_ticks = sorted(float(t) for t in ticks if t.replace(".", "").isdigit())
        assert rate_ticks[0] == 10 ** (math.floor(math.log10(lowest)) - 1)


def test_the_instances_page_gives_its_advice_before_its_tables(site):
    """A reader choosing an instance meets the advice first, then the tables; every section keeps its
    anchor and the page keeps its labels."""
    article = site.html("hardware/neuron-instances.html").select_one("article")
    order = {id(el): i for i, el in enumerate(article.find_all(True))}
    advice = article.find(id="choosing-an-instance")
    assert advice is not None and advice.name == "section"
    heading, guidance = advice.find("h2"), advice.select_one("div.admonition.guidance")
    tables = article.find_all("table")
    assert len(tables) >= 3 and guidance is not None
    assert order[id(heading)] < order[id(guidance)] < order[id(tables[0])]
    assert article.find(id="all-sizes-at-a-glance").find("table", class_="spec-table") is not None
    # each sizing step is linked from the advice to its section further down
    links = {a["href"] for a in guidance.select("a[href^='#']")}
    assert {"#one-chip-or-many", "#one-instance-or-many", "#ultraservers", "#all-sizes-at-a-glance"} <= links
    for anchor in [
        "inference-or-training",
        "one-chip-or-many",
        "one-instance-or-many",
        "ultraservers",
        "all-sizes-at-a-glance",
        "cores-memory-and-peaks-as-software-sees-them",
        "related-pages",
    ]:
        section = article.find(id=anchor)
        assert section is not None and section.name == "section", anchor
        assert order[id(section)] > order[id(advice)], anchor
    labels = site.labels()
    for label in ("neuron-instances", "neuroninstances-arch"):
        assert labels[label].startswith("hardware/neuron-instances.html"), label


def test_the_figure_records_contents_list_every_section_in_order(site):
    """The records page's "On this page" list is made with its sections, so it lists each of them."""
    article = site.html("hardware/figure-records.html").select_one("article")
    sections = [s["id"] for s in article.select("section > section")]
    assert len(sections) >= 7 and "records-computed" in sections, sections
    (nav,) = article.select("nav.contents")
    links = [a["href"] for a in nav.select("a")]
    assert links == [f"#{s}" for s in sections]
    for a in nav.select("a"):
        heading = article.find(id=a["href"][1:]).find(["h2", "h3"])
        assert a.get_text() == heading.get_text().rstrip("#"), a


def test_the_compare_page_opens_with_a_summary_and_a_contents_list_of_every_section(site):
    """The longest page (one page, not split: its figures' anchors are cited as compare.html#fig-...)
    starts with what it answers, each answer linked, then a contents list of every section."""
    article = site.html("hardware/compare.html").select_one("article")
    order = {id(el): i for i, el in enumerate(article.find_all(True))}
    sections = article.select("section section")
    (nav,) = article.select("nav.contents")
    first_section = sections[0]
    assert order[id(nav)] < order[id(first_section)]
    listed = [a["href"] for a in nav.select("a")]
    assert listed == [f"#{s['id']}" for s in sections], listed
    summary = nav.find_previous_sibling("ul")
    assert summary is not None and len(summary.select("li")) >= 5
    targets = {a["href"] for a in summary.select("a")}
    h2 = {f"#{s['id']}" for s in article.select("section > section") if s.find("h2")}
    assert len(targets & h2) >= 5 and targets <= set(listed), targets
    assert all("?" in item.get_text() for item in summary.select("li"))  # each item is a question
