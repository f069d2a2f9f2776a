"""Stable links to figures (issue 13): anchors from ids, unique per page, matching the JSON; ids never vanish."""

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
