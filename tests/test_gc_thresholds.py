"""The builds' setting of Python's cycle collector (``_ext/gc_thresholds.py``)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import gc_thresholds
import pytest
from conftest import ROOT


@pytest.fixture
def kept_threshold():
    kept = gc.get_threshold()
    yield
    gc.set_threshold(*kept)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ((700, 10, 10), (50_000, 10, 10)),  # CPython's default: raised, the older generations kept
        ((200_000, 5, 7), (200_000, 5, 7)),  # higher already: never lowered
        ((0, 10, 10), (0, 10, 10)),  # switched off: stays off
    ],
)
def test_the_first_threshold_is_raised_never_lowered_or_switched_on(kept_threshold, before, after):
    gc.set_threshold(*before)
    gc_thresholds.fewer_passes()
    assert gc.get_threshold() == after


def test_the_site_loads_it():
    """conf.py, evaluated in a fresh interpreter as sphinx-build does, lists the extension."""
    code = "import json, runpy; print(json.dumps(runpy.run_path('conf.py')['extensions']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "gc_thresholds" in json.loads(result.stdout.splitlines()[-1])
