"""Sizing figures: ridge points, weights that fit, and the charts.

Expected values are computed here from the data file with this file's own unit table, never
copied from the built pages or taken from ``sizing.py``'s arithmetic.
"""

from __future__ import annotations

import copy
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import DATA
from conftest import table_captioned as _table
from neuron_hw import sizing
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
COMPARE = "hardware/compare.html"
RIDGE_TABLE = "Roofline ridge points per chip (dense compute \u00f7 bandwidth, both per chip)"
FITS_TABLE = f"Model weights that fit in device memory (per instance or UltraServer; {sizing.WEIGHTS_ONLY})"
CHARTS_TABLE = "The per-chip figures the charts draw (their text alternative)"

# Bytes (or FLOP) per unit, written out independently of units.py. Bit rates are divided by 8.
PER_UNIT = {
    "TFLOPS": Decimal(10) ** 12,
    "GiB": Decimal(2) ** 30,
    "GiB/s": Decimal(2) ** 30,
    "GB/s": Decimal(10) ** 9,
    "TB/s": Decimal(10) ** 12,
    "Gbps": Decimal(10) ** 9 / 8,
}
EIGHT_BIT = ("FP8", "cFP8", "MXFP8")
DTYPES = {"BF16": ("BF16",), "8-bit float": EIGHT_BIT, "FP32": ("FP32",)}
MARKS = ("n/a", "n/p")


def shown(value: Decimal) -> Decimal:
    """Whole numbers from 100 up, three significant figures below (the tables' stated rule)."""
    if value >= 100:
        return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 2), rounding=ROUND_HALF_UP)


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _value(cell) -> str:
    """A cell's text without its note markers."""
    cell = copy.copy(cell)  # the page's tree is shared by the tests: edit a copy
    for ref in cell.select("a.spec-note-ref"):
        ref.decompose()
    return cell.get_text(" ", strip=True)


def _grid(table) -> list[list[str]]:
    return [[_value(c) for c in tr.find_all(["th", "td"])] for tr in table.select("tr")]


def dense_rate(chip, dtypes):
    for dtype in dtypes:
        for figure in chip.compute.values():
            if dtype in figure.types and figure.mode == "dense":
                return figure
    return None


def efa_per_chip(chip):
    if "efa_per_chip" in chip.figures:
        return chip.figures["efa_per_chip"]
    for family in SPECS.families.values():
        extra = SPECS.figures.get(f"family:{family.id}:efa-per-chip")
        if family.chip == chip.id and extra is not None:
            return extra.figure
    return None


def bandwidths(chip):
    return {
        "device memory": chip.figures.get("memory_bandwidth"),
        "NeuronLink": chip.figures.get("neuronlink_bandwidth"),
        "EFA": efa_per_chip(chip),
    }


def ridge(rate, link) -> Decimal:
    return rate.value * PER_UNIT[rate.unit] / (link.value * PER_UNIT[link.unit])


# -- ridge points --------------------------------------------------------------------------------
@pytest.mark.parametrize("chip", list(SPECS.chips.values()), ids=list(SPECS.chips))
def test_ridge_points_equal_compute_over_bandwidth(chip):
    for against, link in zip((sizing.MEMORY, sizing.NEURONLINK, sizing.EFA), bandwidths(chip).values(), strict=True):
        for dtype, types in (("BF16", ("BF16",)), ("FP8", EIGHT_BIT), ("FP32", ("FP32",))):
            rate = dense_rate(chip, types)
            level = sizing.ridge_point(SPECS, chip, dtype, against)
            if rate is None or link is None:
                assert level.value is None and level.status in (sizing.NOT_APPLICABLE, sizing.NOT_PUBLISHED)
                continue
            assert level.value == ridge(rate, link), (chip.id, dtype, against)
            assert level.status == sizing.DERIVED


