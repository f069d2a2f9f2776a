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
    "trn2-ultraserver": "hardware/trn2-arch.html",
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


def test_an_ultraserver_adds_a_ring_across_servers_to_each_servers_torus():
    servers, side = 4, 4
    drawing = diagrams.ultraserver(servers, side, "trn2u.48xlarge")
    graph = neighbours(drawing)
    per_server = side * side
    ring = {k * per_server for k in range(servers)}
    assert drawing.highlight == ring
    for i, peers in graph.items():
        inside = {p for p in peers if p // per_server == i // per_server}
        assert len(inside) == 4
        across = peers - inside
        if i in ring:
            k = i // per_server
            assert across == {((k + 1) % servers) * per_server, ((k - 1) % servers) * per_server}
        else:
            assert not across
    assert [panel.label for panel in drawing.panels] == [f"trn2u.48xlarge {k}" for k in range(servers)]


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
    chips = [int(g["data-chip"]) for g in svg.select(".nhd-topology__chip")]
    assert chips == list(range(int(system.figures["chips"].value)))
    if topology.shape != "ultraserver-torus":  # too small to number
        assert [int(g.text) for g in svg.select(".nhd-topology__chip")] == chips
    links = svg.select(".nhd-topology__link")
    drawn = [el for el in links if el.find_parent(class_="nhd-topology__legend") is None]
    expected_links = {
        "ring": topology.chips,
        "line": topology.chips - 1,
        "torus": 2 * topology.chips,
        "ultraserver-torus": 2 * topology.chips + (topology.servers or 0),
    }
    assert len(drawn) == expected_links[topology.shape]
    title = svg.find("title").text
    assert system.name in title and str(topology.chips) in title
    description = svg.find("desc").text
    assert f"{topology.chips} {SPECS.chips[system.chip].name} chips" in description
    caption = svg.find_parent("figure").find("figcaption").text
    assert SPECS.sources[topology.source]["title"] in caption
    if topology.link:
        assert SPECS.figures[topology.link].figure.text() in svg.select_one(".nhd-topology__legend").text
