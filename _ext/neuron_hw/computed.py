"""Values the pages compute that are not figures of the data file: their ids and their records.

A per-level cell (memory per logical core, cores per instance, a peak at LNC=2), a ridge point, a
count of weights that fit, a factor between two generations: each is worked out on the page from
figures of the data, so it has no entry in the data and no figure id of its own.  It gets a stable
id here, built from what it is, never from where it is shown::

    calc:chip:<chip>:memory-per-core[:lnc<N>]       device memory per core software sees
    calc:chip:<chip>:peak-per-core:<type>:lnc<N>    dense peak of a logical core (LNC>1)
    calc:chip:<chip>:chip-share:<type>[:lnc<N>]     the chip's dense rate / cores software sees
    calc:chip:<chip>:ridge:<type>:<bandwidth>       dense compute / bandwidth (memory, neuronlink, efa)
    calc:chip:<new>:factor:<quantity>:vs-<old>      how many times the older chip's figure
    calc:system:<system>:physical-cores             chips x NeuronCores per chip
    calc:system:<system>:logical-cores:lnc<N>       physical cores / N
    calc:system:<system>:peak:<type>                chips x the chip's rate, where no total exists
    calc:system:<system>:weights-fit:<format>       device memory / bytes per parameter

``<type>`` is ``bf16``, ``fp8`` (any 8-bit float) or ``fp32``; ``:lnc<N>`` is left out for a chip
that has no Logical NeuronCores.  The page anchor of such a value is the id with the figure
anchor's rules and no ``fig-`` prefix (``calc-chip-trainium2-memory-per-core-lnc2``: ``fig-``
anchors are the data's figures, the downloads list them), and its record on the records page is
``rec-`` and that anchor, as :func:`provenance.record_anchor` gives for any id.

The computations (``levels.py``, ``sizing.py``, the generation factors of ``directives/generation_changes.py``)
give their results the id and the ids of their inputs, figures of the data that each have a
record of their own.  The cell that shows a result builds its :class:`Computed` record with
:func:`record` from the very value it shows, so the record and the cell cannot disagree; the
records page collects them from the pages that were read (``records.py``).  Nothing here needs
Sphinx, and nothing here imports the computations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from . import ids, units
from .vocabulary import DERIVED_NOTE, ENTITY_KINDS, ENTITY_SCOPE, SYSTEM_KIND

if TYPE_CHECKING:
    from .data import Specs

PREFIX = "calc"
DTYPE_NAMES = {"bf16": "BF16", "fp8": "8-bit float", "fp32": "FP32"}
BANDWIDTH_NAMES = {"memory": "device-memory", "neuronlink": "NeuronLink", "efa": "EFA"}


def _part(text: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-")


def chip_value(chip: str, what: str, *qualifiers: str | None) -> str:
    """The id of a value computed for one chip (``calc:chip:trainium2:memory-per-core:lnc2``)."""
    return ":".join([PREFIX, ENTITY_KINDS["chips"], chip, what, *(_part(q) for q in qualifiers if q)])


def system_value(system: str, what: str, *qualifiers: str | None) -> str:
    """The id of a value computed for one instance or UltraServer (the figures' namespace of systems)."""
    return ":".join([PREFIX, SYSTEM_KIND, system, what, *(_part(q) for q in qualifiers if q)])


def lnc(size: int) -> str:
    return f"lnc{size}"


def anchor(value_id: str) -> str:
    """The HTML id of a computed value's first occurrence on a page."""
    return ids.anchor(value_id).removeprefix("fig-")


class Level(Protocol):
    """What a record needs of a computed result (``levels.Level``; not imported: levels imports this)."""

    @property
    def value(self) -> Decimal | None: ...
    @property
    def how(self) -> str: ...
    @property
    def notes(self) -> tuple[str, ...]: ...
    @property
    def computed_id(self) -> str | None: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Computed:
    """What the records page says about one computed value."""

    id: str
    entity: str  # the chip's, instance's or UltraServer's name
    label: str
    value: str  # as the pages show it, with its unit
    formula: str  # in words and numbers, with the result
    inputs: tuple[str, ...]  # ids of the figures of the data it is computed from
    notes: tuple[str, ...]  # keys of [notes] its cells print, and the derived note


def level_value(level: Level) -> Decimal:
    """A per-level value as the per-level tables show it: exact, or to two decimal places."""
    value = level.value
    if value is None:
        raise ValueError(f"a level without a value has nothing to show: {level.how}")
    if value != value.to_integral_value():
        value = units.places(value, 2).normalize()
    return value


def record(specs: Specs, level: Level, shown: str) -> Computed:
    """The record of ``level`` (a value with a ``computed_id``), shown on a page as ``shown``."""
    value_id = level.computed_id
    if value_id is None:
        raise ValueError(f"a figure of the data, not a computed value, has no computed record: {level.how}")
    formula = level.how if level.how.endswith(f"= {shown}") else f"{level.how} = {shown}"
    notes = tuple(dict.fromkeys((*level.notes, DERIVED_NOTE)))
    return Computed(value_id, entity_name(specs, value_id), label(specs, value_id), shown, formula, level.inputs, notes)


def entity_name(specs: Specs, value_id: str) -> str:
    _prefix, kind, entity, *_ = value_id.split(":")
    found = specs.chips if kind == "chip" else specs.systems
    return found[entity].name if entity in found else entity


def label(specs: Specs, value_id: str) -> str:
    """What a computed value is, in words, from its id."""
    _prefix, kind, entity, what, *q = value_id.split(":")
    lnc_size = next((part.removeprefix("lnc") for part in q if part.startswith("lnc")), None)
    per_core = f"per logical NeuronCore at LNC={lnc_size}" if lnc_size else ENTITY_SCOPE["core"]
    system = specs.systems.get(entity) if kind == "system" else None
    whole = ENTITY_SCOPE[system.kind if system is not None else "instance"]
    dtype = DTYPE_NAMES.get(q[0], q[0].upper()) if q else ""
    labels = {
        "memory-per-core": lambda: f"Device memory {per_core}",
        "peak-per-core": lambda: f"Peak dense {dtype} rate {per_core}",
        "chip-share": lambda: f"The chip's dense {dtype} rate divided among its cores, {per_core}",
        "ridge": lambda: f"Ridge point, dense {dtype} against {BANDWIDTH_NAMES.get(q[1], q[1])} bandwidth, per chip",
        "factor": lambda: (
            f"{_quantity(specs, entity, q[0])}, factor against {specs.chips[q[1].removeprefix('vs-')].name}"
        ),
        "physical-cores": lambda: f"Physical NeuronCores {whole}",
        "logical-cores": lambda: f"Logical NeuronCores {whole} at LNC={lnc_size}",
        "peak": lambda: f"Peak dense {dtype} rate {whole}",
        "weights-fit": lambda: f"{q[0].upper()} model weights that fit in device memory, {whole}",
    }
    return labels[what]() if what in labels else what


def _quantity(specs: Specs, chip: str, key: str) -> str:
    """A row of the changes table in words: the chip figure's label, or the dense rate's."""
    figure_id = f"chip:{chip}:{key}"
    found = next((entry.label for entry in ids.catalogue(specs) if entry.id == figure_id), None)
    if found is not None:
        return found
    mode, _, dtype = key.partition("-")
    return f"Peak {mode} {DTYPE_NAMES.get(dtype, dtype.upper())} rate per chip"
