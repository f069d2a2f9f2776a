"""The data file: validation errors name the file, the entry and what was expected; totals check out."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA
from neuron_hw import units
from neuron_hw.data import SpecError, load_specs


@pytest.fixture(scope="module")
def specs():
    return load_specs(DATA)


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the real data file with one edit; the edit must apply exactly once."""
    text = DATA.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} occurs {text.count(old)} times"
    path = tmp_path / "hardware.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


BAD_INPUTS = {
    "unknown key": (
        'device_memory = { value = 96, unit = "GiB" }',
        'device_memory = { value = 96, unit = "GiB" }\nhbm_capacity = { value = 96, unit = "GiB" }',
        ["[chips.trainium2] hbm_capacity", "unknown key", "expected one of"],
    ),
    "missing unit": (
        'device_memory = { value = 144, unit = "GiB" }',
        "device_memory = { value = 144 }",
        ["[chips.trainium3] device_memory", "missing 'unit'", "GiB"],
    ),
    "wrong unit": (
        'neuronlink_bandwidth = { value = 32, unit = "GiB/s", source = "hw-inf1-arch" }',
        'neuronlink_bandwidth = { value = 32, unit = "GiB", source = "hw-inf1-arch" }',
        ["[chips.inferentia] neuronlink_bandwidth", "unit 'GiB' is not valid here", "GiB/s"],
    ),
    "non-number": (
        'host_cpu = "Intel"\nchips = { value = 16, unit = "count" }\nvcpus = { value = 192, unit = "count" }\nhost_memory = { value = 2048, unit = "GiB" }',
        'host_cpu = "Intel"\nchips = { value = 16, unit = "count" }\nvcpus = { value = 192, unit = "count" }\nhost_memory = { value = "2 TiB", unit = "GiB" }',
        ['[instances."trn2.48xlarge"] host_memory', "'value' must be a number", "'2 TiB'"],
    ),
    "dangling chip": (
        'name = "Inf2"\nchip = "inferentia2"',
        'name = "Inf2"\nchip = "inferentia9"',
        ["[families.inf2] chip", "'inferentia9' is not a known chip", "inferentia2"],
    ),
    "dangling family": (
        '[instances."inf1.xlarge"]\nfamily = "inf1"',
        '[instances."inf1.xlarge"]\nfamily = "inf7"',
        ['[instances."inf1.xlarge"] family', "'inf7' is not a known instance family"],
    ),
    "unknown source": (
        'efa_per_chip = { value = 200, unit = "Gbps", source = "rt-collectives" }',
        'efa_per_chip = { value = 200, unit = "Gbps", source = "a-blog" }',
        ["[chips.trainium2] efa_per_chip", "source 'a-blog' is not defined"],
    ),
    "unknown note": (
        'cc_cores = { value = 6, unit = "count", source = "nki-trn1-inf2" }',
        'cc_cores = { value = 6, unit = "count", source = "nki-trn1-inf2", note = "nope" }',
        ["[chips.inferentia2] cc_cores", "note 'nope' is not defined"],
    ),
    "total without a per-chip figure": (
        '"compute.int8" = { value = 2048, unit = "TOPS" }',
        '"compute.fp8" = { value = 2048, unit = "TOPS" }',
        ['[instances."inf1.24xlarge"] published.compute.fp8', "has no figure 'compute.fp8'"],
    ),
    "published total that does not match": (
        '"compute.sparse" = { value = 164, unit = "PFLOPS" }',
        '"compute.sparse" = { value = 165, unit = "PFLOPS" }',
        [
            '[ultraservers."trn2-ultraserver"] published.compute.sparse',
            f"AWS's {units.format_quantity(Decimal(165), 'PFLOPS')} does not match the computed 164",
            "add a `note`",
        ],
    ),
    "note on a published total that matches": (
        '"compute.sparse" = { value = 164, unit = "PFLOPS" }',
        '"compute.sparse" = { value = 164, unit = "PFLOPS", note = "ultraserver-rounding" }',
        ["published.compute.sparse", "note 'ultraserver-rounding' explains a difference", "remove the note"],
    ),
    "invalid TOML": ("[chips.inferentia]", "[chips.inferentia", ["not valid TOML"]),
    "unknown topology shape": (
        'system = "inf2.48xlarge"\nshape = "ring"',
        'system = "inf2.48xlarge"\nshape = "star"',
        ["[topologies.inf2-48xlarge] shape", "expected one of ring, line, torus", "'star'"],
    ),
    "torus that does not fit the chips": (
        'system = "trn2.48xlarge"\nshape = "torus"\nside = "system:trn2.48xlarge:torus-side"',
        'system = "trn2.48xlarge"\nshape = "torus"\nside = "system:trn2-ultraserver:z-neighbours"',
        ["[topologies.trn2-48xlarge] side", "torus of 2 x 2 chips does not match the 16 chips of trn2.48xlarge"],
    ),
    "torus without a side": (
        'shape = "torus"\nside = "family:trn1:torus-side"\n',
        'shape = "torus"\n',
        ["[topologies.trn1-32xlarge]", "missing required key 'side'"],
    ),
    "UltraServer torus on a plain instance": (
        'system = "trn2-ultraserver"\nshape = "ultraserver-torus"',
        'system = "trn2.48xlarge"\nshape = "ultraserver-torus"',
        ["[topologies.trn2-ultraserver] system", "trn2.48xlarge is not an UltraServer"],
    ),
    "topology of a one-chip system": (
        'system = "inf2.24xlarge"\nshape = "line"',
        'system = "inf2.xlarge"\nshape = "line"',
        ["[topologies.inf2-24xlarge]", "inf2.xlarge needs at least two chips"],
    ),
    "link that is not a bandwidth": (
        'link = "family:inf2:neuronlink-per-link"',
        'link = "system:trn2.48xlarge:torus-side"',
        ["[topologies.inf2-48xlarge] link", "expected a bandwidth figure"],
    ),
    "sparsity pattern not written M:N": (
        'sparsity.patterns = ["4:16", "4:12", "4:8", "2:8", "2:4", "1:4", "1:2"]\nsparsity.source = "hw-nc-v4"',
        'sparsity.patterns = ["4/16", "4:12", "4:8", "2:8", "2:4", "1:4", "1:2"]\nsparsity.source = "hw-nc-v4"',
        ["[cores.v4] sparsity.patterns[0]", "expected an M:N pattern", "'4/16'"],
    ),
    "sparsity pattern that keeps every value": (
        'sparsity.patterns = ["4:16", "4:12", "4:8", "2:8", "2:4", "1:4", "1:2"]\nsparsity.source = "hw-nc-v4"',
        'sparsity.patterns = ["4:16", "4:12", "4:8", "2:8", "2:4", "1:4", "2:2"]\nsparsity.source = "hw-nc-v4"',
        ["[cores.v4] sparsity", "pattern '2:2' keeps 2 of every 2 values", "M must be below N"],
    ),
    "unknown sparsity source": (
        'sparsity.source = "hw-nc-v4"',
        'sparsity.source = "a-blog"',
        ["[cores.v4] sparsity.source", "'a-blog' is not a known source"],
    ),
}


