"""One convention for missing figures in every table: ``n/a`` where the data rules
a figure out, ``n/p`` where no source gives it, each explained by a legend under its table; never an
em dash that could mean either.

Expected marks are computed here from the data file, never copied from the built pages.
"""

from __future__ import annotations

import copy

import pytest
from conftest import DATA
from conftest import table_captioned as _table
from neuron_hw import levels
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
DASH = "\u2014"
MARKS = {"spec-not-applicable": "n/a", "spec-not-published": "n/p"}
NA, NP = "n/a", "n/p"


def _mark(cell) -> str | None:
    """The absence mark a cell shows (n/a or n/p), or ``None``."""
    abbr = cell.select_one("abbr")
    if abbr is None:
        return None
    (kind,) = set(abbr.get("class", [])) & set(MARKS)
    assert abbr.get_text(strip=True) == MARKS[kind]
    return MARKS[kind]


def _text(cell) -> str:
    """The cell's text without its note markers."""
    cell = copy.copy(cell)  # the page's tree is shared by the tests: edit a copy
    for ref in cell.select("a.spec-note-ref"):
        ref.extract()
    return cell.get_text(" ", strip=True)


def _notes_of(soup, cell) -> list[str]:
    """The text of each note a cell cites, with plain apostrophes as in the data."""
    texts = [soup.find(id=a["href"].lstrip("#")).p.get_text(" ", strip=True) for a in cell.select("a.spec-note-ref")]
    return [t.replace("\u2019", "'") for t in texts]


def _rows(table) -> dict[str, list]:
    return {
        tr.find(["th", "td"]).get_text(" ", strip=True): tr.find_all(["th", "td"])[1:]
        for tr in table.select("tbody tr")
    }


def test_no_spec_table_cell_is_a_dash(site):
    dashes = []
    for page in site.pages():
        soup = site.html(str(page.relative_to(site.outdir)))
        for table in soup.select("table.spec-table"):
            caption = " ".join(table.select_one("caption .caption-text").get_text().split())
            for cell in table.select("td, th"):
                if _text(cell) == DASH:
                    dashes.append(f"{page.relative_to(site.outdir)}: {caption}")
    assert not dashes, sorted(set(dashes))


def test_every_table_with_a_mark_has_its_legend(site):
    checked = 0
    for page in site.pages():
        soup = site.html(str(page.relative_to(site.outdir)))
        for table in soup.select("table.spec-table"):
            used = {_mark(cell) for cell in table.select("td, th")} - {None}
            if not used:
                continue
            legend = table.find_next("p", class_="spec-legend")
            following = table.find_next("table")
            assert legend is not None, page
            assert following is None or legend in following.find_all_previous("p"), f"{page}: legend of another table"
            text = legend.get_text(" ", strip=True)
            for mark in used:
                assert f"{mark} not " in text, (page, mark)
            checked += 1
    assert checked > 20


# -- each older table: the mark the data calls for -------------------------------------------------
@pytest.mark.parametrize("family", sorted(SPECS.families))
def test_instance_sizes_marks_follow_the_data(site, family):
    fam = SPECS.families[family]
    table = _table(site.html(f"hardware/{fam.page}.html"), f"{fam.name} sizes (per instance or UltraServer)")
    systems = SPECS.systems_of(family)
    rows = _rows(table)
    servers_of = {s.server for s in SPECS.systems.values() if s.server}
    for label, cells in rows.items():
        for system, cell in zip(systems, cells, strict=True):
            mark = _mark(cell)
            if mark is None:
                continue
            chips = system.figures.get("chips")
            if label in ("Servers", "Server type"):
                expected = NA if system.kind == "instance" else NP
            elif label.startswith("NeuronLink bandwidth"):
                expected = NA if chips is not None and chips.value == 1 else NP
            elif label.startswith("NeuronLink between servers"):
                standalone = system.kind == "instance" and system.id not in servers_of and chips is not None
                expected = NA if standalone else NP
            elif label.startswith("EFA"):
                expected = NA if chips is not None else NP  # none on a size the sources describe: no EFA
            else:
                expected = NP
            assert mark == expected, (family, label, system.id)
    # Every size without a chip count (trn2.3xlarge) is n/p wherever the chips decide the figure.
    for system, cell in zip(systems, rows.get(f"{SPECS.chips[fam.chip].name} chips", []), strict=False):
        assert (_mark(cell) == NP) == ("chips" not in system.figures)


