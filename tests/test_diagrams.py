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
    "trn3-gen1": "hardware/trn3-arch.html",
    "trn3-gen2": "hardware/trn3-arch.html",
}
FABRICS = {"trn3-gen1", "trn3-gen2"}  # switched: tested in test_fabric.py


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
        assert abs(a[0] - b[0]) + abs(a[1] - b[1]) <= max(diagrams.LINE_PITCH_X, diagrams.LINE_PITCH_Y) + 0.1
    # Its two ends are drawn apart: not next to each other, as the ends of a ring would be.
    (x0, y0), (x1, y1) = drawing.positions[0], drawing.positions[-1]
    if n > diagrams.line_columns(n):
        assert abs(x0 - x1) + abs(y0 - y1) > max(diagrams.LINE_PITCH_X, diagrams.LINE_PITCH_Y) * 1.5


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


@pytest.mark.parametrize("tid", sorted(set(PAGES) - FABRICS))
def test_built_diagram_matches_the_data(site, tid):
    topology = SPECS.topologies[tid]
    system = SPECS.systems[topology.system]
    soup: BeautifulSoup = site.html(PAGES[tid])
    svg = soup.find("svg", attrs={"aria-labelledby": f"topology-{tid}-title topology-{tid}-desc"})
    assert svg is not None and svg["role"] == "img"
    chips = [int(g["data-chip"]) for g in svg.select(".nhd-topology__chip")]
    assert chips == list(range(int(system.figures["chips"].value)))
    assert [int(g.text) for g in svg.select(".nhd-topology__chip")] == chips  # every chip numbered
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


def _rects(drawing: diagrams.Drawing) -> list[tuple[float, float, float, float]]:
    w, h = drawing.chip
    return [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for x, y in drawing.positions]


def _points(path: str) -> list[tuple[float, float]]:
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _crosses(rect, a, b) -> bool:
    """Whether the straight segment a-b passes through the inside of an axis-aligned rectangle."""
    x0, y0, x1, y1 = rect
    steps = 50
    for i in range(1, steps):
        x, y = a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps
        if x0 + 0.5 < x < x1 - 0.5 and y0 + 0.5 < y < y1 - 0.5:
            return True
    return False


DRAWINGS = {
    "ring of 12": diagrams.ring(12),
    "line of 6": diagrams.line(6),
    "line of 16": diagrams.line(16),
    "torus of 4": diagrams.torus(4),
    "UltraServer of 4 x 16": diagrams.ultraserver(4, 4, "trn2u.48xlarge"),
}


@pytest.mark.parametrize("name", DRAWINGS)
def test_drawings_fit_a_phone_so_their_text_is_never_scaled_down(name):
    assert DRAWINGS[name].width <= diagrams.MAX_WIDTH + 4


@pytest.mark.parametrize("side", [3, 4])
def test_wrap_around_links_are_lettered_stubs_outside_the_grid(side):
    drawing = diagrams.torus(side)
    svg = BeautifulSoup(diagrams.render(drawing, ident="t", title="t", description="d", link_label=None), "html.parser")
    xs = [x for x, _ in drawing.positions]
    ys = [y for _, y in drawing.positions]
    w, h = drawing.chip
    inside = (min(xs) - w / 2, min(ys) - h / 2, max(xs) + w / 2, max(ys) + h / 2)
    wraps = svg.select("path.nhd-topology__link--wrap")
    assert len(wraps) == 2 * side  # one per row and one per column
    for path in wraps:
        for x, y, axis, length in re.findall(r"M(-?[\d.]+) (-?[\d.]+)([hv])(-?[\d.]+)", path["d"]):
            x, y, length = float(x), float(y), float(length)
            end = (x + length, y) if axis == "h" else (x, y + length)
            assert not (inside[0] < end[0] < inside[2] and inside[1] < end[1] < inside[3]), (
                "a stub points into the grid"
            )
    letters = [t.text for t in svg.select("text.nhd-topology__wrap-label")]
    assert sorted(set(letters)) == sorted(link.label for link in drawing.links if link.wrap)
    assert all(letters.count(letter) == 2 for letter in letters), "each letter marks the two ends of one link"
    for text in svg.select("text.nhd-topology__wrap-label"):
        x, y = float(text["x"]), float(text["y"])
        outside = x < inside[0] or x > inside[2] or y < inside[1] or y > inside[3]
        assert outside, f"letter {text.text} at {x}, {y} is inside the grid"
    for link in drawing.links:
        if not link.wrap:
            a, b = drawing.positions[link.a], drawing.positions[link.b]
            others = [r for i, r in enumerate(_rects(drawing)) if i not in (link.a, link.b)]
            assert not any(_crosses(r, a, b) for r in others)


@pytest.mark.parametrize(("servers", "side"), [(4, 4), (4, 3), (6, 4), (2, 4)])
def test_the_ring_across_the_servers_is_a_closed_loop_round_the_servers(servers, side):
    drawing = diagrams.ultraserver(servers, side, "trn2u.48xlarge")
    per_server = side * side
    routes = [link for link in drawing.links if link.route]
    assert len(routes) == servers
    # It visits the first chip of every server once, in turn, and comes back to where it began.
    assert [link.a for link in routes] == [k * per_server for k in range(servers)]
    assert [link.b for link in routes] == [((k + 1) % servers) * per_server for k in range(servers)]
    rects = _rects(drawing)
    panels = [(p.x, p.y, p.x + p.width, p.y + p.height) for p in drawing.panels]
    joins = []
    for link in routes:
        points = _points(link.route)
        # A short link up from the chip's top left corner to the lane above its server, along the
        # ring, then down to the next chip's corner.
        w, h = drawing.chip
        for end, chip in ((points[0], link.a), (points[-1], link.b)):
            assert end == pytest.approx((drawing.positions[chip][0] - w / 2, drawing.positions[chip][1] - h / 2))
        along = points[1:-1]
        joins.append((along[0], along[-1]))
        for a, b in pairwise(along):
            assert not any(_crosses(r, a, b) for r in rects), f"ring segment {a}-{b} crosses a chip"
            assert not any(_crosses(p, a, b) for p in panels), f"ring segment {a}-{b} runs through a server"
        for a, b in (points[:2], points[-2:]):
            assert a[0] == pytest.approx(b[0]), "the link between a chip and the ring is straight up"
            assert abs(a[1] - b[1]) <= 40, "the link between a chip and the ring is short"
    for (_, end), (start, _) in pairwise([*joins, joins[0]]):
        assert end == pytest.approx(start), "the ring's segments join into one loop"


def test_the_ultraserver_drawing_says_every_position_has_a_ring():
    servers, side = 4, 4
    drawing = diagrams.ultraserver(servers, side, "trn2u.48xlarge")
    description = diagrams.describe("ultraserver-torus", servers * side * side, "Trainium2", side, servers)
    svg = BeautifulSoup(
        diagrams.render(drawing, ident="u", title="t", description=description, link_label=None), "html.parser"
    )
    notes = " ".join(t.text for t in svg.select("text.nhd-topology__note"))
    assert f"All {side * side} positions" in notes and f"{side * side} rings of {servers} chips" in notes
    assert f"All {side * side} positions are joined this way" in svg.find("desc").text
    assert f"{side * side} such rings" in svg.find("desc").text