# The line each error must name: the first line of the edited file that contains the marker.
LINE_OF = {
    "unknown key": "hbm_capacity =",
    "wrong unit": 'neuronlink_bandwidth = { value = 32, unit = "GiB"',
    "non-number": 'host_memory = { value = "2 TiB"',
    "dangling chip": 'chip = "inferentia9"',
    "published total that does not match": '"compute.sparse" = { value = 165,',
    "unknown topology shape": 'shape = "star"',
    "invalid TOML": "[chips.inferentia",
    "sparsity pattern not written M:N": 'sparsity.patterns = ["4/16"',
    "unknown sparsity source": 'sparsity.source = "a-blog"',
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_named_precisely(tmp_path, case):
    old, new, expected = BAD_INPUTS[case]
    path = broken(tmp_path, old, new)
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    message = str(excinfo.value)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", message), message
    if case in LINE_OF:
        lines = path.read_text(encoding="utf-8").splitlines()
        line = next(i for i, text in enumerate(lines, 1) if LINE_OF[case] in text)
        assert message.startswith(f"{path}:{line}: "), message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(SpecError, match="data file not found"):
        load_specs(tmp_path / "nope.toml")


def test_real_data_loads(specs):
    assert set(specs.chips) == {"inferentia", "inferentia2", "trainium", "trainium2", "trainium3"}
    assert set(specs.cores) == {"v1", "v2", "v3", "v4"}
    assert {c.core for c in specs.chips.values()} == set(specs.cores)


def test_every_figure_has_a_source(specs):
    figures = [f for c in specs.chips.values() for f in [*c.figures.values(), *c.compute.values()]]
    figures += [f for s in specs.systems.values() for f in [*s.figures.values(), *s.published.values()]]
    figures += [f for c in specs.cores.values() for f in c.figures.values()]
    figures += [e.figure for e in specs.figures.values()]
    assert figures and all(f.source in specs.sources for f in figures)


def test_sparsity_patterns_are_sourced_m_n_pairs(specs):
    """The M:N patterns are text, not figures: each list still names a source, and each pattern keeps
    fewer values than its group holds."""
    listed = {cid: core.sparsity for cid, core in specs.cores.items() if core.sparsity is not None}
    assert set(listed) == {"v3", "v4"}  # AWS's NeuronCore-v3 and v4 pages; earlier cores have none
    for cid, sparsity in listed.items():
        assert sparsity.source == f"hw-nc-{cid}" and sparsity.source in specs.sources
        assert sparsity.note is None or sparsity.note in specs.notes
        for pattern in sparsity.patterns:
            kept, group = (int(n) for n in pattern.split(":"))
            assert 0 < kept < group, pattern


def test_real_published_totals_match_or_are_explained(specs):
    """Loading runs check_published_totals; it passed, and the noted mismatches (D13, D18) are real."""
    noted = [(s.id, k) for s in specs.systems.values() for k, p in s.published.items() if p.note]
    assert noted, "the data is expected to carry at least one explained mismatch"


def test_published_totals_are_checked_for_every_multi_chip_system(specs):
    for system in specs.systems.values():
        if "chips" in system.figures:
            assert {"device_memory", "memory_bandwidth"} <= set(system.published), system.id


def test_matches_published_uses_published_precision():
    assert units.matches_published(Decimal("20.784"), Decimal("20.8"))
    assert not units.matches_published(Decimal("83.136"), Decimal("83.2"))
    assert units.matches_published(Decimal("41.008"), Decimal(41))
    assert not units.matches_published(Decimal("41.6"), Decimal(41))


def test_unit_conversion_and_formatting():
    assert units.convert(Decimal(820), "GiB/s", "TB/s").quantize(Decimal("0.001")) == Decimal("0.880")
    assert units.format_number(Decimal(13120)) == "13,120"
    assert units.format_number(Decimal("47.50")) == "47.5"
    # A no-break space: a line never breaks between the number and its unit.
    assert units.format_quantity(Decimal("313.6"), "TB/s") == "313.6\u00a0TB/s"
    assert units.format_quantity(Decimal(16), "count") == "16"
    assert units.format_factor(Decimal(1299) / Decimal(190)) == "6.84\u00d7"
    with pytest.raises(ValueError):
        units.convert(Decimal(1), "GiB", "Gbps")


def test_every_extra_figure_lives_under_an_entity_with_an_explicit_scope(specs):
    for path, entry in specs.figures.items():
        _kind, entity, key = path.split(":")
        assert entry.key == key and entry.entity == entity
        assert entry.scope, f"{path} has no scope"
        mapping = {
            "chips": specs.chips,
            "cores": specs.cores,
            "families": specs.families,
            "instances": specs.systems,
            "ultraservers": specs.systems,
        }.get(entry.section)
        assert mapping is None or entity in mapping, path


def test_an_extra_figure_without_a_level_of_its_own_needs_a_scope(tmp_path):
    old = 'label = "EFA bandwidth per Trainium3 chip'
    text = DATA.read_text(encoding="utf-8")
    start = text.index(old)
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    assert 'scope = "per chip"' in block
    path = tmp_path / "hardware.toml"
    path.write_text(text[:start] + block.replace('\nscope = "per chip"', "") + text[block_end:], encoding="utf-8")
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    message = str(excinfo.value)
    assert "[families.trn3] extra.efa-per-chip: needs a 'scope'" in message, message
    line = text[:start].count("\n")  # the [families.trn3.extra.efa-per-chip] header is the line above
    assert message.startswith(f"{path}:{line}: "), message


def test_stand_alone_figures_are_gone(tmp_path):
    path = tmp_path / "hardware.toml"
    path.write_text(
        DATA.read_text(encoding="utf-8")
        + '\n[figures."x"]\nlabel = "x"\nvalue = 1\nunit = "count"\nsource = "hw-trainium"\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match=r"unknown top-level table \[figures\]"):
        load_specs(path)


def test_the_role_reads_extra_figures_by_entity(specs):
    from neuron_hw.role import resolve

    assert resolve(specs, "chip:trainium2:hbm-per-stack") == specs.figures["chip:trainium2:hbm-per-stack"].figure.text()
    assert resolve(specs, "family:trn3:pcie-intra-server-links") == (
        specs.figures["family:trn3:pcie-intra-server-links"].figure.text()
    )
    with pytest.raises(LookupError, match="has no value 'hbm-per-stack'"):
        resolve(specs, "chip:trainium3:hbm-per-stack")


def test_a_systems_efa_is_always_its_own_efa_figure(specs):
    """Every instance and UltraServer keeps its whole EFA bandwidth under one key, ``efa``: none
    is a computed ``total.efa`` or a ``published.efa`` beside it, so the JSON, the CSVs and the
    role find each system's EFA in the same place."""
    for system in specs.systems.values():
        assert "efa" not in specs.totals(system), system.id
        assert "efa" not in system.published, system.id


def test_efa_per_chip_times_chips_is_the_instances_efa(specs):
    """Where a chip has a per-chip EFA figure, an instance's EFA is that figure times its chips,
    and an UltraServer's is its servers times the EFA of the instance it is built from."""
    checked = 0
    for system in specs.systems.values():
        per_chip = specs.chips[system.chip].figure("efa_per_chip")
        efa, chips = system.figures.get("efa"), system.figures.get("chips")
        if per_chip is None or efa is None or chips is None:
            continue
        total = units.convert(chips.value * per_chip.value, per_chip.unit, efa.unit)
        assert total == efa.value, (system.id, total, efa.value)
        if system.server is not None:
            server = specs.systems[system.server].figures["efa"]
            assert system.figures["servers"].value * units.convert(server.value, server.unit, efa.unit) == efa.value
            assert efa.derived, f"{system.id}: AWS publishes no UltraServer total; the figure is computed"
        checked += 1
    assert checked  # the case is in the data


def test_memory_sizes_aws_writes_as_kb_or_mb_are_binary_and_say_so(specs):
    """On-chip and device memory sizes that AWS writes with KB or MB are shown in KiB or MiB, the
    site's unit for memory sizes, and each carries the note that says the reading is this site's."""
    note = "memory-units-read-as-binary"
    written = {}
    for fig in specs.figures.values():
        found = re.search(r"AWS writes the unit as (K|M)B\b", fig.label)
        if found:
            written[fig.id] = fig
            assert fig.figure.unit == f"{found[1]}iB", (fig.id, fig.figure.unit)
            assert fig.figure.note == note, fig.id
    assert len(written) >= 3  # GPSIMD TCM, the custom-operator TCM pool, the micro-code reservation
    noted = {f.id for f in specs.figures.values() if f.figure.note == note}
    assert noted == set(written), "the note marks a figure whose label does not say how AWS writes it"
