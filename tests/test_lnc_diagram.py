"""Logical NeuronCore numbering drawing: numbers computed from the data, accessible, small, stable."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import DATA
from neuron_hw import diagrams_lnc
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
MINI = Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml"


def drawn(specs, system_id: str) -> tuple[diagrams_lnc.Numbering, str]:
    parts = diagrams_lnc.numbering(specs, specs.systems[system_id])
    assert parts is not None
    svg = diagrams_lnc.render(parts, ident="lnc-x", title="t", description=diagrams_lnc.describe(parts))
    return parts, svg


def test_each_device_owns_its_block_of_logical_core_numbers_at_each_size():
    system = SPECS.systems["trn2.48xlarge"]
    chip = SPECS.chips[system.chip]
    devices = int(system.figures["chips"].value)
    physical = int(chip.figures["neuron_cores"].value)
    _, svg = drawn(SPECS, "trn2.48xlarge")
    soup = BeautifulSoup(svg, "html.parser")
    shown = [int(g["data-device"]) for g in soup.select("g.nhd-lnc__device")]
    assert shown == [0, 1, devices - 1]
    for group in soup.select("g.nhd-lnc__device"):
        d = int(group["data-device"])
        lnc1 = [int(g["data-lnc1"]) for g in group.select("[data-lnc1]")]
        lnc2 = [int(t["data-lnc2"]) for t in group.select("[data-lnc2]")]
        assert sorted(lnc1) == list(range(physical * d, physical * d + physical))  # 8d ... 8d+7
        assert sorted(lnc2) == list(range(physical // 2 * d, physical // 2 * (d + 1)))  # 4d ... 4d+3
        heading = group.find("text", class_="nhd-lnc__owned").text
        assert f"LNC=2: {physical // 2 * d}–{physical // 2 * d + physical // 2 - 1}" in heading
        assert f"LNC=1: {physical * d}–{physical * d + physical - 1}" in heading


def test_the_rule_and_what_is_not_documented_are_in_the_drawing_and_its_description():
    parts, svg = drawn(SPECS, "trn2.48xlarge")
    soup = BeautifulSoup(svg, "html.parser")
    words = " ".join(t.text for t in soup.find_all("text"))
    assert "4d to 4d+3 at LNC=2" in words and "8d to 8d+7 at LNC=1" in words
    assert "Not documented" in words
    description = soup.find("desc").text
    assert "does not document which physical core carries which number" in description
    assert "the cores that share a stack make one logical core" in description
    assert parts.grouped  # the data says how many cores share a stack: the pairs are drawn under their stack


def test_the_drawing_is_accessible_small_and_the_same_every_time():
    _, first = drawn(SPECS, "trn2.48xlarge")
    _, second = drawn(load_specs(DATA), "trn2.48xlarge")
    assert first == second
    assert len(first.encode()) < 30 * 1024
    svg = BeautifulSoup(first, "html.parser").svg
    assert svg["role"] == "img"
    title, desc = svg["aria-labelledby"].split()
    assert svg.find(id=title).name == "title" and svg.find(id=desc).name == "desc"
    assert float(svg["width"]) <= 340


def test_a_changed_count_changes_the_drawing(tmp_path):
    text = MINI.read_text(encoding="utf-8")
    block = text.index("[chips.beta]")
    old, new = 'neuron_cores = { value = 4, unit = "count" }', 'neuron_cores = { value = 6, unit = "count" }'
    assert old in text[block:]
    copy = tmp_path / "mini.toml"
    copy.write_text(text[:block] + text[block:].replace(old, new, 1), encoding="utf-8")
    before, svg_before = drawn(load_specs(MINI), "fb.large")
    after, svg_after = drawn(load_specs(copy), "fb.large")
    assert (before.cores, after.cores) == (4, 6)
    assert svg_before != svg_after
    soup = BeautifulSoup(svg_after, "html.parser")
    last = soup.select("g.nhd-lnc__device")[-1]
    d = int(last["data-device"])
    assert d == after.devices - 1
    assert sorted(int(g["data-lnc1"]) for g in last.select("[data-lnc1]")) == list(range(6 * d, 6 * d + 6))
    assert sorted(int(t["data-lnc2"]) for t in last.select("[data-lnc2]")) == list(range(3 * d, 3 * d + 3))
    assert "3d to 3d+2 at LNC=2" in svg_after


def test_an_instance_without_logical_neuroncores_is_not_drawn():
    assert diagrams_lnc.numbering(SPECS, SPECS.systems["trn1.32xlarge"]) is None