def test_ridge_table_shows_every_formula_result(site):
    table = _table(site.html(COMPARE), RIDGE_TABLE)
    grid = _grid(table)
    header, rows = grid[0], {r[0]: r[1:] for r in grid[1:]}
    expected_rows = set()
    for chip in SPECS.chips.values():
        name = chip.name.removeprefix("AWS ")
        for label, types in DTYPES.items():
            rate = dense_rate(chip, types)
            if rate is None:
                continue
            row_label = next((r for r in rows if r.startswith(f"{name}, {label}")), None)
            assert row_label is not None, (name, label)
            expected_rows.add(row_label)
            cells = rows[row_label]
            assert number(cells[0]) == rate.value * PER_UNIT[rate.unit] / PER_UNIT["TFLOPS"]
            for i, link in enumerate(bandwidths(chip).values()):
                ridge_cell = cells[2 + 2 * i]
                if link is None:
                    assert ridge_cell in MARKS
                else:
                    assert number(ridge_cell) == shown(ridge(rate, link)), (row_label, i)
    assert set(rows) == expected_rows
    # The formula is named in the column headers, next to the figures it divides.
    assert sum("\u00f7" in h for h in header) == 3


def test_every_computed_cell_is_marked_derived(site):
    soup = site.html(COMPARE)
    derived = SPECS.notes["derived"]
    for caption, first_computed in ((RIDGE_TABLE, None), (FITS_TABLE, 2)):
        table = _table(soup, caption)
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        computed = (
            [i for i, h in enumerate(heads) if h.startswith("Ridge")]
            if first_computed is None
            else list(range(first_computed, len(heads)))
        )
        for tr in table.select("tbody tr"):
            cells = tr.find_all(["th", "td"])
            for i in computed:
                if cells[i].select_one("abbr"):
                    continue  # an absence mark, not a value
                notes = [
                    soup.find(id=a["href"].lstrip("#")).p.get_text(" ", strip=True)
                    for a in cells[i].select("a.spec-note-ref")
                ]
                assert derived in notes, (caption, tr.get_text(" ", strip=True)[:40], i)


# -- weights that fit ----------------------------------------------------------------------------
def bytes_per_parameter(chip, fmt: str) -> Decimal | None:
    inputs = SPECS.cores[chip.core].engines["tensor"].inputs
    group = SPECS.figures["core:v4:mx-group"].figure.value
    scale = SPECS.figures["core:v4:mx-scale-bits"].figure.value
    if fmt == "BF16":
        return Decimal(2) if "BF16" in inputs else None
    if fmt == "FP8":
        if "FP8" in inputs or "cFP8" in inputs:
            return Decimal(1)
        return (8 + scale / group) / 8 if "MXFP8" in inputs else None
    return (4 + scale / group) / 8 if "MXFP4" in inputs else None


def expected_fit(system, fmt: str) -> Decimal | None:
    chip = SPECS.chips[system.chip]
    per = bytes_per_parameter(chip, fmt)
    if per is None or "chips" not in system.figures:
        return None
    memory = system.figures["chips"].value * chip.figures["device_memory"].value
    return memory * PER_UNIT[chip.figures["device_memory"].unit] / per / Decimal(10) ** 9


def test_mxfp4_counts_the_shared_scale():
    trainium3 = next(c for c in SPECS.chips.values() if "MXFP4" in SPECS.cores[c.core].engines["tensor"].inputs)
    group = SPECS.figures["core:v4:mx-group"].figure.value
    scale = SPECS.figures["core:v4:mx-scale-bits"].figure.value
    assert bytes_per_parameter(trainium3, "MXFP4") == Decimal(4) / 8 + scale / group / 8
    encoding = sizing.encoding_for(SPECS, trainium3, sizing.WEIGHT_FORMATS[2])
    assert sizing.bytes_per_parameter(SPECS, encoding) == bytes_per_parameter(trainium3, "MXFP4")


@pytest.mark.parametrize("system", list(SPECS.systems.values()), ids=list(SPECS.systems))
def test_weights_that_fit_equal_memory_over_bytes_per_parameter(system):
    for fmt in sizing.WEIGHT_FORMATS:
        level = sizing.weights_that_fit(SPECS, system, fmt)
        expected = expected_fit(system, fmt.name)
        if expected is None:
            assert level.value is None
        else:
            assert level.value == expected, (system.id, fmt.name)
            assert level.status == sizing.DERIVED


