"""The comparison page and the per-level figures.

Expected values are computed here from the data file, never copied from the built pages.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import DATA
from conftest import table_captioned as _table
from neuron_hw import levels, units, vocabulary
from neuron_hw.data import load_specs
from neuron_hw.directives.generation_changes import previous_pairs

SPECS = load_specs(DATA)
COMPARE = "hardware/compare.html"
CHIP_TABLE = "Every Neuron chip side by side (per chip; compute dense unless a row says sparse)"
CORE_TABLE = "Every NeuronCore version side by side (per physical NeuronCore; compute dense unless a row says sparse)"
CHANGES_TABLE = "What changed from one generation to the next (per chip; compute dense)"
MARKS = {"spec-not-applicable": "n/a", "spec-not-published": "n/p"}


def _grid(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tr")]


def _value(cell: str) -> str:
    """The cell text without note markers."""
    return re.sub(r"\s*\[\d+\]", "", cell).strip()


def _rows(table) -> dict[str, list[str]]:
    grid = _grid(table)
    return {row[0]: row[1:] for row in grid[1:]}


# -- levels.py: every per-level figure equals its formula on the data ----------------------------
SYSTEMS = list(SPECS.systems.values())


@pytest.mark.parametrize("system", SYSTEMS, ids=[s.id for s in SYSTEMS])
def test_per_level_counts_follow_the_data(system):
    chip = SPECS.chips[system.chip]
    per_chip = chip.figures["neuron_cores"].value
    chips = system.figures.get("chips")
    physical = levels.physical_cores(SPECS, system)
    if chips is None:
        assert physical.value is None and physical.status == levels.NOT_PUBLISHED
        return
    assert physical.value == chips.value * per_chip
    assert physical.status == levels.DERIVED
    for size in levels.lnc_support(SPECS, chip).groupings():
        assert levels.logical_cores(SPECS, system, size).value == chips.value * per_chip / size


@pytest.mark.parametrize("system", SYSTEMS, ids=[s.id for s in SYSTEMS])
def test_per_instance_peaks_are_chips_times_the_chip_rate(system):
    chip = SPECS.chips[system.chip]
    chips = system.figures.get("chips")
    for dtype, types in (("BF16", ("BF16",)), ("FP8", ("FP8", "cFP8", "MXFP8"))):
        level = levels.peak_per_system(SPECS, system, dtype)
        rates = [(k, f) for t in types for k, f in chip.compute.items() if t in f.types and f.mode == "dense"]
        if not rates:
            assert level.value is None
            continue
        key, rate = rates[0]
        if chips is None:
            assert level.status == levels.NOT_PUBLISHED
            continue
        assert level.value == chips.value * rate.value
        expected = levels.PUBLISHED if f"compute.{key}" in system.published else levels.DERIVED
        assert level.status == expected


@pytest.mark.parametrize("chip", list(SPECS.chips.values()), ids=list(SPECS.chips))
def test_per_core_memory_and_peaks_follow_the_data(chip):
    core = SPECS.cores[chip.core]
    cores = chip.figures["neuron_cores"].value
    memory = chip.figures["device_memory"]
    tensor = core.engines["tensor"]
    bf16 = next(f for f in tensor.throughput if "BF16" in f.types and f.mode == "dense")
    for size in levels.lnc_support(SPECS, chip).groupings():
        assert levels.memory_per_core(SPECS, chip, size).value == memory.value / (cores / size)
        peak = levels.peak_per_core(SPECS, chip, "BF16", size)
        assert peak.value == bf16.value * size
        # A per-physical-core rate is published; a logical core's is this site's arithmetic.
        assert peak.status == (levels.PUBLISHED if size == 1 else levels.DERIVED)
        bf16_chip = next(f for f in chip.compute.values() if "BF16" in f.types and f.mode == "dense")
        share = levels.chip_share(SPECS, chip, "BF16", size)
        assert share.value == bf16_chip.value / (cores / size)
        # Where the chip rate divided by the cores is larger, the cell carries the note that says so.
        assert (vocabulary.NOT_ADDITIVE_NOTE in peak.notes) == (share.value > peak.value)


def test_lnc_applies_from_the_first_chip_with_a_default():
    first = min(c.ml_generation for c in SPECS.chips.values() if c.lnc_default)
    for chip in SPECS.chips.values():
        support = levels.lnc_support(SPECS, chip)
        assert support.applies == (chip.ml_generation >= first)
        assert support.default == (chip.lnc_default if support.applies else None)
        if support.applies:
            largest = levels.lnc_largest(SPECS).figure.value
            assert support.sizes == tuple(range(1, int(largest) + 1))
        else:
            assert support.groupings() == (1,)


def test_fp8_is_not_applicable_where_the_tensor_engine_takes_no_8_bit_float():
    for chip in SPECS.chips.values():
        inputs = SPECS.cores[chip.core].engines["tensor"].inputs
        level = levels.peak_per_core(SPECS, chip, "FP8", 1)
        if not any(t in inputs for t in levels.FP8_TYPES):
            assert level.status == levels.NOT_APPLICABLE
        else:
            assert level.value is not None


def test_unspecified_size_shows_what_is_known():
    system = next(s for s in SYSTEMS if "chips" not in s.figures)  # trn2.3xlarge
    chip = SPECS.chips[system.chip]
    assert levels.chips(SPECS, system).status == levels.NOT_PUBLISHED
    assert levels.peak_per_system(SPECS, system, "BF16").status == levels.NOT_PUBLISHED
    assert levels.memory_per_chip(SPECS, chip).value == chip.figures["device_memory"].value


# -- the built comparison page ---------------------------------------------------------------------
def test_chip_table_lists_every_chip(site):
    header = _grid(_table(site.html(COMPARE), CHIP_TABLE))[0]
    assert sorted(header[1:]) == sorted(c.name.removeprefix("AWS ") for c in SPECS.chips.values())


def test_core_table_lists_every_core(site):
    header = _grid(_table(site.html(COMPARE), CORE_TABLE))[0]
    assert sorted(header[1:]) == sorted(c.name for c in SPECS.cores.values())


@pytest.mark.parametrize("caption", [CHIP_TABLE, CORE_TABLE])
def test_no_row_mixes_units_and_no_cell_is_blank(site, caption):
    for label, cells in _rows(_table(site.html(COMPARE), caption)).items():
        found = {m.group(1) for c in cells if (m := re.match(r"[\d,.]+ ([^\s\d\[(]+)", _value(c)))}
        assert len(found) <= 1, f"row {label!r} mixes units: {sorted(found)}"
        assert all(_value(c) for c in cells), f"row {label!r} has a blank cell"


@pytest.mark.parametrize("caption", [CHIP_TABLE, CORE_TABLE])
def test_the_scope_is_said_once_and_rows_say_only_theirs(site, caption):
    """The caption says the table's scope; a row that counts at another level says so itself (the
    chip table's per-core rows), and no row repeats the caption's."""
    table = _table(site.html(COMPARE), caption)
    scope = caption.rpartition(" (")[2].rstrip(")")
    scopes = [s.get_text(strip=True) for s in table.select("tbody th .spec-scope")]
    assert all(scope.split("; ")[0] not in s for s in scopes), scopes
    per_core = [s for s in scopes if s.startswith("(per NeuronCore")]
    assert bool(per_core) == (caption == CHIP_TABLE), scopes


def test_absence_marks_are_distinct_and_legended(site):
    soup = site.html(COMPARE)
    table = _table(soup, CHIP_TABLE)
    for css, mark in MARKS.items():
        found = table.select(f"abbr.{css}")
        assert found, f"no {mark} cell in the chip table"
        assert {a.get_text(strip=True) for a in found} == {mark}
    titles = {css: table.select_one(f"abbr.{css}")["title"] for css in MARKS}
    assert titles["spec-not-applicable"] != titles["spec-not-published"]
    legend = table.find_next("p", class_="spec-legend")
    assert legend is not None
    text = legend.get_text(" ", strip=True)
    assert "n/a not applicable" in text and "n/p not published" in text


def test_hbm_stacks_not_applicable_exactly_where_memory_is_not_hbm(site):
    grid = _grid(_table(site.html(COMPARE), CHIP_TABLE))
    names = grid[0][1:]
    row = next(r for r in grid[1:] if r[0].startswith("HBM stacks"))
    for name, cell in zip(names, row[1:], strict=True):
        chip = next(c for c in SPECS.chips.values() if c.name.removeprefix("AWS ") == name)
        assert (_value(cell) == "n/a") == (chip.memory_type != "HBM"), name


def test_converted_cells_note_the_published_form(site):
    soup = site.html(COMPARE)
    table = _table(soup, CHIP_TABLE)
    grid = _grid(table)
    names = grid[0][1:]
    row = next(tr for tr in table.select("tbody tr") if tr.get_text().startswith("Memory bandwidth"))
    for name, cell in zip(names, row.find_all(["th", "td"])[1:], strict=True):
        chip = next(c for c in SPECS.chips.values() if c.name.removeprefix("AWS ") == name)
        figure = chip.figures["memory_bandwidth"]
        notes = [
            soup.find(id=a["href"].lstrip("#")).p.get_text(" ", strip=True) for a in cell.select("a.spec-note-ref")
        ]
        published = any(n.startswith(f"Published as {figure.text()}") for n in notes)
        number, unit = _value(cell.get_text(" ", strip=True)).split()
        assert unit == "GB/s", name  # the row's unit: every value between 1 and 9,999 (53.7 ... 4,900)
        assert published == (figure.unit != unit), (name, notes)
        exact = units.convert(figure.value, figure.unit, unit)
        shown = Decimal(number.replace(",", ""))
        assert abs(shown - exact) <= abs(exact) * Decimal("0.005"), (name, shown, exact)


# -- sparsity patterns and hardware DGE: features that arrived with NeuronCore-v3 ------------------


def _labelled_row(table, label: str):
    """(stub cell, value cells) of the row whose label is ``label``, with or without a scope."""
    for tr in table.select("tbody tr"):
        cells = tr.find_all(["th", "td"])
        text = cells[0].get_text(" ", strip=True)
        if text == label or text.startswith(f"{label} ("):
            return cells[0], cells[1:]
    raise AssertionError(f"no row {label!r}")


def _notes_of(soup, cell) -> list[str]:
    texts = [soup.find(id=a["href"].lstrip("#")).p.get_text(" ", strip=True) for a in cell.select("a.spec-note-ref")]
    return [t.replace("\u2019", "'") for t in texts]


def _columns(table) -> list:
    """The core of each column: a chip's core in the chip table, the core itself in the core table."""
    out = []
    for name in (_value(h) for h in _grid(table)[0][1:]):
        chip = next((c for c in SPECS.chips.values() if c.name.removeprefix("AWS ") == name), None)
        out.append(SPECS.cores[chip.core] if chip else next(c for c in SPECS.cores.values() if c.name == name))
    return out


