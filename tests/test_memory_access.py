"""Which engine reads or writes which on-chip memory is data (``memory_access`` of a core, with its
source), checked by the model, and the NeuronCore drawing's arrows and sources follow it."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from conftest import DATA
from neuron_hw import diagrams_core
from neuron_hw.data import SpecError, load_specs
from neuron_hw.specs import MemoryAccess
from test_data import broken

SPECS = load_specs(DATA)
# NeuronCore-v2's GPSIMD clock, then the first lines of its memory access, as the data file writes them.
V2_ACCESS = (
    'engines.gpsimd.clock = { value = 1.4, unit = "GHz" }\n'
    'memory_access.source = "nki-trn1-inf2"  # which engine reads or writes SBUF and PSUM (the core drawing\'s arrows)\n'
    'memory_access.tensor = { sbuf = "read", psum = "write" }'
)


def svg(specs, core) -> BeautifulSoup:
    parts = diagrams_core.core_parts(specs, core)
    drawn = diagrams_core.render(parts, ident=f"core-{core.id}", title="t", description=diagrams_core.describe(parts))
    return BeautifulSoup(drawn, "html.parser")


def test_every_core_with_sized_sbuf_and_psum_says_how_its_engines_reach_them():
    for core in SPECS.cores.values():
        sized = "sbuf" in core.figures and "psum" in core.figures
        assert (core.memory_access is not None) == sized, core.id
        if core.memory_access is not None:
            assert set(core.memory_access.engines) <= set(core.engines)
            assert core.memory_access.source in SPECS.sources
            assert core.memory_access.engines["tensor"] == ("read", "write")


def test_the_arrows_and_the_sources_line_follow_the_data():
    core = SPECS.cores["v3"]
    paths = len(svg(SPECS, core).select("line.nhd-blocks__path"))
    assert paths > 0
    # The Tensor Engine without its path to PSUM, cited by another source: one arrow fewer.
    engines = dict(core.memory_access.engines) | {"tensor": ("read", None)}
    changed = dataclasses.replace(core, memory_access=MemoryAccess(engines, "hw-nc-v2"))
    assert len(svg(SPECS, changed).select("line.nhd-blocks__path")) == paths - 1
    parts = diagrams_core.core_parts(SPECS, changed)
    assert parts.sources[-1] == "hw-nc-v2"
    # The description says what is drawn, in one sentence per way of reaching the memories.
    before = diagrams_core.describe(diagrams_core.core_parts(SPECS, core))
    assert "The Tensor Engine reads SBUF and writes PSUM." in before
    assert "The Vector Engine and Scalar Engine read and write both SBUF and PSUM." in before
    assert "The GPSIMD Engine reads and writes SBUF only; it has no path to PSUM." in before
    after = diagrams_core.describe(parts)
    assert "The Tensor Engine reads SBUF only; it has no path to PSUM." in after
    assert "writes PSUM" not in after.split("Tensor Engine reads")[1].split(".")[0]
    # Without access data no path is drawn, and the description says why.
    bare = dataclasses.replace(core, memory_access=None)
    assert svg(SPECS, bare).select("line.nhd-blocks__path") == []
    assert "no data paths are drawn" in diagrams_core.describe(diagrams_core.core_parts(SPECS, bare))


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            V2_ACCESS.replace('sbuf = "read"', 'sbuf = "both"'),
            ["[cores.v2] memory_access.tensor.sbuf", "expected one of read, write, read-write", "'both'"],
        ),
        (
            V2_ACCESS.replace('= "nki-trn1-inf2"', '= "nki-guide"'),
            ["[cores.v2] memory_access.source", "'nki-guide'", "source"],
        ),
        (V2_ACCESS + '\nmemory_access.dma = { sbuf = "read" }', ["[cores.v2] memory_access", "unknown key"]),
    ],
    ids=["unknown access", "unknown source", "unknown engine"],
)
def test_the_model_rejects_bad_memory_access(tmp_path, new, expected):
    with pytest.raises(SpecError) as caught:
        load_specs(broken(tmp_path, V2_ACCESS, new))
    message = str(caught.value)
    assert all(part in message for part in expected), message


def test_an_engine_the_core_does_not_have_is_rejected(tmp_path):
    # NeuronCore-v1 has no GPSIMD Engine.
    path = broken(
        tmp_path,
        'source = "hw-nc-v1"\n',
        'source = "hw-nc-v1"\nmemory_access.source = "hw-nc-v1"\nmemory_access.gpsimd = { sbuf = "read" }\n',
    )
    with pytest.raises(SpecError, match=r"\[cores\.v1\].*memory_access\.gpsimd: the core has no engines\.gpsimd"):
        load_specs(path)
