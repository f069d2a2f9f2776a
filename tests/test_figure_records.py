"""Provenance at the figure: every figure on every page links to its record, the record gives the
figure's sources (title, checked date), whether it is published or computed and its notes, the
downloads carry the same notes as the pages, and the sources page lists every page that uses a note.

Expected values come from the data file (``load_specs``), never from the build's output.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urldefrag, urljoin

import pytest
from conftest import DATA, unquote
from neuron_hw import export, ids
from neuron_hw.data import SCALED_TOTALS, load_specs

SPECS = load_specs(DATA)
CATALOGUE = {entry.id: entry for entry in ids.catalogue(SPECS)}
AWS_DOCS = "https://github.com/aws-neuron/aws-neuron-sdk/"
RECORDS = "hardware/figure-records.html"
KIND_WORDS = {"aws": "Published by AWS", "computed": "Computed by this site", "other": "From another source"}


def record_anchor(figure_id: str) -> str:
    return "rec-" + ids.anchor(figure_id).removeprefix("fig-")


BY_ANCHOR = {record_anchor(figure_id): figure_id for figure_id in CATALOGUE}


def total_parts(figure_id: str):
    """(system, total key, per-chip figure) of a computed total, else None."""
    kind, _, rest = figure_id.partition(":")
    system_id, _, metric = rest.rpartition(":")
    if kind != "system" or not metric.startswith("total."):
        return None
    system = SPECS.systems[system_id]
    key = metric.removeprefix("total.")
    return system, key, SPECS.chips[system.chip].figure(SCALED_TOTALS.get(key, key))


def expected_sources(figure_id: str) -> list[str]:
    parts = total_parts(figure_id)
    if parts:
        system, _, per_chip = parts
        return list(dict.fromkeys([system.figures["chips"].source, per_chip.source]))
    return [CATALOGUE[figure_id].figure.source]


def expected_kind(figure_id: str) -> str:
    if total_parts(figure_id) or CATALOGUE[figure_id].figure.derived:
        return "computed"
    urls = [SPECS.sources[key]["url"] for key in expected_sources(figure_id)]
    return "aws" if all(url.startswith(AWS_DOCS) for url in urls) else "other"


def expected_notes(figure_id: str) -> list[str]:
    """The notes the pages print with a figure: its own note and "derived" for a figure this site
    works out; for a computed total, the per-chip figure's note, the note on AWS's own total, and
    "derived" where AWS publishes other totals of the system but not this one."""
    parts = total_parts(figure_id)
    if parts:
        system, key, per_chip = parts
        published = system.published.get(key)
        found = [per_chip.note, published.note if published else None]
        found.append("derived" if published is None and system.published else None)
    else:
        figure = CATALOGUE[figure_id].figure
        found = [figure.note, "derived" if figure.derived else None]
    return list(dict.fromkeys(n for n in found if n))


class Parsed:
    """The built site with each page parsed once (the tests below read some pages many times)."""

    def __init__(self, site):
        self.site, self.outdir, self._soups = site, site.outdir, {}

    def html(self, page: str):
        if page not in self._soups:
            self._soups[page] = self.site.html(page)
        return self._soups[page]

    def pages(self):
        return self.site.pages()


@pytest.fixture(scope="module")
def parsed(built):
    return Parsed(built)


@pytest.fixture(scope="module")
def records(parsed):
    soup = parsed.html(RECORDS)
    return {box["id"]: box for box in soup.select("div.nhw-record[id]")}


def test_the_records_page_has_one_record_per_figure_of_the_data(records):
    """One record per figure of the data; the values the pages compute have theirs in a section of
    their own (tests/test_computed_records.py)."""
    of_data = {anchor for anchor, box in records.items() if box.find_parent(id="records-computed") is None}
    assert of_data == set(BY_ANCHOR)


@pytest.mark.parametrize("figure_id", sorted(CATALOGUE), ids=str)
def test_a_record_gives_sources_checked_dates_kind_and_notes(records, figure_id):
    text = unquote(" ".join(records[record_anchor(figure_id)].get_text(" ").split()))
    for key in expected_sources(figure_id):
        source = SPECS.sources[key]
        assert source["title"] in text, (figure_id, key)
        assert f"checked {source['checked']}" in text, (figure_id, key)
        if source.get("section"):
            assert f'section "{unquote(source["section"])}"' in text, (figure_id, key)
    assert KIND_WORDS[expected_kind(figure_id)] in text, figure_id
    for note in expected_notes(figure_id):
        assert unquote(" ".join(SPECS.notes[note].split())) in text, (figure_id, note)


def test_records_name_the_section_of_each_source_that_has_one(records):
    """The data names the section of a source where its figures are; every record citing such a
    source shows it (the test above checks each record, this one that the case exists)."""
    with_section = {key for key, source in SPECS.sources.items() if source.get("section")}
    assert with_section
    citing = [f for f in CATALOGUE if set(expected_sources(f)) & with_section]
    assert citing
    shown = [f for f in citing if "section \u201c" in records[record_anchor(f)].get_text(" ")]
    assert shown == citing


def _figure_elements(soup):
    """The figures a page shows: table values, values in sentences (those with a figure anchor or a
    link to a record), the sources page's values and the charts' value labels."""
    article = soup.select_one("article")
    found = article.select(".spec-figure, a.nhw-fig, a.nhw-chart__record, [id^='fig-']")
    return list(dict.fromkeys(found))


def test_every_figure_on_every_page_links_to_its_record_without_javascript(parsed, records):
    checked = 0
    for path in parsed.pages():
        page = path.relative_to(parsed.outdir).as_posix()
        if page == RECORDS or not page.startswith(("hardware/", "concepts/")):
            continue
        for element in _figure_elements(parsed.html(page)):
            link = element if element.name == "a" else element.find_parent("a")
            assert link is not None and link.get("href"), f"{page}: a figure without a link: {element}"
            target, anchor = urldefrag(urljoin(page, link["href"]))
            assert target == RECORDS, f"{page}: {link['href']} does not lead to the records"
            assert anchor in records, f"{page}: #{anchor} is not a record"
            if element.get("id", "").startswith("fig-"):  # the figure's own anchor names its record
                assert BY_ANCHOR[anchor] == next(i for i in CATALOGUE if ids.anchor(i) == element["id"]), page
            checked += 1
    assert checked > 1000


def test_every_page_with_figure_links_loads_the_record_script_deferred(parsed):
    for path in parsed.pages():
        soup = parsed.html(path.relative_to(parsed.outdir).as_posix())
        scripts = [s for s in soup.find_all("script", src=True) if "nhw-record.js" in s["src"]]
        has_links = bool(soup.select("a.nhw-fig, a.nhw-chart__record"))
        assert bool(scripts) == has_links, path.name
        assert all(s.has_attr("defer") for s in scripts), path.name


# -- the downloads carry the notes of the figures the pages show ------------------------------------
@pytest.fixture(scope="module")
def document(parsed):
    return json.loads((parsed.outdir / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))


def _notes_in_cell(parsed, page: str, anchor: str) -> set[str]:
    """The [notes] keys whose markers sit next to the figure at ``anchor`` (its table cell)."""
    soup = parsed.html(page)
    figure = soup.find(id=anchor)
    cell = figure.find_parent(["td", "th"]) or figure.parent
    by_text = {" ".join(unquote(text).split()): key for key, text in SPECS.notes.items()}
    found = set()
    for ref in cell.select("a.spec-note-ref"):
        item = soup.find(id=ref["href"].lstrip("#"))
        text = " ".join(unquote(item.find("p").get_text(" ")).split())
        if text in by_text:
            found.add(by_text[text])
    return found


TOTAL_KINDS = ["compute", *SCALED_TOTALS]


@pytest.mark.parametrize("kind", TOTAL_KINDS)
def test_computed_totals_in_the_downloads_carry_the_notes_their_pages_show(parsed, document, kind):
    figures = {f["id"]: f for f in document["figures"]}
    long_rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO((parsed.outdir / export.FOLDER / export.FIGURES_CSV).read_text("utf-8")))
    }
    totals = [
        figure_id
        for figure_id in CATALOGUE
        if total_parts(figure_id) and total_parts(figure_id)[1].partition(".")[0] == kind.partition(".")[0]
    ]
    assert totals, kind
    with_notes = 0
    for figure_id in totals:
        out, expected = figures[figure_id], expected_notes(figure_id)
        assert [n["id"] for n in out["notes"]] == expected, figure_id
        assert all(n["text"] == SPECS.notes[n["id"]] for n in out["notes"])
        assert long_rows[figure_id]["note"] == ";".join(expected), figure_id
        for location in out["locations"]:
            shown = _notes_in_cell(parsed, location["page"], location["anchor"])
            assert set(expected) <= shown, (figure_id, location["page"], shown)
        with_notes += bool(expected)
    if kind == "compute":  # conflicts over per-chip rates reach the totals computed from them
        assert with_notes > 10


def test_the_named_totals_carry_their_notes(document):
    """Totals whose notes the downloads used to drop."""
    figures = {f["id"]: f for f in document["figures"]}
    for figure_id in (
        "system:inf2.xlarge:total.compute.bf16",
        "system:trn3-gen1:total.compute.fp8",
        "system:trn2-ultraserver:total.compute.fp8",
    ):
        expected = expected_notes(figure_id)
        assert expected, f"the data gives {figure_id} no note"
        assert [n["id"] for n in figures[figure_id]["notes"]] == expected
        assert figures[figure_id]["note"]["id"] == next(n for n in expected if n != "derived")


def test_wide_csvs_carry_every_note_of_a_row(parsed, document):
    figures = {f["id"]: f for f in document["figures"]}
    text = (parsed.outdir / export.FOLDER / export.SYSTEMS_CSV).read_text(encoding="utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    for system in SPECS.systems.values():
        row = rows[f"{system.kind}:{system.id}"]
        in_row = {n for column, cell in row.items() if column.endswith(": notes") and cell for n in cell.split(";")}
        wanted = {
            n for f in figures.values() if f["entity"] == f"{system.kind}:{system.id}" for n in expected_notes(f["id"])
        }
        assert wanted <= in_row, (system.id, wanted - in_row)


# -- the sources page lists every page that uses a note --------------------------------------------
def _notes_used(parsed, page: str) -> set[str]:
    soup = parsed.html(page)
    article = soup.select_one("article")
    by_text = {" ".join(unquote(text).split()): key for key, text in SPECS.notes.items()}
    used = set()
    for item in article.select("ol.spec-notes > li > p:first-child"):
        used.add(by_text.get(" ".join(unquote(item.get_text(" ")).split())))
    for admonition in article.select("div.admonition"):
        body = " ".join(
            unquote(p.get_text(" ")) for p in admonition.find_all("p") if "admonition-title" not in p.get("class", [])
        )
        used.add(by_text.get(" ".join(body.split())))
    for value in article.select("a.spec-value.nhw-fig"):
        used.update(expected_notes(BY_ANCHOR[urldefrag(value["href"])[1]]))
    return used - {None}


def test_the_sources_page_lists_every_page_that_uses_a_note(parsed):
    sources = parsed.html("hardware/sources.html")
    missing = []
    for path in parsed.pages():
        page = path.relative_to(parsed.outdir).as_posix()
        if page in ("hardware/sources.html", RECORDS) or not page.startswith(("hardware/", "concepts/")):
            continue
        for key in _notes_used(parsed, page):
            section = sources.find(id=f"note-{key}")
            linked = {urldefrag(urljoin("hardware/sources.html", a["href"]))[0] for a in section.select("a[href]")}
            if page not in linked:
                missing.append(f"{key} on {page}")
    assert not missing, missing


@pytest.mark.parametrize("key", ["trn3-capacity-units", "exec-timeout", "inf2-ebs", "trn1-ultracluster"])
def test_notes_the_pages_discuss_are_listed_as_cited(parsed, key):
    assert key in SPECS.notes
    section = parsed.html("hardware/sources.html").find(id=f"note-{key}")
    assert "No page cites this note" not in section.get_text(), key