def _check_fits_table(table, systems):
    grid = _grid(table)
    header = grid[0]
    assert header[2:] == [f"{f.name} weights (billion parameters)" for f in sizing.WEIGHT_FORMATS]
    assert [r[0] for r in grid[1:]] == [s.name for s in systems]
    for system, row in zip(systems, grid[1:], strict=True):
        chip = SPECS.chips[system.chip]
        if "chips" in system.figures:
            assert number(row[1]) == system.figures["chips"].value * chip.figures["device_memory"].value
        for fmt, cell in zip(sizing.WEIGHT_FORMATS, row[2:], strict=True):
            expected = expected_fit(system, fmt.name)
            assert (cell in MARKS) if expected is None else number(cell) == shown(expected), (system.id, fmt.name)


def test_fits_table_on_the_comparison_page(site):
    soup = site.html(COMPARE)
    table = _table(soup, FITS_TABLE)
    _check_fits_table(table, list(SPECS.systems.values()))
    # The caption and the formula beside the table say what is counted and what is not.
    formula = table.find_previous("p", class_="nhw-formula").get_text(" ", strip=True)
    assert sizing.WEIGHTS_ONLY in formula
    group = SPECS.figures["core:v4:mx-group"].figure.value
    assert f"\u00f7 {group} elements" in formula


@pytest.mark.parametrize("family", list(SPECS.families.values()), ids=list(SPECS.families))
def test_fits_table_on_each_family_page(site, family):
    table = _table(
        site.html(f"hardware/{family.page}.html"),
        f"{family.name}: model weights that fit in device memory ({sizing.WEIGHTS_ONLY})",
    )
    _check_fits_table(table, SPECS.systems_of(family.id))


# -- one unit per column -------------------------------------------------------------------------
UNIT_IN_HEADER = re.compile(r"\(([^()]*)\)")


@pytest.mark.parametrize("caption", [RIDGE_TABLE, FITS_TABLE, CHARTS_TABLE])
def test_no_column_mixes_units(site, caption):
    """Every value column names one unit in its header; its cells hold bare numbers or marks."""
    grid = _grid(_table(site.html(COMPARE), caption))
    header = grid[0]
    for i, title in enumerate(header[1:], start=1):
        assert UNIT_IN_HEADER.search(title), f"column {title!r} names no unit"
        for row in grid[1:]:
            assert row[i] in MARKS or re.fullmatch(r"\d[\d,]*(\.\d+)?", row[i]), (title, row[0], row[i])


# -- charts --------------------------------------------------------------------------------------
def _svgs(site, css: str):
    return site.html(COMPARE).select(f"svg.nhw-chart.{css}")


def test_every_chart_has_a_title_and_a_description(site):
    charts = site.html(COMPARE).select("svg.nhw-chart")
    assert len(charts) == 5 + len(SPECS.chips)
    for svg in charts:
        title, desc = svg.find("title"), svg.find("desc")
        assert title and title.get_text(strip=True) and desc and desc.get_text(strip=True)
        assert svg["role"] == "img"
        assert svg["aria-labelledby"].split() == [title["id"], desc["id"]]
        assert float(svg["width"]) <= 352  # fits a 390 px phone unscaled


CHART_FIGURES = {
    "Dense BF16 compute per chip": (lambda c: dense_rate(c, ("BF16",)), "TFLOPS"),
    "Dense 8-bit float compute per chip": (lambda c: dense_rate(c, EIGHT_BIT), "TFLOPS"),
    "Device memory per chip": (lambda c: c.figures.get("device_memory"), "GiB"),
    # GB/s, not TB/s: the unit that reads every chip between 1 and 9,999 (53.7 ... 4,900)
    "Device-memory bandwidth per chip": (lambda c: c.figures.get("memory_bandwidth"), "GB/s"),
    "NeuronLink bandwidth per chip": (lambda c: c.figures.get("neuronlink_bandwidth"), "GB/s"),
}


def test_bar_charts_draw_the_data(site):
    charts = _svgs(site, "nhw-chart--bars")
    assert len(charts) == len(CHART_FIGURES)
    for svg in charts:
        title = svg.find("title").get_text(strip=True)
        get, unit = next(v for k, v in CHART_FIGURES.items() if title.startswith(k))
        assert title.endswith(f"({unit})")
        labels = [t.get_text(strip=True) for t in svg.select("text.nhw-chart__label")]
        assert sorted(labels) == sorted(c.name.removeprefix("AWS ") for c in SPECS.chips.values())
        bars = svg.select("rect.nhw-chart__bar")
        drawn = {}
        for chip in SPECS.chips.values():
            figure = get(chip)
            if figure is None:
                continue
            expected = figure.value * PER_UNIT.get(figure.unit, 1) / PER_UNIT.get(unit, 1)
            drawn[chip.id] = expected
        values = [Decimal(b["data-value"]) for b in bars]
        assert sorted(values) == sorted(drawn.values()), title
        # Bar lengths are proportional to the values, from a common zero.
        widths = [float(b["width"]) for b in bars]
        scale = max(widths) / float(max(values))
        for value, width in zip(values, widths, strict=True):
            assert math.isclose(width, float(value) * scale, abs_tol=0.02), (title, value, width)
        assert len({b["x"] for b in bars}) == 1


