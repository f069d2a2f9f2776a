"""Switched fabrics (the Trn3 UltraServers): drawn from the data, counts and all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA
from neuron_hw import diagrams_fabric
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
PAGE = "hardware/trn3-arch.html"
MAX_BYTES = 30_000


def _svg(site, tid: str) -> BeautifulSoup:
    svg = site.html(PAGE).find("svg", attrs={"aria-labelledby": f"topology-{tid}-title topology-{tid}-desc"})
    assert svg is not None and svg["role"] == "img"
    return svg


def _count(path: str) -> int:
    return int(SPECS.figures[path].figure.value)


def test_gen2_draws_every_server_and_both_second_level_switches(site):
    topology = SPECS.topologies["trn3-gen2"]
    system = SPECS.systems["trn3-gen2"]
    svg = _svg(site, "trn3-gen2")
    servers = svg.select(".nhd-fabric__server")
    assert len(servers) == int(system.figures["servers"].value) == 36
    assert [int(s["data-server"]) for s in sorted(servers, key=lambda s: int(s["data-server"]))] == list(range(36))
    assert len(svg.select(".nhd-fabric__switch--top")) == _count(topology.switches) == 2
    assert len(svg.select(".nhd-fabric__l1")) == 36 * _count(topology.server_switches)
    chips = svg.select(".nhd-fabric__chips text")
    assert len(chips) == int(system.figures["chips"].value) == 144
    for server in servers:
        assert [t.text for t in server.select(".nhd-fabric__chips text")] == ["0", "1", "2", "3"]
    pairs = [tuple(int(v) for v in g["data-servers"].split()) for g in svg.select(".nhd-fabric__direct")]
    assert pairs == [(i, i + 18) for i in range(18)]
    assert "servers 0\u201317" in svg.text and "servers 18\u201335" in svg.text


def test_gen1_draws_four_servers_of_sixteen_chips(site):
    topology = SPECS.topologies["trn3-gen1"]
    svg = _svg(site, "trn3-gen1")
    servers = svg.select(".nhd-fabric__server")
    assert len(servers) == 4
    for server in servers:
        assert [int(t.text) for t in server.select(".nhd-fabric__chips text")] == list(range(16))
    assert len(svg.select(".nhd-fabric__switch--top")) == _count(topology.switches) == 2
    assert not svg.select(".nhd-fabric__l1"), "no first-level switch is documented for Gen1"
    pairs = [tuple(int(v) for v in g["data-servers"].split()) for g in svg.select(".nhd-fabric__direct")]
    assert pairs == [(0, 2), (1, 3)]
    assert [t.text for t in svg.select(".nhd-fabric__direct text")] == ["\u00d716", "\u00d716"]


@pytest.mark.parametrize("tid", ["trn3-gen1", "trn3-gen2"])
def test_each_fabric_is_named_described_small_and_marks_what_is_not_documented(site, tid):
    topology = SPECS.topologies[tid]
    svg = _svg(site, tid)
    assert len(str(svg).encode()) < MAX_BYTES
    assert SPECS.systems[topology.system].name in svg.find("title").text
    description = svg.find("desc").text
    assert f"{topology.servers} servers" in description
    assert topology.undocumented, "a fabric drawn from a block diagram leaves something open"
    notes = svg.select_one(".nhd-fabric__notes").text
    for item in topology.undocumented:
        assert item in description
        assert item.split()[0] in notes
    assert "script" not in str(svg).lower()
    caption = svg.find_parent("figure").find("figcaption").text
    assert SPECS.sources[topology.source]["title"] in caption
    # Every drawing fits the SVG box of a phone's column, so its 11 px text is shown at 11 px.
    assert float(svg["width"]) <= diagrams_fabric.MAX_WIDTH


def test_the_same_data_gives_the_same_bytes():
    a = diagrams_fabric.Fabric(36, 4, 2, 1, True)
    first = diagrams_fabric.render(a, ident="x", title="t", description="d")
    assert first == diagrams_fabric.render(
        diagrams_fabric.Fabric(36, 4, 2, 1, True), ident="x", title="t", description="d"
    )


MINI = Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml"
SWITCHED = """
[ultraservers.fb-us.extra.switches]
label = "Switches joining the servers"
value = 2
unit = "count"
source = "spec-b"

[topologies.fb-fabric]
system = "fb-us"
shape = "switched"
switches = "system:fb-us:switches"
direct = true
source = "spec-b"
"""


def _mini(tmp_path: Path, servers: int, chips: int) -> str:
    text = MINI.read_text(encoding="utf-8") + SWITCHED
    # Without its server type, the UltraServer's host figures need not scale with the server count.
    text = text.replace('server = "fb.large"\n', "").replace(
        'servers = { value = 2, unit = "count" }\nchips = { value = 8, unit = "count" }',
        f'servers = {{ value = {servers}, unit = "count" }}\nchips = {{ value = {chips}, unit = "count" }}',
    )
    path = tmp_path / f"mini-{servers}.toml"
    path.write_text(text, encoding="utf-8")
    specs = load_specs(path)
    topology = specs.topologies["fb-fabric"]
    fabric = diagrams_fabric.of(specs, topology)
    return diagrams_fabric.render(fabric, ident="fb", title="t", description=diagrams_fabric.describe(fabric, "Fb"))


def test_a_changed_server_count_in_the_data_redraws_the_fabric(tmp_path):
    two = BeautifulSoup(_mini(tmp_path, 2, 8), "html.parser")
    four = BeautifulSoup(_mini(tmp_path, 4, 16), "html.parser")
    assert len(two.select(".nhd-fabric__server")) == 2 and len(four.select(".nhd-fabric__server")) == 4
    assert len(four.select(".nhd-fabric__chips text")) == 16
    assert len(four.select(".nhd-fabric__direct")) == 2
    assert re.search(r"4 servers of 4 Fb chips", four.find("desc").text)


def test_a_fabric_needs_one_switch_per_half(tmp_path):
    from neuron_hw.data import SpecError

    text = MINI.read_text(encoding="utf-8") + SWITCHED.replace("value = 2", "value = 3")
    path = tmp_path / "three.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="needs 2 switches, not 3"):
        load_specs(path)
