"""The concept pages: MyST pages that use the extension, their generated tables and labels."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, ROOT
from contract import PAGES
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
DATA_OVERRIDE = {"neuron_hw_data": str(DATA)}
CONCEPT_PAGES = sorted(p.stem for p in (ROOT / "concepts").glob("*.md"))
# A type AWS names for no such engine: not published (its lists are incomplete, so not "not applicable").
NOT_TAKEN = "n/p"

# The labels AWS's public docs use for these topics, kept so intersphinx references resolve here.
ALIASES = {
    "neuron-rounding-modes": "data-types",
    "neuron-data-types": "data-types",
    "logical-neuroncore-config": "logical-neuroncores",
    "neuroncore-pipeline": "pipeline-and-batching",
    "neuron-batching": "pipeline-and-batching",
    "feature-custom-c++-operators": "custom-operators",
    "neuron_hw_glossary": "glossary",
}

# The originality checker lives beside the repository on the project's own machines; a clone
# anywhere else does not have it, and the test then reports itself skipped.
ORIGINALITY_CHECK = ROOT.parent / "shared" / "originality" / "check.py"


def _warnings(text: str) -> dict[str, str]:
    """``{"index.md:5": "spec role: ..."}`` from Sphinx's warning stream (file name, line, message)."""
    found = {}
    for line in text.splitlines():
        match = re.search(r"([\w.-]+\.(?:md|rst)):(\d+): WARNING: (.*)$", line)
        if match:
            found[f"{match[1]}:{match[2]}"] = match[3]
    return found


@pytest.mark.sphinx("html", testroot="myst-concepts", freshenv=True, confoverrides=DATA_OVERRIDE)
def test_myst_warns_like_rest_with_file_and_line(app):
    app.build()
    warnings = _warnings(app.warning.getvalue())
    # A bad {spec} in MyST (index.md line 5) and the same :spec: in reST (rest.rst line 4).
    assert "has no value 'hbm_capacity'" in warnings["index.md:5"]
    assert warnings["index.md:5"] == warnings["rest.rst:4"]
    # A directive fence with an unknown id (index.md line 10) and the reST directive (rest.rst line 6).
    assert "unknown NeuronCore 'v9'" in warnings["index.md:10"]
    assert warnings["index.md:10"] == warnings["rest.rst:6"]
    assert len(warnings) == 4, warnings


@pytest.mark.sphinx("html", testroot="myst-concepts", freshenv=True, confoverrides=DATA_OVERRIDE)
def test_myst_renders_roles_and_directive_fences(app):
    app.build()
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    values = [span.get_text() for span in index.select("span.spec-value")]
    assert values == [SPECS.chips["trainium2"].figures["device_memory"].text()]
    captions = [c.get_text(" ", strip=True) for c in index.select("table caption .caption-text")]
    assert captions == ["NeuronCore-v3 (AWS Trainium2): data types by engine"]


def _soup(site, page: str) -> BeautifulSoup:
    return site.html(f"concepts/{page}.html")


def _table_cells(table) -> tuple[list[str], dict[str, list[str]]]:
    header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return header, rows


def test_site_builds(site):
    assert site.result.returncode == 0, site.result.stderr


