"""Fixes from the review of the instance and device pages: sources, labels, units, notes."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, plain
from conftest import table_captioned as _table
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
HARDWARE_PAGES = sorted(p.stem for p in (ROOT / "hardware").glob("*.rst"))

# Every label the public AWS hardware pages define, with the page of this site it belongs to. From
# `git grep -h "^\.\. _" 81ce03ae261e12925e53437a0f690478e6366155 -- about-neuron/arch/neuron-hardware/`
# in aws-neuron/aws-neuron-sdk (the commit the site cites): 19 labels on 14 pages.
UPSTREAM_HARDWARE_LABELS = {
    "aws-inf1-arch": "inf1-arch",
    "inf1-arch": "inf1-arch",
    "aws-inf2-arch": "inf2-arch",
    "inferentia-arch": "inferentia",
    "inferentia2-arch": "inferentia2",
    "neuroncores-v1-arch": "neuron-core-v1",
    "neuroncores-v2-arch": "neuron-core-v2",
    "neuroncores-v3-arch": "neuron-core-v3",
    "neuroncores-v4-arch": "neuron-core-v4",
    "trainium-arch": "trainium",
    "trainium2-arch": "trainium2",
    "trainium3-arch": "trainium3",
    "aws-trn1-arch": "trn1-arch",
    "trn1-arch": "trn1-arch",
    "aws-trn2-arch": "trn2-arch",
    "trn2-arch": "trn2-arch",
    "trn2-instance": "trn2-arch",
    "trn2-ultraserver": "trn2-arch",
    "aws-trn3-arch": "trn3-arch",
}

# The pages this review covered: every section with content of its own carries a sources line.
REVIEWED_PAGES = ["inf1-arch", "inf2-arch", "trn1-arch", "trn2-arch", "trn3-arch", "neuron-instances", "neuron-devices"]
SOURCE_URLS = {entry["url"] for entry in SPECS.sources.values()}


def test_upstream_label_list_has_nineteen_labels():
    assert len(UPSTREAM_HARDWARE_LABELS) == 19


def test_every_upstream_hardware_label_is_in_objects_inv(site):
    labels = site.labels()
    for label, page in UPSTREAM_HARDWARE_LABELS.items():
        assert label in labels, f"label {label!r} missing from objects.inv"
        location = labels[label]
        assert location.startswith(f"hardware/{page}.html"), f"{label!r} points to {location}"


def _sources_paragraphs(node) -> list:
    return [p for p in node.find_all("p") if p.get_text(" ", strip=True).startswith("Sources:")]


def _own(section) -> list:
    """The elements of a section that are not inside one of its subsections."""
    return [el for el in section.find_all(True) if el.find_parent("section") is section]


@pytest.mark.parametrize("page", HARDWARE_PAGES)
def test_page_with_a_table_or_code_block_has_a_sources_line(site, page):
    article = site.html(f"hardware/{page}.html").select_one("article")
    if article.find("table") or article.select("div.highlight, pre"):
        assert _sources_paragraphs(article), f"{page}: tables or code blocks but no 'Sources:' line"


@pytest.mark.parametrize("page", REVIEWED_PAGES)
def test_every_section_with_content_has_a_sources_line(site, page):
    article = site.html(f"hardware/{page}.html").select_one("article")
    missing = []
    for section in article.find_all("section")[1:]:  # the first is the page itself (title and intro)
        if section.get("id") == "related-pages":
            continue
        own = [
            el for el in _own(section) if el.parent is section and el.name not in ("h2", "h3", "h4", "span", "section")
        ]
        if own and not [p for p in _sources_paragraphs(section) if p.find_parent("section") is section]:
            missing.append(section.get("id"))
    assert not missing, f"{page}: sections without a 'Sources:' line: {missing}"


@pytest.mark.parametrize("page", HARDWARE_PAGES)
def test_sources_lines_link_only_to_the_data_files_sources(site, page):
    for para in _sources_paragraphs(site.html(f"hardware/{page}.html")):
        links = para.find_all("a", href=True)
        assert links, f"{page}: a 'Sources:' line without links"
        unknown = [a["href"] for a in links if a["href"] not in SOURCE_URLS]
        assert not unknown, f"{page}: source links not in [sources] of the data file: {unknown}"


def _grid(table) -> list[list]:
    return [tr.find_all(["th", "td"]) for tr in table.select("tr")]


def _note_texts(soup: BeautifulSoup, cell) -> list[str]:
    return [soup.find(id=a["href"].lstrip("#")).p.get_text(" ", strip=True) for a in cell.select("a.spec-note-ref")]


def test_all_sizes_table_counts_physical_and_logical_cores(site):
    caption = "Choose an instance: every size and UltraServer (sort and filter)"
    # a copy: the page's tree is shared by the tests, and this one drops the note markers
    grid = _grid(copy.copy(_table(site.html("hardware/neuron-instances.html"), caption)))
    header = [c.get_text(" ", strip=True) for c in grid[0]]
    physical, logical = header.index("Physical cores"), header.index("Cores seen (default LNC)")
    rows = {row[0].get_text(" ", strip=True): row for row in grid[1:]}
    trn2 = SPECS.systems["trn2.48xlarge"]
    for ref in grid[0][0].find_parent("table").select("a.spec-note-ref"):
        ref.decompose()  # the value without its note markers
    assert rows["trn2.48xlarge"][physical].get_text(strip=True) == f"{SPECS.physical_cores(trn2):,}"
    assert rows["trn2.48xlarge"][logical].get_text(strip=True) == f"{SPECS.logical_cores(trn2):,}"
    assert rows["Trn3 Gen1 UltraServer"][logical].get_text(" ", strip=True).startswith("n/p")


def test_totals_carry_the_per_chip_figures_note(site):
    for page, caption, system, note in [
        ("trn2-arch", "Trn2 sizes (per instance or UltraServer)", "trn2.48xlarge", "trainium2-hbm-bw"),
        ("trn3-arch", "Trn3 sizes (per instance or UltraServer)", "Trn3 Gen1 UltraServer", "trainium3-hbm-bw"),
    ]:
        soup = site.html(f"hardware/{page}.html")
        grid = _grid(_table(soup, caption))
        column = next(i for i, c in enumerate(grid[0]) if c.get_text(" ", strip=True).startswith(system))
        row = next(r for r in grid if r[0].get_text(strip=True) == "Device memory bandwidth")
        assert plain(SPECS.notes[note]) in map(plain, _note_texts(soup, row[column])), f"{page}: {system}"


def test_unpublished_totals_are_marked_computed(site):
    soup = site.html("hardware/trn3-arch.html")
    grid = _grid(_table(soup, "Trn3 sizes (per instance or UltraServer)"))
    sparse = next(r for r in grid if "(sparse)" in r[0].get_text(strip=True))
    for cell in sparse[1:]:
        assert plain(SPECS.notes["derived"]) in map(plain, _note_texts(soup, cell))


def test_trn2u_cells_say_what_is_published(site):
    soup = site.html("hardware/trn2-arch.html")
    grid = _grid(_table(soup, "Trn2 sizes (per instance or UltraServer)"))
    column = next(i for i, c in enumerate(grid[0]) if c.get_text(" ", strip=True).startswith("trn2u.48xlarge"))
    rows = {r[0].get_text(strip=True): r for r in grid}
    assert rows["Host CPU"][column].get_text(strip=True) == "n/p"
    inter = SPECS.systems["trn2u.48xlarge"].figures["neuronlink_inter"]
    assert rows["NeuronLink between servers, per chip"][column].get_text(" ", strip=True).startswith(inter.text())


def test_docker_examples_use_no_neuron_runtime_flag():
    text = (ROOT / "hardware" / "neuron-devices.rst").read_text(encoding="utf-8")
    assert "--runtime=neuron" not in text


def test_kangaring_figures_are_not_attributed_to_trn1():
    assert not [fid for fid in SPECS.figures if "trn1" in fid and "kangaring" in fid]
    trn1 = (ROOT / "hardware" / "trn1-arch.rst").read_text(encoding="utf-8")
    assert "kangaring" not in trn1 and "ring-hop-latency" not in trn1


def test_efa_note_makes_no_guess():
    systems = [s for s in SPECS.systems.values() if s.figures.get("network") and s.figures["network"].note]
    notes = {s.figures["network"].note for s in systems}
    assert notes and not any("probably" in SPECS.notes[n] for n in notes)