def test_efa_marks_agree_on_every_instance_table(site):
    overview = _table(
        site.html("hardware/neuron-instances.html"), "Choose an instance: every size and UltraServer (sort and filter)"
    )
    header = [th.get_text(" ", strip=True) for th in overview.select("thead th")]
    column = next(i for i, h in enumerate(header) if h.startswith("EFA"))
    for tr in overview.select("tbody tr"):
        cells = tr.find_all(["th", "td"])
        name = _text(cells[0])
        system = next(s for s in SPECS.systems.values() if s.name == name)
        figure, status = levels.system_efa(SPECS, system)
        expected = None if figure is not None else (NA if status == levels.NOT_APPLICABLE else NP)
        assert _mark(cells[column]) == expected, name


def test_core_overview_marks_match_the_compare_page(site):
    """The NeuronCore pages' side-by-side table and the comparison page's core table give the same
    mark, with the same note, for each missing Tensor Engine rate (the sparse rule of 6a8048e)."""
    soup = site.html("hardware/neuroncores-arch.html")
    overview = _rows(_table(soup, "NeuronCore versions side by side (per NeuronCore)"))
    compare_soup = site.html("hardware/compare.html")
    compare = {
        label.split(" (")[0]: cells
        for label, cells in _rows(
            _table(
                compare_soup,
                "Every NeuronCore version side by side (per physical NeuronCore; compute dense unless a row says sparse)",
            )
        ).items()
    }
    pairs = {
        "Tensor Engine, 8-bit float (dense)": ("Tensor, 8-bit float", levels.FP8_TYPES, "dense"),
        "Tensor Engine, FP32 (dense)": ("Tensor, FP32", ("FP32",), "dense"),
        "Tensor Engine, sparse": ("Tensor, BF16 sparse", ("BF16",), "sparse"),
    }
    for row, (compare_row, dtypes, mode) in pairs.items():
        for core, mine, theirs in zip(SPECS.cores.values(), overview[row], compare[compare_row], strict=True):
            if levels.tensor_rate(core, dtypes, mode) is not None:
                assert _mark(mine) is None
                continue
            status, note = levels.absent_rate(SPECS, core, dtypes, mode)
            assert _mark(mine) == _mark(theirs) == (NA if status == levels.NOT_APPLICABLE else NP), (row, core.id)
            expected = [SPECS.notes[note]] if note else []
            assert _notes_of(soup, mine) == _notes_of(compare_soup, theirs) == expected, (row, core.id)
    # The sparse rule from the data: n/a with the first sparse core's note before it, on v1 and v2 here.
    first = min((c for c in SPECS.cores.values() if c.sparsity), key=lambda c: levels.core_generation(SPECS, c))
    older = [c for c in SPECS.cores.values() if levels.core_generation(SPECS, c) < levels.core_generation(SPECS, first)]
    assert older
    for core in older:
        cell = overview["Tensor Engine, sparse"][list(SPECS.cores).index(core.id)]
        assert _mark(cell) == NA and _notes_of(soup, cell) == [SPECS.notes[first.sparsity.note]]
    clocks = overview["Tensor Engine clock"]
    for core, cell in zip(SPECS.cores.values(), clocks, strict=True):
        tensor = core.engines.get("tensor")
        expected = NA if tensor is None else (NP if tensor.clock is None else None)
        assert _mark(cell) == expected, core.id


@pytest.mark.parametrize("core_id", sorted(SPECS.cores))
def test_engine_table_marks_follow_the_data(site, core_id):
    core = SPECS.cores[core_id]
    table = _table(site.html(f"hardware/{core.page}.html"), f"{core.name} compute engines (per NeuronCore)")
    rows = _rows(table)
    for engine in core.engines.values():
        throughput, _types, outputs, clock = rows[engine.name]
        assert _mark(throughput) == (None if engine.throughput else NP), engine.id
        assert _mark(clock) == (None if engine.clock else NP), engine.id
        # AWS gives these engines one list of types, no output list of its own.
        assert _text(outputs) == (", ".join(engine.outputs) or "not listed separately"), engine.id


@pytest.mark.parametrize("comparison_id", sorted(SPECS.comparisons))
def test_chip_comparison_stated_factor_is_not_published_where_aws_states_none(site, comparison_id):
    comparison = SPECS.comparisons[comparison_id]
    old, new = SPECS.chips[comparison.old], SPECS.chips[comparison.new]
    table = _table(site.html(f"hardware/{new.page}.html"), f"{new.name} compared with {old.name} (per chip)")
    rows = _rows(table)
    for row in comparison.rows:
        stated = rows[row.label][-1]
        if row.published:
            assert _text(stated) == row.published
        else:
            assert _mark(stated) == NP, row.label