def _generation(core) -> int:
    return min(c.ml_generation for c in SPECS.chips_with_core(core.id))


@pytest.mark.parametrize("caption", [CHIP_TABLE, CORE_TABLE])
def test_sparsity_patterns_row_lists_the_datas_patterns(site, caption):
    soup = site.html(COMPARE)
    table = _table(soup, caption)
    stub, cells = _labelled_row(table, "Sparsity patterns")
    # The chip table's scope is per chip, so this row says it counts per NeuronCore; the core table's is per core.
    scope = "(per NeuronCore; M:N, Tensor Engine)" if caption == CHIP_TABLE else "(M:N, Tensor Engine)"
    assert stub.select_one(".spec-scope").get_text(strip=True) == scope
    first = min(_generation(c) for c in SPECS.cores.values() if c.sparsity)
    why = next(c.sparsity.note for c in SPECS.cores.values() if c.sparsity and _generation(c) == first)
    for core, cell in zip(_columns(table), cells, strict=True):
        text = _value(cell.get_text(" ", strip=True))
        if core.sparsity:
            assert text == ", ".join(core.sparsity.patterns)
        else:  # before the first core with patterns: ruled out, with the note that says why
            assert _generation(core) < first and text == "n/a", core.id
            assert SPECS.notes[why] in _notes_of(soup, cell)
    sources = table.find_next("p", class_="spec-sources").get_text(" ", strip=True)
    assert all(SPECS.sources[c.sparsity.source]["title"] in sources for c in SPECS.cores.values() if c.sparsity)


