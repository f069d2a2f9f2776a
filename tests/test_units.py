"""Number formatting that pages rely on."""

from __future__ import annotations

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
