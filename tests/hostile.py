"""Hostile strings, and the made-up test data (tests/roots/test-snapshots/mini.toml) carrying them.

The data is loaded and validated as it is, then every free-text field (names, labels, notes,
source titles...) is given one of :data:`STRINGS`, and the ids the renderers write into markup
(families, topologies) one of :data:`IDS`: what the renderers would get if the data model let such
values through, so the escaping is tested on its own, whatever the model accepts.  Each string
starts differently (a formula character, a tab, a quote, a tag, unicode) and carries markup, so
one build checks both the HTML/SVG escaping and the CSV neutralising.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

ROOTS = Path(__file__).parent / "roots"
PAYLOAD = "\"><img src=x onerror=alert(1)><script>alert(2)</script> 'q' \u00fc\u2713\u4e2d"
STARTS = ["=cmd|'/c calc'!A1", "+1", "@SUM(1+1)", "\t", "\r", "-2+3", '"', "<script>alert(3)</script>", "\u00fcn\u00ef"]
STRINGS = [f"{start} {PAYLOAD}" for start in STARTS]
# The strings that markup and formula injection are about, as ids.
IDS = ['x"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "=cmd|'/c calc'!A1", "+1", "@SUM(A1)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def hostile_root(tmp: Path) -> Path:
    """A copy of the snapshot test root (give its data :func:`hostile` past the model)."""
    root = tmp / "hostile"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(ROOTS / "test-snapshots", root)
    return root


def hostile(specs):
    """``specs`` with a hostile string in every free-text field and hostile family and topology
    ids (their keys stay, so every lookup still works); returns it and the strings used."""
    strings = itertools.cycle(STRINGS)
    used: list[str] = []

    def text(value: str | None) -> str | None:
        if value is None:
            return None
        used.append(next(strings))
        return used[-1]

    def named(record, *fields):
        return dataclasses.replace(record, **{f: text(getattr(record, f)) for f in fields})

    ids = itertools.cycle(IDS[2:])
    comparisons = {
        k: dataclasses.replace(c, rows=tuple(named(row, "label", "published") for row in c.rows))
        for k, c in specs.comparisons.items()
    }
    return dataclasses.replace(
        specs,
        sources={
            k: {**v, "title": text(v["title"]), "section": text(v.get("section"))} for k, v in specs.sources.items()
        },
        notes={k: text(v) for k, v in specs.notes.items()},
        chips={k: named(c, "name", "line", "role", "memory_type", "neuronlink") for k, c in specs.chips.items()},
        cores={k: named(c, "name") for k, c in specs.cores.items()},
        families={
            k: dataclasses.replace(named(f, "name", "host_cpu"), id=next(ids)) for k, f in specs.families.items()
        },
        systems={k: named(s, "name", "host_cpu") for k, s in specs.systems.items()},
        figures={k: named(f, "label") for k, f in specs.figures.items()},
        comparisons=comparisons,
        topologies={k: dataclasses.replace(t, id=IDS[0]) for k, t in specs.topologies.items()},
    ), used


def build(tmp: Path):
    """Build the snapshot test root with :func:`hostile` data, in process; returns the app (built
    and cleaned up) and the hostile strings the data carried."""
    import pytest
    from neuron_hw import store
    from sphinx.testing.util import SphinxTestApp

    real = store.load_specs
    used: list[str] = []

    def load_hostile(path):
        specs, strings = hostile(real(path))
        used[:] = strings
        return specs

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "load_specs", load_hostile)
        app = SphinxTestApp("html", srcdir=hostile_root(tmp), freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
    assert used, "the data was not loaded through neuron_hw.store"
    return app, used