def test_sparsity_patterns_of_the_real_chips(site):
    """Trainium2 and Trainium3 list AWS's seven patterns; the NeuronCore-v1 and v2 chips get n/a, not
    n/p: AWS says sparse matmul is new in NeuronCore-v3 and calls Trainium's sparse rate not applicable."""
    table = _table(site.html(COMPARE), CHIP_TABLE)
    names = [_value(h) for h in _grid(table)[0][1:]]
    _, cells = _labelled_row(table, "Sparsity patterns")
    row = dict(zip(names, (_value(c.get_text(" ", strip=True)) for c in cells), strict=True))

    def patterns(chip: str) -> str:
        sparsity = SPECS.cores[SPECS.chips[chip].core].sparsity
        assert sparsity is not None and sparsity.patterns, chip
        return ", ".join(sparsity.patterns)

    assert row == {
        "Inferentia": "n/a",
        "Trainium": "n/a",
        "Inferentia2": "n/a",
        "Trainium2": patterns("trainium2"),
        "Trainium3": patterns("trainium3"),
    }


# The sparse-rate rows: (table, row label, data types as the row looks them up).
SPARSE_ROWS = [
    (CHIP_TABLE, "FP16 / BF16, sparse", ("BF16",)),
    (CHIP_TABLE, "FP8, sparse", ("FP8", "cFP8")),
    (CORE_TABLE, "Tensor, BF16 sparse", ("BF16",)),
]


