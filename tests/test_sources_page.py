"""The sources and discrepancies page: every source and note of the data, and where each note is cited."""

from __future__ import annotations

import pytest
from conftest import DATA
from neuron_hw import ids, note_titles
from neuron_hw.data import load_specs
from neuron_hw.loader import SpecError

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


# -- The notes' reader titles (_data/note-titles.toml) ----------------------------------------------
def test_every_note_of_the_data_has_a_reader_title_and_group():
    notes = set(load_specs(DATA).notes)
    titles = note_titles.load_titles(note_titles.titles_path(DATA), notes)
    assert sorted(notes - titles.keys()) == [], "notes without a title in note-titles.toml"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('no-such-note = { group = "chips", title = "A title" }', "no note of the data file has this key"),
        ('generation = { group = "gpus", title = "A title" }', "group 'gpus' is not one of chips, cores"),
        ('generation = { group = "chips", title = "" }', "the title must be text of 1 to 120 characters"),
        ('generation = "A title"', 'expected { group = "...", title = "..." }'),
    ],
)
def test_a_bad_title_entry_is_named_with_its_file_and_key(tmp_path, entry, expected):
    path = tmp_path / note_titles.FILE_NAME
    path.write_text(entry + "\n", encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        note_titles.load_titles(path, set(load_specs(DATA).notes))
    key = entry.split(" ", 1)[0]
    assert str(path) in str(raised.value) and f"[{key}]" in str(raised.value) and expected in str(raised.value)


def test_a_project_without_titles_lists_its_notes_by_their_first_sentence(tmp_path):
    assert note_titles.load_titles(tmp_path / note_titles.FILE_NAME, {"any"}) == {}
    assert note_titles.fallback_title("First sentence here. Second one.") == "First sentence here"
