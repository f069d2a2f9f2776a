"""Values the pages compute (per logical core, per instance, ridge points, weights that fit, factors
between generations) link to records of their own, as the figures of the data do: each record
gives the formula with its numbers and the figures it is computed from, each linked to that
figure's record, with the documents behind them and the places that show the value.

Expected values are computed here from the data file (``load_specs``), never read from the output.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urldefrag, urljoin

import pytest
from conftest import DATA, plain
from conftest import table_captioned as _table
from neuron_hw import ids
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
CATALOGUE = {entry.id: entry for entry in ids.catalogue(SPECS)}
RECORDS = "hardware/figure-records.html"
COMPARE = "hardware/compare.html"
INSTANCES = "hardware/neuron-instances.html"
# The tables whose every value is linked to a record, and the columns that hold values.
TABLES = {
    COMPARE: {
        "What changed from one generation to the next (per chip; compute dense)": 1,
        "Roofline ridge points per chip (dense compute \u00f7 bandwidth, both per chip)": 1,
        "Model weights that fit in device memory (per instance or UltraServer; weights only: no activations, optimizer state or KV cache)": 1,
    },
    INSTANCES: {
        "Every size as software sees it: cores and memory (default LNC)": 1,
        "Every size as software sees it: dense peaks (default LNC)": 1,
    },
}
BYTES = {"GiB": Decimal(2) ** 30, "TB/s": Decimal(10) ** 12, "GiB/s": Decimal(2) ** 30, "GB/s": Decimal(10) ** 9}
FLOPS = {"TFLOPS": Decimal(10) ** 12, "PFLOPS": Decimal(10) ** 15}


def anchor_of(figure_id: str) -> str:
    """The record anchor of any id, as the figure anchors are written (tests/test_figure_anchors.py)."""
    return "rec-" + re.sub(r"[^a-z0-9_]+", "-", figure_id.lower()).strip("-")


def number(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value.normalize():,f}"


def text_of(element) -> str:
    return plain(element.get_text(" ")).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def records_page(site):
    assert site.result.returncode == 0, site.result.stderr
    return site.html(RECORDS)


@pytest.fixture(scope="module")
def computed(records_page):
    section = records_page.find(id="records-computed")
    assert section is not None, "the records page has no section for computed values"
    return {box["id"]: box for box in section.select("div.nhw-record[id]")}


@pytest.fixture(scope="module")
def data_records(records_page):
    return {
        box["id"]: box
        for box in records_page.select("div.nhw-record[id]")
        if box.find_parent(id="records-computed") is None
    }


def _record_link(page: str, link) -> str:
    target, anchor = urldefrag(urljoin(page, link["href"]))
    assert target == RECORDS, f"{page}: {link['href']} does not lead to the records"
    return anchor


# -- every computed cell links to its record ----------------------------------------------------
@pytest.mark.parametrize(("page", "caption"), [(p, c) for p, tables in TABLES.items() for c in tables])
def test_every_value_of_the_computed_tables_links_to_an_existing_record(site, computed, data_records, page, caption):
    table = _table(site.html(page), caption)
    first = TABLES[page][caption]
    linked = 0
    for tr in table.select("tbody tr"):
        for cell in tr.find_all(["td", "th"])[first:]:
            if cell.select_one("abbr"):  # n/a or n/p: no value
                continue
            links = cell.select("a.nhw-fig")
            assert links, f"{caption}: a value without a record link: {text_of(cell)!r}"
            for link in links:
                anchor = _record_link(page, link)
                assert anchor in computed or anchor in data_records, (caption, anchor)
                linked += anchor in computed
    assert linked, f"{caption}: no computed value"


@pytest.mark.parametrize("page", [COMPARE, INSTANCES, *(f"hardware/{f.page}.html" for f in SPECS.families.values())])
def test_every_computed_value_on_a_page_links_to_a_record_that_exists(site, computed, page):
    soup = site.html(page)
    links = [a for a in soup.select("article a.nhw-fig") if "#rec-calc-" in a["href"]]
    assert links, page
    for link in links:
        assert _record_link(page, link) in computed, (page, link["href"])
        assert not link.get("id", "").startswith("fig-"), "fig- anchors are the figures of the data"


def test_every_computed_record_is_shown_somewhere_and_links_back(site, computed):
    pages: dict[str, dict] = {}  # page -> its elements by id (one walk of each page, not one per link)
    for anchor, box in computed.items():
        places = box.select("p.nhw-record-places a[href]")
        assert places, f"{anchor}: a computed record that no page shows"
        for place in places:
            page, target = urldefrag(urljoin(RECORDS, place["href"]))
            if page not in pages:
                pages[page] = {element["id"]: element for element in site.html(page).find_all(id=True)}
            element = pages[page].get(target)
            assert element is not None, (anchor, place["href"])
            link = element if element.name == "a" else element.find("a")
            assert _record_link(page, link) == anchor, (anchor, place["href"])


# -- each record's inputs are figures of the data, with their records and documents ------------
def test_every_input_links_to_a_data_record_and_its_documents_are_listed(computed, data_records):
    for anchor, box in computed.items():
        inputs = box.select("p.nhw-record-inputs a[href]")
        assert inputs, f"{anchor}: no inputs"
        sources = box.select_one("p.nhw-record-source")
        assert sources is not None, f"{anchor}: no sources"
        listed = text_of(sources)
        for link in inputs:
            target = link["href"].lstrip("#")
            assert target in data_records, (anchor, link["href"])
            # the documents behind each input, with the day each was checked, are in this record too
            for title in data_records[target].select("p.nhw-record-source a[href]"):
                assert title.get_text(strip=True) in listed, (anchor, target)
            for checked in re.findall(r"checked \d{4}-\d\d-\d\d", text_of(data_records[target])):
                assert checked in listed, (anchor, target)


def _formula(box) -> str:
    return text_of(box.select_one("p.nhw-record-kind"))


def _inputs(box) -> list[str]:
    return [a["href"].lstrip("#") for a in box.select("p.nhw-record-inputs a[href]")]


# -- values worked out here, from the data file -----------------------------------------------
def test_memory_per_logical_core_of_trainium2_at_lnc2(site, computed):
    chip = SPECS.chips["trainium2"]
    memory, cores = chip.figures["device_memory"], chip.figures["neuron_cores"]
    expected = memory.value / (cores.value / 2)
    value_id = "calc:chip:trainium2:memory-per-core:lnc2"
    box = computed[anchor_of(value_id)]
    head = text_of(box.select_one("p.nhw-record-head"))
    assert f"{number(expected)} {memory.unit}" in head and value_id in head
    formula = _formula(box)
    assert f"{number(memory.value)} {memory.unit} per chip \u00f7 {number(cores.value / 2)} logical cores" in formula
    assert formula.endswith(f"= {number(expected)} {memory.unit}.")
    assert _inputs(box) == [anchor_of("chip:trainium2:device_memory"), anchor_of("chip:trainium2:neuron_cores")]
    # the cell on the family page and on the instances page shows that value and links to this record
    for page in ("hardware/trn2-arch.html", INSTANCES):
        cells = [
            a
            for a in site.html(page).select("a.nhw-fig")
            if urldefrag(urljoin(page, a["href"]))[1] == anchor_of(value_id)
        ]
        assert cells and all(text_of(a) == f"{number(expected)} {memory.unit}" for a in cells), page


def test_logical_cores_of_trn2_48xlarge_at_lnc2(computed):
    system = SPECS.systems["trn2.48xlarge"]
    chips, per_chip = system.figures["chips"].value, SPECS.chips[system.chip].figures["neuron_cores"].value
    box = computed[anchor_of("calc:system:trn2.48xlarge:logical-cores:lnc2")]
    formula = _formula(box)
    assert f"{number(chips)} chips \u00d7 {number(per_chip)} NeuronCores per chip" in formula
    assert formula.endswith(f"\u00f7 2 (LNC=2) = {number(chips * per_chip / 2)}.")
    assert _inputs(box) == [anchor_of("system:trn2.48xlarge:chips"), anchor_of("chip:trainium2:neuron_cores")]


def test_ridge_point_of_trainium2_bf16_against_device_memory(computed):
    chip = SPECS.chips["trainium2"]
    key, rate = next((k, f) for k, f in chip.compute.items() if "BF16" in f.types and f.mode == "dense")
    bandwidth = chip.figures["memory_bandwidth"]
    ridge = rate.value * FLOPS[rate.unit] / (bandwidth.value * BYTES[bandwidth.unit])
    shown = ridge.quantize(Decimal(1), rounding=ROUND_HALF_UP) if ridge >= 100 else None
    assert shown is not None, "Trainium2's ridge point is above 100 FLOP per byte in the data"
    box = computed[anchor_of("calc:chip:trainium2:ridge:bf16:memory")]
    assert f"{number(shown)} FLOP/byte" in text_of(box.select_one("p.nhw-record-head"))
    assert _formula(box).endswith(f"= {number(shown)} FLOP/byte.")
    assert _inputs(box) == [anchor_of(f"chip:trainium2:compute.{key}"), anchor_of("chip:trainium2:memory_bandwidth")]


def test_weights_that_fit_in_trn2_48xlarge_in_bf16(computed):
    system = SPECS.systems["trn2.48xlarge"]
    memory = SPECS.chips[system.chip].figures["device_memory"]
    billions = system.figures["chips"].value * memory.value * BYTES[memory.unit] / 2 / Decimal(10) ** 9
    box = computed[anchor_of("calc:system:trn2.48xlarge:weights-fit:bf16")]
    expected = f"{number(billions.quantize(Decimal(1), rounding=ROUND_HALF_UP))} billion parameters"
    assert expected in text_of(box.select_one("p.nhw-record-head"))
    assert _inputs(box) == [anchor_of("system:trn2.48xlarge:total.device_memory")]


def test_the_device_memory_factor_between_trainium2_and_trainium(computed):
    new, old = SPECS.chips["trainium2"].figures["device_memory"], SPECS.chips["trainium"].figures["device_memory"]
    assert new.unit == old.unit
    box = computed[anchor_of("calc:chip:trainium2:factor:device_memory:vs-trainium")]
    assert _formula(box).endswith(f"= {new.value / old.value:.2f}\u00d7.")
    assert _inputs(box) == [anchor_of("chip:trainium2:device_memory"), anchor_of("chip:trainium:device_memory")]


# -- derived figures of the data show their formula ---------------------------------------------
DERIVED = sorted(figure_id for figure_id, entry in CATALOGUE.items() if entry.figure.derived)


@pytest.mark.parametrize("figure_id", DERIVED)
def test_a_derived_figure_of_the_data_gives_its_formula_and_inputs(data_records, figure_id):
    box = data_records[anchor_of(figure_id)]
    formula = _formula(box)
    figure = CATALOGUE[figure_id].figure
    assert "from the figures of its source" not in formula, f"{figure_id}: no formula"
    assert formula.endswith(f"= {number(figure.value)} {figure.unit}."), formula
    inputs = _inputs(box)
    assert inputs and all(i in data_records for i in inputs), figure_id


def test_the_sbuf_total_of_inferentia2_is_cores_times_the_cores_sbuf(data_records):
    chip = SPECS.chips["inferentia2"]
    cores, sbuf = chip.figures["neuron_cores"], SPECS.cores[chip.core].figures["sbuf"]
    assert cores.value * sbuf.value == chip.figures["sbuf_total"].value and sbuf.unit == "MiB"
    box = data_records[anchor_of("chip:inferentia2:sbuf_total")]
    assert f"{number(cores.value)} NeuronCores \u00d7 {number(sbuf.value)} MiB" in _formula(box)
    assert _inputs(box) == [anchor_of("chip:inferentia2:neuron_cores"), anchor_of(f"core:{chip.core}:sbuf")]