@pytest.mark.parametrize(("caption", "label", "dtypes"), SPARSE_ROWS, ids=[r[1] for r in SPARSE_ROWS])
def test_sparse_rates_follow_the_patterns_rule(site, caption, label, dtypes):
    """A sparse rate and the patterns row agree: a core older than the first core with patterns
    gets n/a with that core's note (not n/p); a later core's missing rate is n/p or n/a as before."""
    soup = site.html(COMPARE)
    table = _table(soup, caption)
    _, cells = _labelled_row(table, label)
    first = min(_generation(c) for c in SPECS.cores.values() if c.sparsity)
    why = next(c.sparsity.note for c in SPECS.cores.values() if c.sparsity and _generation(c) == first)
    predating = 0
    for core, cell in zip(_columns(table), cells, strict=True):
        text = _value(cell.get_text(" ", strip=True))
        if levels.tensor_rate(core, dtypes, "sparse") is None and _generation(core) < first:
            predating += 1
            assert text == "n/a", (label, core.id, text)
            assert SPECS.notes[why] in _notes_of(soup, cell), (label, core.id)
        elif text in ("n/a", "n/p"):
            assert SPECS.notes[why] not in _notes_of(soup, cell), (label, core.id)
    assert predating, f"no column of {label!r} predates structured sparsity"


def test_sparse_rates_of_the_real_chips(site):
    """AWS's Trainium2 comparison calls Trainium's sparse rate not applicable; NeuronCore-v1 and v2
    chips all predate structured sparsity. Trainium3 publishes no sparse FP8 rate: n/p."""
    soup = site.html(COMPARE)
    table = _table(soup, CHIP_TABLE)
    names = [_value(h) for h in _grid(table)[0][1:]]
    shown = {}
    for label in ("FP16 / BF16, sparse", "FP8, sparse"):
        _, cells = _labelled_row(table, label)
        shown[label] = dict(zip(names, (_value(c.get_text(" ", strip=True)) for c in cells), strict=True))
    for name in ("Inferentia", "Trainium", "Inferentia2"):
        assert shown["FP16 / BF16, sparse"][name] == shown["FP8, sparse"][name] == "n/a", name
    assert shown["FP8, sparse"]["Trainium3"] == "n/p"
    cores = _table(soup, CORE_TABLE)
    _, cells = _labelled_row(cores, "Tensor, BF16 sparse")
    row = {core.id: _value(cell.get_text(" ", strip=True)) for core, cell in zip(_columns(cores), cells, strict=True)}
    assert row["v1"] == row["v2"] == "n/a"


@pytest.mark.parametrize("caption", [CHIP_TABLE, CORE_TABLE])
def test_dge_row_follows_the_data(site, caption):
    """Hardware DGE: NeuronCore-v3's count; n/a before v3 (the note says why); n/p on NeuronCore-v4,
    whose documents do not mention it."""
    soup = site.html(COMPARE)
    table = _table(soup, caption)
    stub, cells = _labelled_row(table, "Descriptor Generation Engines")
    scope = "(per NeuronCore; hardware DGE count)" if caption == CHIP_TABLE else "(hardware DGE count)"
    assert stub.select_one(".spec-scope").get_text(strip=True) == scope
    dge = SPECS.figures["core:v3:dge-per-core"].figure
    by_core = {}
    for core, cell in zip(_columns(table), cells, strict=True):
        by_core.setdefault(core.id, []).append(cell)
    assert {core_id: {_value(c.get_text(" ", strip=True)) for c in found} for core_id, found in by_core.items()} == {
        "v1": {"n/a"},
        "v2": {"n/a"},
        "v3": {dge.text()},
        "v4": {"n/p"},
    }
    for cell in [*by_core["v1"], *by_core["v2"], *by_core["v3"]]:
        assert SPECS.notes[dge.note] in _notes_of(soup, cell)
    assert not any(_notes_of(soup, cell) for cell in by_core["v4"])
    sources = table.find_next("p", class_="spec-sources").get_text(" ", strip=True)
    assert SPECS.sources[dge.source]["title"] in sources


