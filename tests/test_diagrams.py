"""Topology diagrams: drawn from the data, accessible, and the same graph the text describes."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup
from conftest import DATA
from neuron_hw import diagrams
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
PAGES = {
    "inf1-24xlarge": "hardware/inf1-arch.html",
    "inf2-24xlarge": "hardware/inf2-arch.html",
    "inf2-48xlarge": "hardware/inf2-arch.html",
    "trn1-32xlarge": "hardware/trn1-arch.html",
    "trn2-48xlarge": "hardware/trn2-arch.html",
}


def neighbours(drawing: diagrams.Drawing) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {i: set() for i in range(len(drawing.positions))}
    for link in drawing.links:
        out[link.a].add(link.b)
        out[link.b].add(link.a)
    return out


@pytest.mark.parametrize("n", [2, 6, 12, 16])
def test_a_ring_links_every_chip_to_two_others(n):
    graph = neighbours(diagrams.ring(n))
    assert graph[0] == ({1, n - 1} if n > 2 else {1})
    assert all(len(peers) == min(2, n - 1) for peers in graph.values())


@pytest.mark.parametrize("n", [2, 6, 16])
def test_a_line_has_two_ends_and_consecutive_links(n):
    drawing = diagrams.line(n)
    graph = neighbours(drawing)
    assert [i for i, peers in graph.items() if len(peers) == 1] == [0, n - 1]
    assert all({i - 1, i + 1} & graph[i] == {i - 1, i + 1} for i in range(1, n - 1))
    # Consecutive chips are drawn next to each other, even where the line turns back.
    for a, b in pairwise(drawing.positions):
        assert abs(a[0] - b[0]) + abs(a[1] - b[1]) <= max(diagrams.LINE_PITCH_X, diagrams.PITCH_Y) + 0.1


@pytest.mark.parametrize("side", [3, 4])
def test_a_torus_gives_every_chip_four_neighbours_on_its_row_and_column(side):
    graph = neighbours(diagrams.torus(side))
    for i, peers in graph.items():
        row, col = divmod(i, side)
        expected = {
            row * side + (col + 1) % side,
            row * side + (col - 1) % side,
            ((row + 1) % side) * side + col,
            ((row - 1) % side) * side + col,
        }
        assert peers == expected


def test_every_topology_is_on_its_page(site):
    for tid, page in PAGES.items():
        assert site.html(page).find("svg", attrs={"aria-labelledby": re.compile(f"topology-{tid}-title")}), tid
    assert set(PAGES) == set(SPECS.topologies), "a topology in the data is not drawn on any page (or vice versa)"


@pytest.mark.parametrize("tid", sorted(PAGES))
def test_built_diagram_matches_the_data(site, tid):
    topology = SPECS.topologies[tid]
    system = SPECS.systems[topology.system]
    soup: BeautifulSoup = site.html(PAGES[tid])
    svg = soup.find("svg", attrs={"aria-labelledby": f"topology-{tid}-title topology-{tid}-desc"})
    assert svg is not None and svg["role"] == "img"
    chips = [int(g.text) for g in svg.select(".nhd-topology__chip")]
    assert chips == list(range(int(system.figures["chips"].value)))
    links = svg.select(".nhd-topology__link")
    drawn = [el for el in links if el.find_parent(class_="nhd-topology__legend") is None]
    expected_links = {"ring": topology.chips, "line": topology.chips - 1, "torus": 2 * topology.chips}
    assert len(drawn) == expected_links[topology.shape]
    title = svg.find("title").text
    assert system.name in title and str(topology.chips) in title
    description = svg.find("desc").text
    assert f"numbered 0 to {topology.chips - 1}" in description
    caption = svg.find_parent("figure").find("figcaption").text
    assert SPECS.sources[topology.source]["title"] in caption
    if topology.link:
        assert SPECS.figures[topology.link].figure.text() in svg.select_one(".nhd-topology__legend").text
