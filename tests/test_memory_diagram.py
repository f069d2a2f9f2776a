"""Memory-hierarchy drawing: every number is a figure of the data, accessible, small and stable."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from conftest import DATA
from mini_data import MINI, mini_with
from neuron_hw import diagrams_memory
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)


def drawn(specs) -> tuple[diagrams_memory.Hierarchy, BeautifulSoup, str]:
    parts = diagrams_memory.hierarchy(specs)
    svg = diagrams_memory.render(parts, ident="memory-x", title="t", description=diagrams_memory.describe(parts))
    return parts, BeautifulSoup(svg, "html.parser"), svg


def lines(row, level: str) -> list[str]:
    return [t.text for t in row.select_one(f'[data-level="{level}"]').find_all("text")]


def test_every_box_holds_the_data_figures_with_their_units_and_scope():
    _, soup, _ = drawn(SPECS)
    rows = soup.select("g.nhd-memory__row")
    assert [r["data-chip"] for r in rows] == [c.name.removeprefix("AWS ") for c in SPECS.chips.values()]
    for row, chip in zip(rows, SPECS.chips.values(), strict=True):
        device = lines(row, "device")
        capacity, rate = chip.figures.get("device_memory"), chip.figures.get("memory_bandwidth")
        assert device[0].rstrip("*") == f"{chip.memory_type} {capacity.text() if capacity else 'not published'}"
        assert device[1].rstrip("*") == (rate.text() if rate else "rate not published")
        assert device[-1] == "per chip"
        core = SPECS.cores[chip.core]
        on_chip = lines(row, "sbuf")
        assert on_chip[-1] == "per NeuronCore"
        if "sbuf" in core.figures:
            assert on_chip[0].rstrip("*") == f"SBUF {core.figures['sbuf'].text()}"
            assert on_chip[1].rstrip("*") == f"PSUM {core.figures['psum'].text()}"
        else:  # NeuronCore-v1: AWS gives no size, and the drawing invents none
            assert on_chip[:2] == ["SBUF, PSUM", "not published"]
        assert core.name in row.text
        # Host memory: the smallest to the largest of the chip's instances (UltraServers without any).
        systems = [s for s in SPECS.systems.values() if s.chip == chip.id and s.kind == "instance"]
        scope = "per instance" if systems else "per UltraServer"
        systems = systems or [s for s in SPECS.systems.values() if s.chip == chip.id]
        sizes = sorted(s.figures["host_memory"].value for s in systems if "host_memory" in s.figures)
        host = lines(row, "host")
        numbers = [int(x.replace(",", "")) for x in re.findall(r"[\d,]+", host[0])]
        assert numbers == sorted({sizes[0], sizes[-1]}), (chip.id, host)
        assert host[0].endswith("\u00a0GiB")
        assert host[1] == scope


def test_the_published_figures_are_the_ones_the_page_tables_show():
    _, soup, _ = drawn(SPECS)
    text = soup.get_text(" ")
    for chip_id, expected in (("trainium2", ("HBM 96\u00a0GiB", "2.9\u00a0TB/s")), ("inferentia", ("DDR 8\u00a0GiB",))):
        for words in expected:
            assert words in text, (chip_id, words)
    assert "SBUF 28\u00a0MiB" in text and "SBUF 32\u00a0MiB" in text
    assert "trn2.3xlarge: in no source of this site" in soup.find("desc").text  # its host memory is not a figure


def test_a_figure_with_a_note_is_starred_and_the_star_is_explained():
    _, soup, _ = drawn(SPECS)
    row = soup.select_one('g.nhd-memory__row[data-chip="Trainium2"]')
    assert SPECS.chips["trainium2"].figures["memory_bandwidth"].note
    assert lines(row, "device")[1].endswith("*")
    assert not SPECS.chips["trainium2"].figures["device_memory"].note
    assert not lines(row, "device")[0].endswith("*")
    assert any(t.text.startswith("* qualified by a note") for t in soup.find_all("text"))


def test_every_line_fits_its_box():
    _, soup, _ = drawn(SPECS)
    for group in soup.select("[data-level]"):
        width = float(group.find("rect")["width"])
        for i, t in enumerate(group.find_all("text")):
            assert diagrams_memory.line_width(t.text, i) <= width - 6, (t.text, width)
            assert (t.get("class") == ["nhd-blocks__small"]) == (i > 0)  # the size line_width assumed
    right = max(float(r["x"]) + float(r["width"]) for r in soup.find_all("rect"))
    assert right <= diagrams_memory.WIDTH <= 340


def test_a_changed_figure_in_the_data_changes_the_drawing(tmp_path):
    _, _, svg_before = drawn(load_specs(MINI))
    after_specs = mini_with(
        tmp_path,
        ('memory_bandwidth = { value = 50, unit = "GiB/s" }', 'memory_bandwidth = { value = 60, unit = "GiB/s" }'),
        ('host_memory = { value = 32, unit = "GiB" }', 'host_memory = { value = 48, unit = "GiB" }'),
    )
    _, after, svg_after = drawn(after_specs)
    assert svg_before != svg_after
    alpha = [r for r in after.select("g.nhd-memory__row") if lines(r, "device")[1].startswith("60")]
    assert len(alpha) == 1 and lines(alpha[0], "device")[1] == "60\u00a0GiB/s"
    assert "50\u00a0GiB/s" in svg_before and "50\u00a0GiB/s" not in svg_after
    hosts = [lines(r, "host")[0] for r in after.select("g.nhd-memory__row")]
    assert "48\u2013512\u00a0GiB" in hosts and "32\u2013512\u00a0GiB" in svg_before, hosts


def test_the_drawing_is_accessible_small_and_the_same_every_time():
    _, _, first = drawn(SPECS)
    _, _, second = drawn(load_specs(DATA))
    assert first == second
    assert len(first.encode()) < 30 * 1024
    svg = BeautifulSoup(first, "html.parser").svg
    assert svg["role"] == "img"
    title, desc = svg["aria-labelledby"].split()
    assert svg.find(id=title).name == "title" and svg.find(id=desc).name == "desc"
    assert len(svg.find(id=desc).text) > 200
    assert float(svg["width"]) <= 340  # a concept page's column on a phone: never scaled down
    assert "<script" not in first and "style=" not in first  # colours come from the theme's CSS


def test_the_memory_page_carries_the_drawing_with_a_sources_line(site):
    soup = site.html("concepts/memory-hierarchy.html")
    svg = soup.find("svg", attrs={"aria-labelledby": "memory-hierarchy-title memory-hierarchy-desc"})
    assert svg is not None
    caption = svg.find_parent("figure").find("figcaption").get_text(" ", strip=True)
    assert re.search(r"Sources: \S", caption)
    for key in ("hw-trainium2", "nki-trn2"):
        assert SPECS.sources[key]["title"] in caption
    # Placed before the first section it illustrates, after the page's opening paragraphs.
    assert svg.find_next("h2").get_text(strip=True).startswith("Host memory")