def test_a_feature_is_ruled_out_before_its_first_core_and_unpublished_after():
    """The rule behind both rows, for a feature first found on each core in turn."""
    from types import SimpleNamespace

    from docutils import nodes
    from neuron_hw.directives.feature_cells import feature_cell
    from neuron_hw.levels import core_generation
    from neuron_hw.tables import SpecTable

    cores = list(SPECS.cores.values())
    for owner in cores:
        item = SimpleNamespace(note="derived")
        table = SpecTable(SPECS, "t", "T")
        shown = []

        def found(_specs, core, owner=owner, item=item):
            return item if core is owner else None

        for core in cores:
            cell = feature_cell(table, SPECS, core, found, lambda _item: [nodes.Text("yes")])
            shown.append(cell[0].astext())
            if shown[-1] == "n/a":
                assert any(n.tagname == "reference" for n in cell), "an n/a cell carries the first core's note"
        expected = [
            "yes" if c is owner else "n/a" if core_generation(SPECS, c) < core_generation(SPECS, owner) else "n/p"
            for c in cores
        ]
        assert shown == expected, owner.id
    assert [core_generation(SPECS, c) for c in cores] == [1, 2, 3, 4]


def test_changes_table_factors_equal_their_formula(site):
    grid = _grid(_table(site.html(COMPARE), CHANGES_TABLE))
    pairs = previous_pairs(SPECS)
    assert len(grid[0]) == len(pairs) + 1
    keyed = {"Device memory": "device_memory", "Memory bandwidth": "memory_bandwidth", "SBUF, all cores": "sbuf_total"}
    for row in grid[1:]:
        key = keyed.get(row[0])
        if key is None:
            continue
        for (new, old, _), cell in zip(pairs, row[1:], strict=True):
            n, o = new.figures.get(key), old.figures.get(key)
            if n is None or o is None:
                assert _value(cell) in ("n/a", "n/p")
                continue
            ratio = units.convert(n.value, n.unit, o.unit) / o.value
            assert _value(cell).startswith(f"{ratio:.2f}\u00d7"), (row[0], new.id, old.id, cell)


def test_changes_table_shows_awss_stated_factors(site):
    grid = _grid(_table(site.html(COMPARE), CHANGES_TABLE))
    text = " ".join(" ".join(r) for r in grid)
    for comparison in SPECS.comparisons.values():
        for row in comparison.rows:
            if row.published:
                assert f"AWS: {row.published.replace('x', chr(0xD7))}" in text


# -- per-level tables on the family pages ----------------------------------------------------------
@pytest.mark.parametrize("family", list(SPECS.families.values()), ids=list(SPECS.families))
def test_family_page_has_per_level_table(site, family):
    soup = site.html(f"hardware/{family.page}.html")
    table = _table(soup, f"{family.name}: chips, cores, memory and dense peaks as software sees them")
    grid = _grid(table)
    systems = SPECS.systems_of(family.id)
    assert [_value(h) for h in grid[0][2:]] == [s.name for s in systems]
    rows = {r[0]: r[2:] for r in grid[1:]}
    chip = SPECS.chips[family.chip]
    for system, cell in zip(systems, rows["Physical NeuronCores"], strict=True):
        chips = system.figures.get("chips")
        expected = "n/p" if chips is None else f"{int(chips.value * chip.figures['neuron_cores'].value):,}"
        assert _value(cell) == expected
    support = levels.lnc_support(SPECS, chip)
    if support.default:
        label = f"Logical cores, LNC={support.default} (default)"
        for system, cell in zip(systems, rows[label], strict=True):
            chips = system.figures.get("chips")
            per_chip = chip.figures["neuron_cores"].value / support.default
            assert _value(cell) == ("n/p" if chips is None else f"{int(chips.value * per_chip):,}")


@pytest.mark.parametrize("part", ["cores and memory", "dense peaks"])
def test_instances_page_has_the_per_level_overview(site, part):
    caption = f"Every size as software sees it: {part} (default LNC)"
    rows = _rows(_table(site.html("hardware/neuron-instances.html"), caption))
    assert [_value(name) for name in rows] == [s.name for s in SYSTEMS]


