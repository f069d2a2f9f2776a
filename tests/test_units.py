"""Number formatting that pages rely on."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from neuron_hw import units


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "first"),
        (3, "third"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(n, text):
    assert units.ordinal(n) == text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1192.09", "1190"),
        ("53.948", "53.9"),
        ("0.8805", "0.881"),  # half up: a 5 in the first dropped place rounds away from zero
        ("0.8795", "0.880"),
        ("0.125", "0.125"),
        ("0", "0"),
    ],
)
def test_three_significant_figures(value, shown):
    assert units.significant(Decimal(value)) == Decimal(shown)


@pytest.mark.parametrize(("value", "digits", "shown"), [("1192.5", 0, "1193"), ("1.005", 2, "1.01"), ("2.5", 0, "3")])
def test_decimal_places(value, digits, shown):
    assert units.places(Decimal(value), digits) == Decimal(shown)


def test_one_module_rounds():
    """Every value the pages show rounded goes through units.py, so there is one rounding rule."""
    extension = Path(__file__).parent.parent / "_ext" / "neuron_hw"
    rounding = re.compile(r"\.quantize\(|\bROUND_[A-Z_]+|\bround\(")
    elsewhere = [
        f"{path.relative_to(extension)}:{n}"
        for path in sorted(extension.rglob("*.py"))
        if path != extension / "units.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if rounding.search(line)
    ]
    assert elsewhere == []
