"""Stable ids for every figure of the data, the page anchors derived from them, and their aliases.

A figure's id is its path in the data, in the ``kind:entity:key`` form the ``:spec:`` role reads:
``chip:trainium2:device_memory``, ``chip:trainium2:compute.bf16``, ``core:v3:sbuf``,
``core:v3:tensor.clock``, ``system:trn2.48xlarge:total.device_memory`` (computed by this site),
``system:trn2.48xlarge:published.device_memory`` (AWS's total as published), and the extra figures'
own paths (``chip:trainium2:hbm-per-stack``).  An engine's throughput has no key in the data; its id
is the engine, the mode and the first data type it lists: ``core:v3:tensor.dense.bf16``.

An instance's and an UltraServer's figures are ``system:<id>:<key>`` while the entities themselves are
``instance:<id>`` and ``ultraserver:<id>`` in the downloads: both are published, and
``vocabulary.figure_path`` and ``vocabulary.entity_id`` write every one (ARCHITECTURE.md, "Ids").

The page anchor of a figure is ``fig-`` and the id with every run of characters other than
lower-case letters, digits and ``_`` replaced by ``-``: ``fig-chip-trainium2-device_memory``.

Ids are a published interface (the downloads and links to anchors use them).  When one has to
change, add the old id to :data:`ALIASES`; ``tests/figure_ids.txt`` lists the ids that exist, and a
test fails when one disappears without an alias.  Regenerate the list after adding figures with::

    .venv/bin/python _ext/neuron_hw/ids.py > tests/figure_ids.txt
"""

from __future__ import annotations

if __name__ == "__main__":  # run as a file: the command is main() of the package's own module
    import importlib
    import sys
    from pathlib import Path

    sys.path[0] = str(Path(__file__).resolve().parents[1])  # _ext, which holds the package
    sys.exit(importlib.import_module("neuron_hw.ids").main(sys.argv[1:]))

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .data import load_specs
from .statuses import DERIVED, PUBLISHED
from .vocabulary import (
    CHIP_FIGURES,
    CORE_FIGURES,
    ENTITY_SCOPE,
    SYSTEM_FIGURES,
    SYSTEM_KIND,
    TOTAL_LABELS,
    compute_row_label,
    entity_id,
    figure_path,
    published_metric,
    slug,
    total_metric,
)

if TYPE_CHECKING:
    from .specs import Figure, Specs

# Old id -> the id that replaced it.  Add an entry whenever an id changes or a figure is merged.
ALIASES: dict[str, str] = {
    # Trn2 EFA moved to the `efa` key every other system uses (AWS's figure; computed for the UltraServer).
    "system:trn2.48xlarge:total.efa": "system:trn2.48xlarge:efa",
    "system:trn2.48xlarge:published.efa": "system:trn2.48xlarge:efa",
    "system:trn2u.48xlarge:total.efa": "system:trn2u.48xlarge:efa",
    "system:trn2u.48xlarge:published.efa": "system:trn2u.48xlarge:efa",
    "system:trn2-ultraserver:total.efa": "system:trn2-ultraserver:efa",
    "system:trn2-ultraserver:published.efa": "system:trn2-ultraserver:efa",
}


@dataclass(frozen=True)
class FigureEntry:
    """One figure of the data with everything the downloads say about it."""

    id: str
    entity_kind: str  # chip, core, family, instance, ultraserver or software
    entity: str
    metric: str  # the key within the entity: device_memory, compute.bf16, total.efa, hbm-per-stack...
    label: str
    figure: Figure
    scope: str | None
    status: str  # PUBLISHED or DERIVED
    derived_from: tuple[str, ...] = ()  # ids of the figures a computed total multiplies

    @property
    def entity_id(self) -> str:
        return entity_id(self.entity_kind, self.entity)


def anchor(figure_id: str) -> str:
    """The HTML id of a figure's first occurrence on a page."""
    return "fig-" + re.sub(r"[^a-z0-9_]+", "-", figure_id.lower()).strip("-")


def total_id(system_id: str, key: str) -> str:
    """The id of a system's total this site computes: ``system:trn2.48xlarge:total.device_memory``."""
    return figure_path(SYSTEM_KIND, system_id, total_metric(key))


def _scope_of(label: str, default: str | None) -> str | None:
    """A standard figure whose label says it is per chip (an instance's NeuronLink) is per chip."""
    per_chip = ENTITY_SCOPE["chip"]
    return per_chip if per_chip is not None and per_chip in label else default


