"""Numbers a reader can scan: one unit per line of a table, chosen so that its values read between
1 and 9,999 (``units.line_unit``), and each table's scope said once.

The rule is tested on its own first, then on every table of the built site: every value in a line
that shares a unit lies in 1 to 9,999, except where the rule says why not, and those exceptions are
listed here one by one, so that a new one fails until it is looked at.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import DATA
from conftest import table_captioned as _table
from neuron_hw import units
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
D = Decimal


# -- the rule ----------------------------------------------------------------------------------
def test_a_row_of_bandwidths_reads_in_gb_per_second_not_fractions_of_a_tb():
    row = [(D(50), "GiB/s"), (D(820), "GiB/s"), (D(820), "GiB/s"), (D("2.9"), "TB/s"), (D("4.9"), "TB/s")]
    assert units.line_unit(row, "TB/s") == "GB/s"
    shown = [units.shown_in(v, u, "GB/s") for v, u in row]
    assert [units.format_number(v) for v in shown] == ["53.7", "880", "880", "2,900", "4,900"]


def test_on_a_tie_the_published_unit_stays():
    # 1, 1, 3.5 and 4.9 TB/s read in range in GB/s too (1,000 ... 4,900): no conversion is needed
    row = [(D(1), "TB/s"), (D(1), "TB/s"), (D("3.5"), "TB/s"), (D("4.9"), "TB/s")]
    assert units.line_unit(row, "TB/s") == "TB/s"


def test_the_family_never_changes():
    # A binary row stays binary even where a decimal unit would read better, and the reverse.
    assert units.line_unit([(D(13120), "GiB/s"), (D(820), "GiB/s")], "GiB/s") == "GiB/s"
    assert units.line_unit([(D(9216), "GiB"), (D(20736), "GiB")], "GiB") == "TiB"
    assert not units.is_binary(units.line_unit([(D(20736), "GiB")], "GB"))
    # Without a declared unit, the family most values are written in; decimal on a tie.
    assert units.line_unit([(D(32), "GiB/s"), (D(192), "GiB/s")]) == "GiB/s"
    assert units.line_unit([(D(820), "GiB/s"), (D("2.9"), "TB/s")]) == "GB/s"


def test_the_unit_that_puts_most_values_in_range_wins_when_the_spread_is_too_wide():
    column = [(D(v), "TFLOPS") for v in (190, 1140, 2280, 3040, 20784, 83136, 161088)]
    assert units.line_unit(column) == "PFLOPS"  # six in range against four in TFLOPS
    # A tie keeps the published unit: six each way.
    assert units.line_unit([(D(v), "TFLOPS") for v in (190, 190, 190, 1140, 2280, 3040, 20784, 83136, 161088)]) == (
        "TFLOPS"
    )
    assert units.line_unit([(D(64), "TFLOPS"), (D(256), "TFLOPS"), (D(10672), "TFLOPS")]) == "TFLOPS"


@pytest.mark.parametrize(
    ("value", "unit", "to", "shown"),
    [
        ("1299", "TFLOPS", "PFLOPS", "1.299"),  # as many figures as published: never 1.3
        ("20784", "TFLOPS", "PFLOPS", "20.784"),
        ("50", "GiB/s", "GB/s", "53.7"),  # at least three significant figures
        ("2.9", "TB/s", "GB/s", "2900"),
        ("0.96", "GHz", "MHz", "960"),
        ("3200", "Gbps", "Tbps", "3.2"),
        ("27648", "GiB", "TiB", "27"),
    ],
)
def test_a_converted_value_keeps_its_significant_figures(value, unit, to, shown):
    converted = units.shown_in(D(value), unit, to)
    assert converted == D(shown)
    exact = units.convert(D(value), unit, to)
    assert abs(converted - exact) <= abs(exact) * D("0.005")  # three significant figures at least


def test_the_data_files_units_are_unchanged():
    """Units shown only on pages are not units the data file may use (its schema lists UNITS)."""
    assert not set(units.SHOWN_ONLY) & set(units.UNITS)
    for unit, (dim, _) in units.SHOWN_ONLY.items():
        assert dim in {d for d, _ in units.UNITS.values()}, unit


# -- every table of the built site -------------------------------------------------------------
NUMBER = r"\d[\d,]*(?:\.\d+)?"
ALL_UNITS = sorted({*units.UNITS, *units.SHOWN_ONLY, *units.DISPLAY.values()}, key=len, reverse=True)
QUANTITY = re.compile(rf"^({NUMBER})\s+({'|'.join(re.escape(u) for u in ALL_UNITS)})$")
KEY = {shown: key for key, shown in units.DISPLAY.items()}

# The lines with values outside 1 to 9,999 on the site, with how many such values each holds and
# the reason the rule gives: (page, caption, line) -> (count, reason).  The values themselves come
# from the data; the test checks that the unit shown is the rule's best for each line.
SPREAD = "the line's values spread over more than one unit's range: no unit puts more in range"
BEYOND = "beyond the family's largest unit (binary bandwidth has no unit above GiB/s)"
NOT_THIS_RULE = "the engines table lists each engine's clock as published (not a comparison table of this rule)"
INSTANCES, TRN1 = "hardware/neuron-instances.html", "hardware/trn1-arch.html"
PEAKS = "Every size as software sees it: dense peaks (default LNC)"
EXCEPTIONS = {
    (INSTANCES, PEAKS, "BF16 dense per instance"): (5, SPREAD),
    (INSTANCES, PEAKS, "8-bit float dense per instance"): (3, SPREAD),
    (TRN1, "Trn1 and Trn1n sizes (per instance or UltraServer)", "Device memory bandwidth"): (2, BEYOND),
    ("hardware/neuron-core-v3.html", "NeuronCore-v3 compute engines (per NeuronCore)", "Vector Engine"): (
        1,
        NOT_THIS_RULE,
    ),
}


def _caption(table) -> str:
    text = table.select_one("caption .caption-text")
    return text.get_text(" ", strip=True) if text else ""


def _quantities(cell) -> list[tuple[Decimal, str, str]]:
    """(value, unit key, text) of each figure in ``cell`` that is written as a number and a unit."""
    out = []
    for figure in cell.select(".spec-figure"):
        match = QUANTITY.match(figure.get_text(" ", strip=True).replace("\u00a0", " "))
        if match:
            number, unit = match.groups()
            out.append((Decimal(number.replace(",", "")), KEY.get(unit, unit), f"{number} {unit}"))
    return out


def _lines(table) -> list[tuple[str, list[tuple[Decimal, str, str]]]]:
    """(label, values) of each line: the rows, or the columns of a table whose entities are its rows."""
    grid = [tr.find_all(["th", "td"]) for tr in table.select("tr")]
    if "spec-units-by-column" in table.get("class", []):
        header = [c.get_text(" ", strip=True) for c in grid[0]]
        body = [row for row in grid[1:] if len(row) == len(header)]
        return [(header[i], [q for row in body for q in _quantities(row[i])]) for i in range(1, len(header))]
    return [(row[0].get_text(" ", strip=True), [q for c in row[1:] for q in _quantities(c)]) for row in grid[1:]]


def _in_range_in(values: list[tuple[Decimal, str, str]], unit: str) -> int:
    return sum(units.readable(units.shown_in(v, u, unit)) for v, u, _ in values)


@pytest.fixture(scope="module")
def out_of_range(built) -> dict[tuple[str, str, str], tuple[int, str]]:
    """Every line with values outside 1 to 9,999 and a shared unit: how many, and whether its unit
    is the rule's (no other unit of its family puts more of the line's values in range)."""
    found: dict[tuple[str, str, str], tuple[int, str]] = {}
    for path in built.pages():
        page = path.relative_to(built.outdir).as_posix()
        soup = built.html(page)
        for table in soup.select("article table"):
            for label, values in _lines(table):
                by_dimension: dict[str, list] = {}
                for value in values:
                    by_dimension.setdefault(units._unit(value[1])[0], []).append(value)
                for group in by_dimension.values():
                    shown = {u for _, u, _ in group}
                    # One unit per line: a comparison never mixes TB/s and GiB/s in a row.
                    assert len(shown) == 1, (page, _caption(table), label, [t for *_, t in group])
                    (unit,) = shown
                    best = max(
                        _in_range_in(group, c)
                        for c in (*units.UNITS, *units.SHOWN_ONLY)
                        if units._unit(c)[0] == units._unit(unit)[0] and units.is_binary(c) == units.is_binary(unit)
                    )
                    outside = [t for v, _, t in group if not units.readable(v)]
                    if outside:
                        key = (page, _caption(table), re.sub(r"\s*\[\d+\]", "", label))
                        found[key] = (len(outside), RULE if _in_range_in(group, unit) == best else NOT_RULE)
    return found


RULE, NOT_RULE = "the rule's unit", "another unit puts more values in range"


def test_every_value_in_a_line_with_a_shared_unit_reads_between_1_and_9999(out_of_range):
    expected = {key: (n, NOT_RULE if why == NOT_THIS_RULE else RULE) for key, (n, why) in EXCEPTIONS.items()}
    assert out_of_range == expected, "the values outside 1 to 9,999 are not the documented ones"


def test_inferentia_memory_bandwidth_reads_in_gb_per_second_on_the_compare_page(built):
    table = _table(
        built.html("hardware/compare.html"),
        "Every Neuron chip side by side (per chip; compute dense unless a row says sparse)",
    )
    header = [c.get_text(" ", strip=True) for c in table.select("tr")[0].find_all(["th", "td"])]
    row = next(tr for tr in table.select("tbody tr") if tr.th.get_text(" ", strip=True) == "Memory bandwidth")
    cells = dict(zip(header[1:], row.find_all("td"), strict=True))
    ((value, unit, _),) = _quantities(cells["Inferentia"])
    figure = SPECS.chips["inferentia"].figures["memory_bandwidth"]
    assert unit == "GB/s"
    assert value == units.shown_in(figure.value, figure.unit, "GB/s")
    for name, cell in cells.items():  # the whole row in the same unit
        assert [u for _, u, _ in _quantities(cell)] in ([], ["GB/s"]), name


# -- scope said once ---------------------------------------------------------------------------
def _scope_terms(caption: str) -> list[str]:
    """The words a row label must not repeat: each part of a caption's scope ("per chip; compute
    dense unless a row says sparse" -> "per chip", "dense"), with the short forms a label might use
    ("per core")."""
    match = re.search(r"\(([^()]*)\)$", caption)
    if not match or not match.group(1).startswith("per "):
        return []
    terms = []
    for part in match.group(1).split("; "):
        terms.append(part.split()[1] if part.startswith("compute ") else part)
        if part.endswith("NeuronCore"):
            terms += ["per core", "per physical core"]
    return terms


def test_no_row_label_repeats_its_tables_scope(built):
    checked = 0
    for path in built.pages():
        soup = built.html(path.relative_to(built.outdir).as_posix())
        for table in soup.select("article table"):
            terms = _scope_terms(_caption(table))
            if not terms:
                continue
            checked += 1
            for th in table.select("tbody th"):
                label = th.get_text(" ", strip=True)
                assert not [t for t in terms if t in label], (_caption(table), label)
    assert checked >= len(SPECS.chips) + 2  # the chip pages' tables and the two generation tables at least


def test_the_generation_tables_say_their_scope_in_the_caption(built):
    soup = built.html("hardware/compare.html")
    for caption in (
        "Every Neuron chip side by side (per chip; compute dense unless a row says sparse)",
        "Every NeuronCore version side by side (per physical NeuronCore; compute dense unless a row says sparse)",
    ):
        table = _table(soup, caption)
        first = table.select_one("thead th").get_text(" ", strip=True)
        assert first == "Quantity"
        scoped = [th.get_text(" ", strip=True) for th in table.select("tbody th .spec-scope")]
        # Only the rows whose scope differs carry one, and none says decimal or binary: the unit does.
        assert scoped and all("decimal" not in s and "binary" not in s for s in scoped), scoped
        assert len(scoped) < len(table.select("tbody tr")) / 2, scoped
