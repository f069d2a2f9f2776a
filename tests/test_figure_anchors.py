"""Stable links to figures: anchors from ids, unique per page, matching the JSON; ids never vanish."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import DATA
from neuron_hw import export, ids
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
COMMITTED = Path(__file__).with_name("figure_ids.txt")
REGENERATE = ".venv/bin/python _ext/neuron_hw/ids.py > tests/figure_ids.txt"


def test_no_id_disappears_unless_it_is_an_alias():
    current = {entry.id for entry in ids.catalogue(SPECS)}
    committed = set(COMMITTED.read_text(encoding="utf-8").split())
    gone = sorted(committed - current - set(ids.ALIASES))
    assert not gone, f"figure ids removed without an alias in ids.ALIASES: {gone}"
    assert all(new in current for new in ids.ALIASES.values()), "an alias points at an id that does not exist"
    new = sorted(current - committed)
    assert not new, f"new figure ids: add them to the committed list with `{REGENERATE}`: {new}"


def test_anchors_are_valid_html_ids_and_distinct():
    anchors = [ids.anchor(entry.id) for entry in ids.catalogue(SPECS)]
    assert len(anchors) == len(set(anchors))
    assert all(a.startswith("fig-") and a.isascii() and not any(c.isspace() for c in a) for a in anchors)


def test_every_anchor_on_the_pages_resolves_and_matches_a_json_id(site):
    document = json.loads((site.outdir / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))
    by_anchor = {f["anchor"]: f for f in document["figures"]}
    seen = 0
    ids_on = {}  # page -> Counter of its ids, parsed once
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        soup = site.html(page)
        page_ids = ids_on[page] = Counter(tag["id"] for tag in soup.select("[id]"))
        anchors = [tag["id"] for tag in soup.select('[id^="fig-"]')]
        for anchor in anchors:
            assert anchor in by_anchor, f"{page}: #{anchor} is not a figure id of the JSON"
            assert page_ids[anchor] == 1, f"{page}: #{anchor} appears twice"
            locations = {(loc["page"], loc["anchor"]) for loc in by_anchor[anchor]["locations"]}
            assert (page, anchor) in locations, f"{page}: #{anchor} is missing from the JSON's locations"
            seen += 1
    assert seen > 300
    # and every location the JSON gives exists
    for figure in document["figures"]:
        for loc in figure["locations"]:
            assert ids_on[loc["page"]][loc["anchor"]] == 1, loc["url"]


def test_table_cells_and_inline_values_carry_anchors(site):
    soup = site.html("hardware/trainium2.html")
    cell = soup.find(id="fig-chip-trainium2-device_memory")
    assert cell is not None and cell.find_parent("td") is not None
    inline = site.html("concepts/memory-hierarchy.html").find(id="fig-chip-trainium2-device_memory")
    assert inline is not None and "spec-value" in inline["class"]
    total = site.html("hardware/trn2-arch.html").find(id="fig-system-trn2-48xlarge-total-device_memory")
    assert total is not None


# Figures of the JSON that no page shows, by name, with the reason (the JSON says the same in
# ``not_shown``).  AWS's published totals of instances and UltraServers: the pages show the total
# this site computes (``system:<id>:total.<key>``) in their place; a published total that carries a
# conflict note is shown on the sources page, and so is not listed here.
NOT_SHOWN_REASON = "AWS's total as published; the pages show the computed total"
NOT_SHOWN = {
    f"system:{system}:published.{key}": NOT_SHOWN_REASON
    for system, keys in {
        "inf1.xlarge": ("compute.bf16", "compute.int8", "device_memory", "memory_bandwidth"),
        "inf1.2xlarge": ("compute.bf16", "compute.int8", "device_memory", "memory_bandwidth"),
        "inf1.6xlarge": ("compute.bf16", "compute.int8", "device_memory", "memory_bandwidth"),
        "inf1.24xlarge": ("compute.bf16", "compute.int8", "device_memory", "memory_bandwidth"),
        "inf2.xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "inf2.8xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "inf2.24xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "inf2.48xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn1.2xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn1.32xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn1n.32xlarge": ("compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn2.48xlarge": (
            "compute.fp8",
            "compute.bf16",
            "compute.sparse",
            "compute.fp32",
            "device_memory",
            "memory_bandwidth",
        ),
        "trn2u.48xlarge": (
            "compute.fp8",
            "compute.bf16",
            "compute.sparse",
            "compute.fp32",
            "device_memory",
            "memory_bandwidth",
        ),
        # the UltraServer's fp8 and bf16 totals carry notes: the sources page shows them
        "trn2-ultraserver": ("compute.sparse", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn3-gen1": ("compute.fp8", "compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
        "trn3-gen2": ("compute.fp8", "compute.bf16", "compute.fp32", "device_memory", "memory_bandwidth"),
    }.items()
    for key in keys
}


def test_every_figure_a_page_shows_has_a_url(site):
    """A figure without a url is one no page shows; those are listed above with the reason, and the
    JSON says why in ``not_shown``.  A figure shown only inside a composed cell (an engine's
    throughput, a converted value, a level or sizing cell, the sources page) needs its anchor too."""
    document = json.loads((site.outdir / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))
    without = {f["id"]: f for f in document["figures"] if f["url"] is None}
    unexplained = sorted(set(without) - set(NOT_SHOWN))
    assert not unexplained, f"figures without an anchor on any page, and not listed as not shown: {unexplained}"
    now_shown = sorted(set(NOT_SHOWN) - set(without))
    assert not now_shown, f"listed as not shown but a page shows them now: take them off NOT_SHOWN: {now_shown}"
    for figure_id, reason in NOT_SHOWN.items():
        assert without[figure_id].get("not_shown", "").startswith(reason), figure_id
    shown = [f for f in document["figures"] if f["url"] is not None]
    assert all(f.get("not_shown") is None for f in shown)


def test_composed_cells_carry_anchors(site):
    """Figures inside composed cells: the value's own element carries the anchor, once per page."""
    compare = site.html("hardware/compare.html")
    # a chip figure published in another unit than its row's (Inferentia2's GB/s NeuronLink in a
    # GB/s row is plain; Trainium's GiB/s memory bandwidth in the TB/s row is converted)
    converted = compare.find(id="fig-chip-trainium-memory_bandwidth")
    assert converted is not None and converted.find_parent("td") is not None
    cores = compare.find(id="fig-chip-trainium2-neuron_cores")
    assert cores is not None and cores.find_parent("td") is not None
    # the LNC sizes cell shows the largest size software accepts
    trn2 = site.html("hardware/trn2-arch.html")
    largest = trn2.find(id="fig-software-neuron-lnc-largest-size")
    assert largest is not None and largest.get_text() == "2"
    # an engine's throughput inside the engines table's composed cell
    v3 = site.html("hardware/neuron-core-v3.html")
    rate = v3.find(id="fig-core-v3-tensor-dense-bf16")
    assert rate is not None and rate.find_parent("td") is not None
    # a per-level cell that shows a published per-chip figure as it is
    per_level = trn2.find(id="fig-chip-trainium2-device_memory")
    assert per_level is not None