# -- reachability ----------------------------------------------------------------------------------
def _links_to_compare(soup, prefix: str) -> bool:
    return any(a["href"].partition("#")[0] == f"{prefix}compare.html" for a in soup.select("article a[href]"))


def test_landing_page_links_to_comparison(site):
    assert _links_to_compare(site.html("index.html"), "hardware/")


@pytest.mark.parametrize(
    "page",
    [c.page for c in SPECS.chips.values()] + [c.page for c in SPECS.cores.values()],
)
def test_chip_and_core_pages_link_to_comparison(site, page):
    assert _links_to_compare(site.html(f"hardware/{page}.html"), "")


# -- tables.py: generated notes and absence marks --------------------------------------------------
def test_spec_table_generated_notes_and_marks():
    from neuron_hw.tables import NOT_APPLICABLE, NOT_PUBLISHED, SpecTable

    table = SpecTable(SPECS, "t", "T")
    key = table.text_note("Published as 50 GiB/s.")
    assert table.text_note("Published as 50 GiB/s.") == key
    cell = table.cell("0.0537 TB/s", key, key)  # a note given twice is marked once
    assert sum(1 for n in cell if n.tagname == "reference") == 1
    na, np_ = table.absent(NOT_APPLICABLE), table.absent(NOT_PUBLISHED)
    assert na[0].astext() == "n/a" and np_[0].astext() == "n/p"
    assert na[0]["classes"] != np_[0]["classes"]
    footer = table.build(["Q", "V"], [["a", cell], ["b", na], ["c", np_]])[1:]
    texts = [n.astext() for n in footer]
    assert any(t.startswith("Marks: n/a not applicable") and "n/p not published" in t for t in texts)
    assert any("Published as 50 GiB/s." in t for t in texts)


def test_efa_per_chip_marks_agree_with_the_ridge_table_and_the_data(site):
    """The chip table's EFA row and the ridge-point table's EFA column give the same per-chip figure
    or mark for every chip. A chip none of whose instances has EFA in the data (EC2 lists none on
    any Inferentia2 size) is n/a; one with EFA on some size but no per-chip figure is n/p."""
    soup = site.html(COMPARE)
    grid = _grid(_table(soup, CHIP_TABLE))
    names = grid[0][1:]
    chip_row = dict(zip(names, next(r for r in grid[1:] if r[0].startswith("EFA"))[1:], strict=True))
    ridge = _grid(_table(soup, "Roofline ridge points per chip (dense compute \u00f7 bandwidth, both per chip)"))
    column = next(i for i, h in enumerate(ridge[0]) if h.startswith("EFA bandwidth per chip"))
    for chip in SPECS.chips.values():
        name = chip.name.removeprefix("AWS ")
        has_efa = any(levels.system_efa(SPECS, s)[0] is not None for s in SPECS.systems_with_chip(chip.id))
        shown = _value(chip_row[name])
        if not has_efa:
            assert shown == "n/a", name
        elif shown in ("n/a", "n/p"):
            assert shown == "n/p", name
        for row in ridge[1:]:
            if row[0].startswith(f"{name}, "):
                assert _value(row[column]) == shown.removesuffix("\u00a0Gbps").removesuffix(" Gbps"), row[0]
    assert _value(chip_row["Inferentia2"]) == "n/a"


def test_the_lnc_table_of_the_concept_page_follows_the_data(site):
    """One rule for every page: LNC applies from the chip that introduced it (levels.lnc_support).
    A platform it does not apply to reads "not applicable" in both columns of the concept page's
    table, as the instance tables mark it n/a, never a list of sizes."""
    table = site.html("concepts/logical-neuroncores.html").select_one("article table")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    seen = set()
    for platform, sizes, default in rows:
        families = [f for f in SPECS.families.values() if re.search(rf"\b{re.escape(f.id)}\b", platform, re.IGNORECASE)]
        assert families, platform
        for family in families:
            support = levels.lnc_support(SPECS, SPECS.chips[family.chip])
            seen.add(family.id)
            if not support.applies:
                assert sizes.startswith("not applicable") and default == "not applicable", platform
                continue
            assert re.findall(r"\d+", sizes) == [str(n) for n in support.sizes], platform
            assert default == (str(support.default) if support.default else "not published"), platform
    assert seen == set(SPECS.families), "a family is missing from the table"
