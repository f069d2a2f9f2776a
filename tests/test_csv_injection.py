"""CSV downloads: a text cell that a spreadsheet would run as a formula starts with a single quote.

OWASP's rule for CSV injection: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with ``'``.  Numbers are cells of their own type and are left alone.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from conftest import DATA
from neuron_hw import export, export_csv
from neuron_hw.data import load_specs

MINI = load_specs(Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml")
SITE = "https://example.org/"
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def csvs(specs) -> dict[str, list[list[str]]]:
    doc = export.document(specs, {}, SITE, {})
    texts = {
        export.FIGURES_CSV: export_csv.figures_csv(doc),
        export.CHIPS_CSV: export_csv.chips_csv(doc, specs),
        export.CORES_CSV: export_csv.cores_csv(doc),
        export.SYSTEMS_CSV: export_csv.systems_csv(doc),
    }
    return {name: list(csv.reader(io.StringIO(text, newline=""))) for name, text in texts.items()}


def test_a_chip_name_that_is_a_formula_is_written_as_text():
    formula = "=cmd|'/c calc'!A1"
    key = next(iter(MINI.chips))
    specs = dataclasses.replace(MINI, chips={**MINI.chips, key: dataclasses.replace(MINI.chips[key], name=formula)})
    header, *rows = csvs(specs)[export.CHIPS_CSV]
    names = [row[header.index("Hardware name")] for row in rows]
    assert "'" + formula in names and formula not in names


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_every_formula_start_in_a_text_cell_gets_the_quote(start):
    name = f"{start}SUM(A1:A9)"
    key = next(iter(MINI.cores))
    specs = dataclasses.replace(MINI, cores={**MINI.cores, key: dataclasses.replace(MINI.cores[key], name=name)})
    header, *rows = csvs(specs)[export.CORES_CSV]
    assert "'" + name in [row[header.index("name")] for row in rows]


def test_numbers_are_numbers_even_when_negative_and_text_that_looks_like_one_is_quoted():
    """A value cell holds a number (the data has no negative values, but the rule must not turn
    one into text); only text cells are prefixed, ``"-3"`` as text included."""
    out = list(
        csv.reader(io.StringIO(export_csv.csv_text(["value", "text"], [[-3, "-3"], [-0.5, "+1"], [2, "plain"]])))
    )
    assert out[1:] == [["-3", "'-3"], ["-0.5", "'+1"], ["2", "plain"]]


def test_the_real_data_has_no_text_the_rule_changes():
    """No name or label of today's data starts like a formula, so the published CSVs are unchanged."""
    for name, rows in csvs(load_specs(DATA)).items():
        assert not [cell for row in rows for cell in row if cell.startswith("'")], name


def test_the_readme_states_the_rule():
    readme = export.readme()
    assert "single" in readme and "(')" in readme and "formula" in readme and "OWASP" in readme


def test_the_json_is_written_by_a_json_encoder():
    """The JSON is no formula context: it keeps every string as it is, escaped by the encoder."""
    note = next(iter(MINI.notes))
    hostile = "=cmd|'/c calc'!A1 \"quoted\" </script>\t\r\n\u2028 ü"
    specs = dataclasses.replace(MINI, notes={**MINI.notes, note: hostile})
    doc = json.loads(export.json_text(export.document(specs, {}, SITE, {})))
    assert hostile in [n["text"] for n in doc["notes"]]
