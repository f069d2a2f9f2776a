"""The ring across an UltraServer's servers, for any server count: drawn from a copy of the data
with the Trn2 UltraServer given 2 to 8 servers, every server box, label and chip apart, and the
ring one closed loop that runs through no server."""

from __future__ import annotations

import re
from itertools import combinations, pairwise

import pytest
from conftest import DATA
from neuron_hw import diagrams
from neuron_hw.data import load_specs

BLOCK = "[ultraservers.trn2-ultraserver]"
LABEL_H = 14  # a server's label: its baseline is 14 below the box, 12 px text


def specs_with_servers(tmp_path, servers: int):
    """A copy of the data whose Trn2 UltraServer has ``servers`` servers, its totals to match."""
    text = DATA.read_text(encoding="utf-8")
    start = text.index(BLOCK)
    end = text.index("\n[", start + 1)
    block = text[start:end]
    for key, per_server in (("servers", 1), ("chips", 16), ("vcpus", 192), ("host_memory", 2048)):
        block, count = re.subn(
            rf"^{key} = \{{ value = \d+,", f"{key} = {{ value = {servers * per_server},", block, flags=re.MULTILINE
        )
        assert count == 1, key
    block = re.sub(r"^(efa|published) = .*\n", "", block, flags=re.MULTILINE)  # totals of four servers
    copy = tmp_path / "hardware.toml"
    copy.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return load_specs(copy)


def drawing_from(specs) -> diagrams.Drawing:
    """As the topology-diagram directive draws it."""
    topology = specs.topologies["trn2-ultraserver"]
    system = specs.systems[topology.system]
    side = int(specs.figures[topology.side].figure.value) if ":" in str(topology.side) else int(topology.side)
    return diagrams.ultraserver(topology.servers, side, specs.systems[system.server].name)


def boxes(drawing: diagrams.Drawing) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every server box and the room its label takes (a generous 7 px a character)."""
    out = []
    for p in drawing.panels:
        out.append((f"server {p.label}", (p.x, p.y, p.x + p.width, p.y + p.height)))
        half = len(p.label) * 7 / 2
        cx, top = p.x + p.width / 2, p.y + p.height + LABEL_H - 10
        out.append((f"label {p.label}", (cx - half, top, cx + half, top + 13)))
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def points(route: str) -> list[tuple[float, float]]:
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", route)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


@pytest.mark.parametrize("servers", [3, 5])
def test_an_odd_server_count_from_the_data_draws_apart_and_round(tmp_path, servers):
    specs = specs_with_servers(tmp_path, servers)
    assert specs.topologies["trn2-ultraserver"].servers == servers
    drawing = drawing_from(specs)
    assert len(drawing.panels) == servers
    check_geometry(drawing, servers)
    # The lone server of the last row is centred under the two columns, so the ring is symmetric.
    bottom = max(drawing.panels, key=lambda p: p.y)
    assert bottom.x + bottom.width / 2 == pytest.approx(drawing.width / 2)


@pytest.mark.parametrize("servers", range(2, 9))
def test_every_server_count_from_2_to_8_draws_apart_and_round(servers):
    check_geometry(diagrams.ultraserver(servers, 4, "trn2u.48xlarge"), servers)


def check_geometry(drawing: diagrams.Drawing, servers: int) -> None:
    placed = boxes(drawing)
    for (a, ra), (b, rb) in combinations(placed, 2):
        assert not overlap(ra, rb), f"{a} overlaps {b}"
    for _, (x0, y0, x1, y1) in placed:
        assert 0 <= x0 and x1 <= drawing.width and 0 <= y0 and y1 <= drawing.height
    assert drawing.width <= diagrams.MAX_WIDTH
    routes = [link for link in drawing.links if link.route]
    assert len(routes) == servers
    per = len(drawing.positions) // servers
    assert [(link.a, link.b) for link in routes] == [(k * per, (k + 1) % servers * per) for k in range(servers)]
    rects = [r for name, r in placed]
    ends = []
    for link in routes:
        path = points(link.route)
        along = path[1:-1]  # the short links down to the two chips excepted
        ends.append((along[0], along[-1]))
        for a, b in pairwise(along):
            for r in rects:
                inside = r[0] + 0.5, r[1] + 0.5, r[2] - 0.5, r[3] - 0.5
                lo, hi = (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))
                assert not overlap((lo[0], lo[1], hi[0] + 0.01, hi[1] + 0.01), inside), f"ring {a}-{b} crosses {r}"
    for (_, end), (start, _) in pairwise([*ends, ends[0]]):
        assert end == pytest.approx(start), "the ring's links join into one loop"
    # Each link of the ring takes its own way: with two servers the second closes the loop under them.
    ways = [frozenset(pairwise(sorted(points(link.route)[1:-1]))) for link in routes]
    assert len(set(ways)) == servers, "two links of the ring are drawn on top of each other"
    h = drawing.chip[1]
    for link in routes:
        top = drawing.positions[link.a][1] - h / 2
        assert points(link.route)[0][1] == pytest.approx(top), "the short link rises from the chip's top"