def _line(svg, css):
    el = svg.select_one(f"line.{css}")
    return [float(el[k]) for k in ("x1", "y1", "x2", "y2")], el


def test_roofline_charts_draw_the_data(site):
    charts = _svgs(site, "nhw-chart--roofline")
    assert len(charts) == len(SPECS.chips)
    for svg, chip in zip(charts, SPECS.chips.values(), strict=True):
        assert chip.name.removeprefix("AWS ") in svg.find("title").get_text()
        memory = chip.figures["memory_bandwidth"]
        (x1, y1, x2, y2), roof = _line(svg, "nhw-chart__memory")
        assert Decimal(roof["data-value"]) == memory.value * PER_UNIT[memory.unit]
        rates = {dense_rate(chip, types) for types in DTYPES.values()} - {None}
        drawn = svg.select("line.nhw-chart__roof")
        assert sorted(Decimal(r["data-value"]) for r in drawn) == sorted({r.value * PER_UNIT[r.unit] for r in rates})
        for dot in svg.select("circle.nhw-chart__ridge"):
            rate = next(r for r in rates if Decimal(dot["data-value"]) == ridge(r, memory))
            assert rate is not None
            # The ridge point lies on the memory roof (log-log: a straight line).
            cx, cy = float(dot["cx"]), float(dot["cy"])
            assert math.isclose((cy - y1) * (x2 - x1), (y2 - y1) * (cx - x1), abs_tol=0.5 * abs(x2 - x1))
        # Heights on the log axis: the gap between two roofs is proportional to the log of their ratio.
        ys = sorted((float(r["y1"]), float(r["data-value"])) for r in drawn)
        per_decade = [(ys[0][0] - y) / math.log10(v / ys[0][1]) for y, v in ys[1:]]
        assert all(math.isclose(p, per_decade[0], rel_tol=1e-3) for p in per_decade)


def test_charts_use_theme_colours_only(site):
    """No colour is written into a chart: classes styled with the theme's variables colour it."""
    for svg in site.html(COMPARE).select("svg.nhw-chart"):
        text = str(svg)
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|\b(fill|stroke)=", text)
        assert "style=" not in text
    css = (site.outdir / "_static" / "site.css").read_text(encoding="utf-8")
    for css_class in ("nhw-chart__bar", "nhw-chart__memory", "nhw-chart__roof--0"):
        rule = re.search(rf"\.{css_class}[^{{]*\{{([^}}]*)\}}", css)
        assert rule and "var(--pst-color-" in rule.group(1), css_class


def test_charts_table_is_the_text_alternative(site):
    soup = site.html(COMPARE)
    table = _table(soup, CHARTS_TABLE)
    grid = _grid(table)
    assert [h.partition(" (")[0] for h in grid[0][1:]] == list(CHART_FIGURES)
    names = [r[0] for r in grid[1:]]
    assert sorted(names) == sorted(c.name.removeprefix("AWS ") for c in SPECS.chips.values())
    # Each chart's description carries its values in words, too.
    for svg in soup.select("svg.nhw-chart--bars"):
        desc = svg.find("desc").get_text()
        for label in (t.get_text() for t in svg.select("text.nhw-chart__label")):
            assert label in desc


def test_sizing_section_holds_the_tables_and_charts(site):
    section = site.html(COMPARE).find("section", id="sizing")
    assert section is not None
    captions = {" ".join(c.get_text().split()) for c in section.select("caption .caption-text")}
    assert {RIDGE_TABLE, FITS_TABLE, CHARTS_TABLE} <= captions
    assert len(section.select("svg.nhw-chart")) == 5 + len(SPECS.chips)