@pytest.mark.parametrize("page", CONCEPT_PAGES)
def test_concept_page_renders_its_data(site, page):
    soup = _soup(site, page)
    article = soup.select_one("article")
    reviewed = re.search(
        r"^reviewed: (\S+)$", (ROOT / "concepts" / f"{page}.md").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert reviewed is not None, "every concept page records when it was last reviewed"
    assert soup.select_one(".last-reviewed time")["datetime"] == reviewed.group(1)
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None and len(description["content"]) > 50
    assert not article.select(".spec-error"), "a {spec} role did not resolve"
    if page != "index":
        assert article.select("p.spec-sources"), "every concept page names its sources"


# Generated tables each page must show: (caption prefix, how many).
GENERATED = {
    "data-types": [(f"{core.name} (", 1) for core in SPECS.cores.values()] + [("Rounding modes by chip", 1)],
}
# Pages whose figures come from {spec} roles, with at least this many values rendered.
SPEC_VALUES = {
    "glossary": 5,
    "data-types": 4,
    "logical-neuroncores": 12,
    "memory-hierarchy": 30,
    "allocation-and-topology": 15,
    "pipeline-and-batching": 6,
    "custom-operators": 7,
    "gpu-to-neuron": 4,
}


@pytest.mark.parametrize("page", sorted(GENERATED))
def test_concept_page_renders_generated_tables(site, page):
    captions = [c.get_text(" ", strip=True) for c in _soup(site, page).select("table caption .caption-text")]
    for prefix, count in GENERATED[page]:
        assert sum(c.startswith(prefix) for c in captions) == count, (prefix, captions)


@pytest.mark.parametrize("page", sorted(SPEC_VALUES))
def test_concept_page_renders_spec_values(site, page):
    values = _soup(site, page).select("article .spec-value")  # a figure is a link to its record
    assert len(values) >= SPEC_VALUES[page]
    assert all(v.get_text(strip=True) for v in values)


def test_data_type_matrix_equals_the_data(site):
    """Every cell of every generation's matrix, computed here from the engines' inputs and outputs."""
    tables = {
        t.select_one("caption .caption-text").get_text(" ", strip=True): t
        for t in _soup(site, "data-types").select("table")
        if t.select_one("caption .caption-text")
    }
    for core in SPECS.cores.values():
        table = next(t for caption, t in tables.items() if caption.startswith(f"{core.name} ("))
        header, rows = _table_cells(table)
        engines = list(core.engines.values())
        assert header == ["Data type", *(e.name for e in engines)]
        named = {t for e in engines for t in (*e.inputs, *e.outputs)}
        assert set(rows) == named, core.id
        for dtype, cells in rows.items():
            for engine, marked in zip(engines, cells, strict=True):
                cell = re.sub(r" \[\d+\]$", "", marked)
                # An engine whose type list carries a note cites it in every cell of its column.
                assert (cell != marked) == (engine.note is not None), (core.id, engine.id, marked)
                if engine.outputs:
                    expected = [r for r, ts in (("input", engine.inputs), ("output", engine.outputs)) if dtype in ts]
                    assert cell == (" and ".join(expected) or NOT_TAKEN), (core.id, engine.id, dtype)
                else:
                    assert cell == ("yes" if dtype in engine.inputs else NOT_TAKEN), (core.id, engine.id, dtype)


def test_rounding_table_equals_the_data(site):
    table = next(
        c.find_parent("table")
        for c in _soup(site, "data-types").select("table caption .caption-text")
        if c.get_text(strip=True) == "Rounding modes by chip"
    )
    _, rows = _table_cells(table)
    assert set(rows) == {chip.name for chip in SPECS.chips.values()}
    for chip in SPECS.chips.values():
        core, rne, sr = rows[chip.name]
        assert core == SPECS.cores[chip.core].name
        assert rne == ("yes" if "round to nearest even" in chip.rounding else "no")
        assert sr == ("yes" if "stochastic rounding" in chip.rounding else "no")


def test_aws_labels_are_aliases_in_objects_inv(site):
    labels = site.labels()
    for label, page in ALIASES.items():
        assert label in labels, f"label {label!r} missing from objects.inv"
        location = labels[label]
        assert location.startswith(f"concepts/{page}.html"), f"{label!r} points to {location}"


def test_glossary_terms_are_unique_and_defined(site):
    glossary = _soup(site, "glossary").select("dl.glossary")
    assert glossary, "the glossary page has no Sphinx glossary"
    terms = []
    for dl in glossary:
        for dt in dl.find_all("dt", recursive=False):
            term = dt.get_text(" ", strip=True).rstrip("¶#").strip()
            assert term, "an empty glossary term"
            terms.append(term.lower())
        for dd in dl.find_all("dd", recursive=False):
            assert dd.get_text(strip=True), "a glossary term without a definition"
    duplicates = sorted({t for t in terms if terms.count(t) > 1})
    assert not duplicates, duplicates
    for required in ("neuroncore", "logical neuroncore", "lnc", "sbuf", "psum", "hbm", "neuronlink", "neuronswitch"):
        assert required in terms, required
    for required in ("cc-core", "dma engine", "dge", "gpsimd", "efa", "ultraserver", "ultracluster", "cfp8"):
        assert required in terms, required
    for required in ("mxfp8", "mxfp4", "tf32", "rne", "stochastic rounding", "neff", "nki", "neuron device"):
        assert required in terms, required


def test_concept_index_is_linked_from_the_landing_page(site):
    links = [a.get("href", "") for a in site.html("index.html").select("article a")]
    assert any(href.startswith("concepts/index.html") for href in links)


@pytest.mark.skipif(
    not ORIGINALITY_CHECK.exists(),
    reason=f"skipped: the originality checker is not beside this clone ({ORIGINALITY_CHECK})",
)
def test_every_page_passes_the_originality_check():
    """No page shares a run of words with AWS's documentation, except the hardware index, whose
    card titles and descriptions are kept as they were given (the site's contract)."""
    written = [ROOT / "index.rst", *(ROOT / "concepts").glob("*.md"), *(ROOT / "hardware").glob("*.rst")]
    pages = sorted(str(p.relative_to(ROOT)) for p in written if p != ROOT / "hardware" / "index.rst")
    result = subprocess.run(
        [sys.executable, str(ORIGINALITY_CHECK), *pages], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("page", [p for p in PAGES if p != "sources"])
def test_each_hardware_page_links_a_concept(site, page):
    """The hardware pages send readers to the concept that explains a term they use."""
    links = [a["href"] for a in site.html(f"hardware/{page}.html").select("article a[href]")]
    assert any("concepts/" in href for href in links), f"{page} links no concept page"
