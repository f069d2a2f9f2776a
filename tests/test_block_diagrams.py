"""Chip and NeuronCore block drawings: drawn from the data, accessible, small and reproducible."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import DATA
from mini_data import MINI, mini_with
from neuron_hw import diagrams_chip, diagrams_core
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
MAX_BYTES = 30_000


def chip_svg(specs, chip_id: str) -> BeautifulSoup:
    parts = diagrams_chip.chip_parts(specs, specs.chips[chip_id])
    svg = diagrams_chip.render(parts, ident=f"chip-{chip_id}", title="t", description=diagrams_chip.describe(parts))
    return BeautifulSoup(svg, "html.parser")


def core_svg(specs, core_id: str) -> BeautifulSoup:
    parts = diagrams_core.core_parts(specs, specs.cores[core_id])
    svg = diagrams_core.render(parts, ident=f"core-{core_id}", title="t", description=diagrams_core.describe(parts))
    return BeautifulSoup(svg, "html.parser")


def test_trainium2_has_one_block_per_core_and_per_hbm_stack():
    chip = SPECS.chips["trainium2"]
    svg = chip_svg(SPECS, "trainium2")
    cores = svg.select("[data-core]")
    assert len(cores) == int(chip.figures["neuron_cores"].value)
    assert all(SPECS.cores[chip.core].name.partition("-")[0] in g.text for g in cores)
    assert len(svg.select("[data-stack]")) == int(chip.figures["hbm_stacks"].value)
    assert len(svg.select("[data-port]")) == int(chip.figures["neuronlink_ports"].value)
    # The pairing is published for Trainium2: each stack is as tall as the cores that share it.
    share = int(SPECS.figures["chip:trainium2:cores-per-hbm-stack"].figure.value)
    stack = float(svg.select_one("[data-stack] rect")["height"])
    core = float(svg.select_one("[data-core] rect")["height"])
    assert stack > core * (share - 0.5)


@pytest.mark.parametrize("chip_id", sorted(SPECS.chips))
def test_every_chip_drawing_counts_what_the_data_counts(chip_id):
    chip = SPECS.chips[chip_id]
    svg = chip_svg(SPECS, chip_id)
    assert len(svg.select("[data-core]")) == int(chip.figures["neuron_cores"].value)
    stacks = chip.figures.get("hbm_stacks")
    assert len(svg.select("[data-stack]")) == (int(stacks.value) if stacks else 0)
    description = svg.find("desc").text
    for key, words in (("dma_engines", "DMA engines"), ("cc_cores", "collective-communication cores")):
        figure = chip.figures.get(key)
        if figure is None:
            assert "not published" in description and words in description
        else:
            assert f"{int(figure.value)} {words}" in description
    assert "PCIe" in description  # not drawn, and the description says so


@pytest.mark.parametrize("core_id", sorted(SPECS.cores))
def test_every_core_drawing_shows_its_sbuf_and_psum_as_the_data_gives_them(core_id):
    core = SPECS.cores[core_id]
    svg = core_svg(SPECS, core_id)
    engines = [g["data-engine"] for g in svg.select("[data-engine]")]
    assert engines == [e for e in ("tensor", "vector", "scalar", "gpsimd") if e in core.engines]
    for key in ("sbuf", "psum"):
        figure = core.figures.get(key)
        block = svg.select_one(f'[data-memory="{key}"]')
        if figure is None:
            assert block is None or "not published" in block.text
            continue
        assert f"{key.upper()} {figure.text()}" in block.text
        partitions = core.figures.get("partitions")
        if partitions:
            assert f"{int(partitions.value)} partitions" in block.text
    paths = svg.select("line.nhd-blocks__path")
    if "sbuf" in core.figures and "psum" in core.figures:
        # DMA, then SBUF -> Tensor -> PSUM one way, Vector and Scalar both ways to both, GPSIMD to SBUF only.
        expected = 1 + sum({"tensor": 2, "vector": 2, "scalar": 2, "gpsimd": 1}[e] for e in engines)
        assert len(paths) == expected
        one_way = [p for p in paths if not p.has_attr("marker-start")]
        assert len(one_way) == (2 if "tensor" in engines else 0)
    else:
        assert not paths
        assert "no data paths are drawn" in svg.find("desc").text


def test_a_changed_count_in_the_data_changes_the_drawing(tmp_path):
    before = load_specs(MINI)
    after = mini_with(
        tmp_path,
        ('neuron_cores = { value = 4, unit = "count" }', 'neuron_cores = { value = 6, unit = "count" }'),
        ('hbm_stacks = { value = 2, unit = "count" }', 'hbm_stacks = { value = 4, unit = "count" }'),
        ('value = 16\nunit = "GiB"', 'value = 8\nunit = "GiB"'),  # per stack, so that the total stays 32 GiB
    )
    old, new = chip_svg(before, "beta"), chip_svg(after, "beta")
    assert len(old.select("[data-core]")) == 4 and len(new.select("[data-core]")) == 6
    assert len(old.select("[data-stack]")) == 2 and len(new.select("[data-stack]")) == 4
    assert "HBM 8\u00a0GiB" in new.text


def test_a_changed_size_in_the_data_changes_the_core_drawing(tmp_path):
    after = mini_with(
        tmp_path,
        ('sbuf = { value = 24, unit = "MiB" }', 'sbuf = { value = 32, unit = "MiB" }'),
        ('value = 192\nunit = "KiB"', 'value = 256\nunit = "KiB"'),  # per partition, so that 128 x it is the total
    )
    assert "SBUF 24\u00a0MiB" in core_svg(load_specs(MINI), "c2").text
    assert "SBUF 32\u00a0MiB" in core_svg(after, "c2").text
    assert "128 partitions \u00d7 256\u00a0KiB" in core_svg(after, "c2").text


DRAWINGS = [("chip", c) for c in sorted(SPECS.chips)] + [("core", c) for c in sorted(SPECS.cores)]


@pytest.mark.parametrize(("kind", "entity"), DRAWINGS)
def test_every_drawing_is_named_described_small_and_reproducible(kind, entity):
    draw = chip_svg if kind == "chip" else core_svg
    first, second = str(draw(SPECS, entity)), str(draw(SPECS, entity))
    assert first == second
    assert len(first.encode()) < MAX_BYTES
    svg = BeautifulSoup(first, "html.parser").svg
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == f"{kind}-{entity}-title {kind}-{entity}-desc"
    assert svg.find("title", id=f"{kind}-{entity}-title").text
    assert len(svg.find("desc", id=f"{kind}-{entity}-desc").text) > 40
    assert float(svg["width"]) <= 352  # a phone's column: never scaled down, so text stays >= 11 px
    assert "<script" not in first and "style=" not in first  # colours come from the theme's CSS


CHIP_PAGES = {chip_id: f"hardware/{chip.page}.html" for chip_id, chip in SPECS.chips.items()}
CORE_PAGES = {core_id: f"hardware/{core.page}.html" for core_id, core in SPECS.cores.items()}


def test_every_chip_and_core_page_carries_its_drawing_with_a_sources_line(site):
    for kind, pages in (("chip", CHIP_PAGES), ("core", CORE_PAGES)):
        for entity, page in pages.items():
            soup = site.html(page)
            svg = soup.find("svg", attrs={"aria-labelledby": f"{kind}-{entity}-title {kind}-{entity}-desc"})
            assert svg is not None, page
            caption = svg.find_parent("figure").find("figcaption")
            assert re.search(r"Sources: \S", caption.get_text(" ", strip=True)), page