def entries(specs: Specs) -> list[FigureEntry]:
    """Every figure of the data, in file order within each kind of entity."""
    out: list[FigureEntry] = []

    def add(kind, entity, metric, label, figure, scope=None, derived_from=()):
        status = DERIVED if figure.derived or derived_from else PUBLISHED
        scope = scope if scope is not None else _scope_of(label, ENTITY_SCOPE[kind])
        out.append(
            FigureEntry(
                figure_path(kind, entity, metric), kind, entity, metric, label, figure, scope, status, derived_from
            )
        )

    extras: dict[str, list] = {}
    for fig in specs.figures.values():
        extras.setdefault(f"{fig.section}:{fig.entity}", []).append(fig)

    def add_extras(section, kind, entity):
        for fig in extras.get(f"{section}:{entity}", ()):
            add(kind, entity, fig.key, fig.label, fig.figure, fig.scope)

    for chip in specs.chips.values():
        for key, figure in chip.compute.items():
            add("chip", chip.id, f"compute.{key}", compute_row_label(figure), figure)
        for key, figure in chip.figures.items():
            add("chip", chip.id, key, CHIP_FIGURES[key][0], figure)
        add_extras("chips", "chip", chip.id)
    for core in specs.cores.values():
        for key, figure in core.figures.items():
            add("core", core.id, key, CORE_FIGURES[key][0], figure)
        for eid, engine in core.engines.items():
            if engine.clock is not None:
                add("core", core.id, f"{eid}.clock", f"{engine.name} clock", engine.clock)
            for figure in engine.throughput:
                label = f"{engine.name} peak throughput, {', '.join(figure.types)} ({figure.mode})"
                add("core", core.id, f"{eid}.{figure.mode}.{slug(figure.types[0])}", label, figure)
        add_extras("cores", "core", core.id)
    for family in specs.families.values():
        add_extras("families", "family", family.id)
    for system in specs.systems.values():
        kind = system.kind
        section = "instances" if kind == "instance" else "ultraservers"
        for key, figure in system.figures.items():
            add(kind, system.id, key, SYSTEM_FIGURES[key][0], figure)
        for key, figure in specs.totals(system).items():
            label = _total_label(key, figure)
            if figure.derived_from is None:
                raise ValueError(f"{system.id}: the total {key!r} names no per-chip figure")
            sources = (figure_path(kind, system.id, "chips"), figure_path("chip", system.chip, figure.derived_from))
            add(kind, system.id, total_metric(key), f"{label}, computed total", figure, derived_from=sources)
        for key, figure in system.published.items():
            add(
                kind,
                system.id,
                published_metric(key),
                f"{_total_label(key, figure)}, total as AWS publishes it",
                figure,
            )
        add_extras(section, kind, system.id)
    for fig in specs.figures.values():
        if fig.section == "software":
            add("software", fig.entity, fig.key, fig.label, fig.figure, fig.scope)
    return out


def _total_label(key: str, figure: Figure) -> str:
    if key.startswith("compute."):
        return compute_row_label(figure) if figure.types else f"Compute ({key.removeprefix('compute.')})"
    return TOTAL_LABELS.get(key, key)


# id(specs) -> (specs, entries, id(figure object) -> figure id); the specs are kept so ids stay valid.
_index: dict[int, tuple[Specs, list[FigureEntry], dict[int, str]]] = {}


def catalogue(specs: Specs) -> list[FigureEntry]:
    return _indexed(specs)[1]


def figure_id(specs: Specs, figure: Figure) -> str | None:
    """The id of a figure object of the data (not of a computed total, which is built afresh)."""
    return _indexed(specs)[2].get(id(figure))


def _indexed(specs: Specs):
    cached = _index.get(id(specs))
    if cached is None or cached[0] is not specs:
        found = entries(specs)
        by_object: dict[int, str] = {}
        for entry in found:
            if not entry.derived_from:
                by_object.setdefault(id(entry.figure), entry.id)
        _check_unique(found)
        cached = _index[id(specs)] = (specs, found, by_object)
    return cached


def _check_unique(found: list[FigureEntry]) -> None:
    ids: dict[str, str] = {}
    for entry in found:
        key = anchor(entry.id)
        if key in ids:
            raise ValueError(f"figures {ids[key]!r} and {entry.id!r} would share the anchor {key!r}")
        ids[key] = entry.id


def main(argv: list[str]) -> int:
    """Print the current figure ids, one a line (the committed list is tests/figure_ids.txt)."""
    specs = load_specs(argv[0] if argv else Path(__file__).resolve().parents[2] / "_data" / "hardware.toml")
    for figure_id_ in sorted(entry.id for entry in catalogue(specs)):
        print(figure_id_)
    return 0
