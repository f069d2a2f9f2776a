"""Figures at each level software sees -- chip, physical core, logical core, instance -- from the data.

Pure functions over the records in :mod:`neuron_hw.data`: no Sphinx, no docutils. Each returns a
:class:`Level`, the value together with how it was obtained (a formula in words), whether AWS
publishes it or this site computes it, and the sources and notes behind it. Directives render
them (``per-level-figures``), and other directives (a chooser, sizing tables) can reuse them.

A value this module computes (not a figure of the data as it is) carries the id of its record,
``computed_id`` (see ``computed.py``), and the ids of the figures of the data it is computed from,
``inputs``; its ``how`` is the formula those records print.

Per-core peaks: AWS publishes a Tensor Engine rate per physical NeuronCore and a rate per chip, and
the chip rate is larger than the core rate times the cores (note ``chip-not-additive``). A logical
core's peak here is the published per-physical-core rate times the physical cores it groups; the
chip rate divided by the logical cores per chip is given as :func:`chip_share` for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import computed, ids, units
from .statuses import DERIVED, NOT_APPLICABLE, NOT_PUBLISHED, PUBLISHED
from .vocabulary import DERIVED_NOTE, FP8_TYPES, LNC_LARGEST_KEY, NOT_ADDITIVE_NOTE, TENSOR, is_mx

if TYPE_CHECKING:
    from .data import Chip, Core, Figure, LabelledFigure, Specs, System


@dataclass(frozen=True)
class Level:
    """One figure, how it was obtained, and whether AWS publishes it."""

    value: Decimal | None
    unit: str
    status: str  # PUBLISHED, DERIVED, NOT_PUBLISHED or NOT_APPLICABLE
    how: str
    sources: tuple[str | None, ...] = ()  # keys of [sources]; a figure without one adds None, which citing skips
    notes: tuple[str, ...] = ()
    # The id (ids.py) of the figure of the data this level shows as it is, where it is one: a
    # published per-chip figure, the chip count, the core's own rate, a computed instance total.
    figure_id: str | None = None
    # A value computed here rather than a figure of the data: the id of its record (computed.py)
    # and the ids of the figures of the data it is computed from.
    computed_id: str | None = None
    inputs: tuple[str, ...] = ()

    def text(self) -> str:
        return self.status if self.value is None else units.format_quantity(self.value, self.unit)


def _absent(status: str, unit: str, how: str) -> Level:
    return Level(None, unit, status, how)


@dataclass(frozen=True)
class LncSupport:
    """Which Logical NeuronCore sizes a chip's platform accepts, and the default."""

    applies: bool
    sizes: tuple[int, ...]  # () when LNC does not apply
    default: int | None  # None: not applicable, or applies without a published default
    source: str | None = None

    def groupings(self) -> tuple[int, ...]:
        """Physical cores per core that software sees: each LNC size, or 1 where LNC does not apply."""
        return self.sizes or (1,)


def lnc_from(specs: Specs) -> int | None:
    """The overall generation that introduced LNC: the earliest chip with a default LNC size."""
    return min((c.ml_generation for c in specs.chips.values() if c.lnc_default), default=None)


def lnc_largest(specs: Specs) -> LabelledFigure | None:
    """The largest Logical NeuronCore size software accepts (sizes run from 1 to it): the first
    [software] figure with that key, the one the model checks (``consistency.lnc_largest_loc``)."""
    found = (f for f in specs.figures.values() if f.section == "software" and f.key == LNC_LARGEST_KEY)
    return next(found, None)


def lnc_support(specs: Specs, chip: Chip) -> LncSupport:
    """LNC applies to the chip that introduced it and every later generation; earlier chips have none."""
    first = lnc_from(specs)
    if first is None or chip.ml_generation < first:
        return LncSupport(False, (), None)
    largest = lnc_largest(specs)
    if largest is None:
        sizes = tuple(sorted({1, chip.lnc_default or 1}))
        return LncSupport(True, sizes, chip.lnc_default)
    return LncSupport(True, tuple(range(1, int(largest.figure.value) + 1)), chip.lnc_default, largest.figure.source)


def tensor_rate(core: Core, dtypes: tuple[str, ...], mode: str = "dense") -> Figure | None:
    """The first published Tensor Engine rate (per physical core) for one of ``dtypes``."""
    tensor = core.engines.get(TENSOR)
    for dtype in dtypes:
        for figure in tensor.throughput if tensor else ():
            if dtype in figure.types and figure.mode == mode:
                return figure
    return None


def chip_rate(chip: Chip, dtypes: tuple[str, ...], mode: str = "dense") -> tuple[str, Figure] | None:
    """(compute key, figure) of the first per-chip rate that covers one of ``dtypes``."""
    for dtype in dtypes:
        for key, figure in chip.compute.items():
            if dtype in figure.types and figure.mode == mode:
                return key, figure
    return None


def takes_type(core: Core, dtypes: tuple[str, ...]) -> bool:
    """Whether the core's Tensor Engine lists one of ``dtypes`` among its inputs."""
    tensor = core.engines.get(TENSOR)
    return tensor is not None and any(d in tensor.inputs for d in dtypes)


def dtype_set(dtype: str) -> tuple[str, ...]:
    return FP8_TYPES if dtype == "FP8" else (dtype,)


# -- why a figure is absent ----------------------------------------------------------------------
def core_generation(specs: Specs, core: Core) -> int | None:
    """The overall generation of the first chip built with ``core``."""
    return min((chip.ml_generation for chip in specs.chips_with_core(core.id)), default=None)


def arrived_after(specs: Specs, core: Core, found):
    """The feature of the first core that has one (``found(specs, c)``), if ``core`` is older than
    that core; ``None`` when ``core`` is that core or a later one, or no core has the feature."""
    firsts: list[tuple[int, Any]] = []
    for other in specs.cores.values():
        gen, item = core_generation(specs, other), found(specs, other)
        if gen is not None and item is not None:
            firsts.append((gen, item))
    generation = core_generation(specs, core)
    if firsts and generation is not None:
        first_generation, first = min(firsts, key=lambda f: f[0])
        if generation < first_generation:
            return first
    return None


def sparsity_of(specs: Specs, core: Core):
    return core.sparsity


def absent_rate(specs: Specs, core: Core, dtypes: tuple[str, ...], mode: str = "dense") -> tuple[str, str | None]:
    """(status, note) for a Tensor Engine rate of ``core`` that the data does not give. Not
    applicable for a sparse rate on a core older than the first core with sparsity patterns (with
    that core's note, which says why), or for types the engine does not take; else not published."""
    if mode == "sparse":
        first = arrived_after(specs, core, sparsity_of)
        if first is not None:
            return NOT_APPLICABLE, first.note
    return (NOT_PUBLISHED if takes_type(core, dtypes) else NOT_APPLICABLE), None


def system_efa(specs: Specs, system: System) -> tuple[Figure | None, str]:
    """(EFA bandwidth of the whole instance or UltraServer, status): its own figure or the computed
    total (``PUBLISHED``); none on a system the sources describe (it has a chip count), whose
    interfaces EC2's data list without EFA (``NOT_APPLICABLE``); otherwise ``NOT_PUBLISHED``."""
    figure = system.figures.get("efa") or specs.totals(system).get("efa")
    if figure is not None:
        return figure, PUBLISHED
    return None, (NOT_APPLICABLE if "chips" in system.figures else NOT_PUBLISHED)


# -- per chip and per core -----------------------------------------------------------------------
def memory_per_chip(specs: Specs, chip: Chip) -> Level:
    figure = chip.figures.get("device_memory")
    if figure is None:
        return _absent(NOT_PUBLISHED, "GiB", "device memory of one chip")
    return Level(
        figure.value,
        figure.unit,
        PUBLISHED,
        "published per chip",
        (figure.source,),
        figure_notes(figure),
        ids.figure_id(specs, figure),
    )


def cores_per_chip(chip: Chip, size: int) -> Decimal:
    return chip.figures["neuron_cores"].value / size


def memory_per_core(specs: Specs, chip: Chip, size: int) -> Level:
    """Device memory per core software sees: memory per chip / (physical cores per chip / size)."""
    per_chip = memory_per_chip(specs, chip)
    if per_chip.value is None:
        return per_chip
    n = chip.figures["neuron_cores"].value
    how = f"{per_chip.text()} per chip \u00f7 {_cores_seen(n, size)}"
    value_id = computed.chip_value(chip.id, "memory-per-core", _lnc_part(specs, chip, size))
    inputs = input_ids(specs, chip.figures["device_memory"], chip.figures["neuron_cores"])
    return Level(
        per_chip.value / cores_per_chip(chip, size),
        per_chip.unit,
        DERIVED,
        how,
        per_chip.sources,
        computed_id=value_id,
        inputs=inputs,
    )


def peak_per_core(specs: Specs, chip: Chip, dtype: str, size: int) -> Level:
    """Dense peak of one core as software sees it: the published per-physical-core Tensor Engine
    rate times the physical cores it groups (``size``)."""
    core = specs.cores[chip.core]
    dtypes = dtype_set(dtype)
    figure = tensor_rate(core, dtypes)
    if figure is None:
        status, _ = absent_rate(specs, core, dtypes)
        return _absent(status, "TFLOPS", f"no {core.name} Tensor Engine rate for {dtype}")
    types = "/".join(figure.types)
    value = figure.value * size
    # Where the chip rate / cores exceeds this, say that per-core and per-chip rates do not add up.
    share = chip_share(specs, chip, dtype, size)
    notes = figure_notes(figure) + ((NOT_ADDITIVE_NOTE,) if share.value is not None and share.value > value else ())
    notes += _scope_notes(chip, figure)
    if size == 1:
        how = f"{core.name} Tensor Engine rate per physical core ({types}), as published"
        return Level(value, figure.unit, PUBLISHED, how, (figure.source,), notes, ids.figure_id(specs, figure))
    how = f"{figure.text()} per physical core ({types}) \u00d7 {size} physical cores"
    value_id = computed.chip_value(chip.id, "peak-per-core", dtype, _lnc_part(specs, chip, size))
    return Level(
        value, figure.unit, DERIVED, how, (figure.source,), notes, computed_id=value_id, inputs=input_ids(specs, figure)
    )


def _scope_notes(chip: Chip, figure: Figure) -> tuple[str, ...]:
    """A rate of the MX formats shown on a row labelled FP8 carries the note that the chip's MX rate
    carries (it says what the rate covers and how plain FP8 runs); other chip notes are about the
    chip figure itself and stay with it."""
    if not figure.types or not all(is_mx(t) for t in figure.types):
        return ()
    for chip_figure in chip.compute.values():
        same = set(chip_figure.types) == set(figure.types) and chip_figure.mode == figure.mode
        if same and chip_figure.note and chip_figure.note not in (NOT_ADDITIVE_NOTE, figure.note):
            return (chip_figure.note,)
    return ()


def not_additive_note(chip: Chip, core: Core, figure: Figure) -> str | None:
    """The not-additive note for a chip rate larger than the cores times the core's rate for the
    same types and mode (a figure carries one note in the data, and the chip's may be a conflict
    note, so the comparison is made here)."""
    tensor = core.engines.get(TENSOR)
    same = (
        f for f in (tensor.throughput if tensor else ()) if f.mode == figure.mode and set(f.types) & set(figure.types)
    )
    per_core = next(same, None)
    if per_core is None or figure.note == NOT_ADDITIVE_NOTE:
        return None
    chip_value = units.convert(figure.value, figure.unit, per_core.unit)
    return NOT_ADDITIVE_NOTE if chip_value > chip.figures["neuron_cores"].value * per_core.value else None


def takes_8bit_float(core: Core) -> bool:
    """Whether the core takes an 8-bit float in any form (plain, cFP8 or MX): then a missing plain
    FP8 rate is unpublished rather than ruled out (AWS gives no plain-FP8 rate for NeuronCore-v4)."""
    return takes_type(core, FP8_TYPES)


def chip_share(specs: Specs, chip: Chip, dtype: str, size: int) -> Level:
    """The other reading of a per-core peak: the chip's dense rate / cores software sees per chip."""
    found = chip_rate(chip, dtype_set(dtype))
    if found is None:
        core = specs.cores[chip.core]
        status = NOT_PUBLISHED if takes_type(core, dtype_set(dtype)) else NOT_APPLICABLE
        return _absent(status, "TFLOPS", f"no {chip.name} rate for {dtype}")
    _key, figure = found
    n = chip.figures["neuron_cores"].value
    how = f"{figure.text()} per chip \u00f7 {_cores_seen(n, size)}"
    value_id = computed.chip_value(chip.id, "chip-share", dtype, _lnc_part(specs, chip, size))
    return Level(
        figure.value / cores_per_chip(chip, size),
        figure.unit,
        DERIVED,
        how,
        (figure.source,),
        computed_id=value_id,
        inputs=input_ids(specs, figure, chip.figures["neuron_cores"]),
    )


# -- per system ----------------------------------------------------------------------------------
def chips(specs: Specs, system: System) -> Level:
    figure = system.figures.get("chips")
    if figure is None:
        return _absent(NOT_PUBLISHED, "count", "chip count not in the sources")
    return Level(
        figure.value,
        "count",
        PUBLISHED,
        "published",
        (figure.source,),
        figure_notes(figure),
        ids.figure_id(specs, figure),
    )


def physical_cores(specs: Specs, system: System) -> Level:
    n = chips(specs, system)
    chip = specs.chips[system.chip]
    per_chip = chip.figures["neuron_cores"]
    if n.value is None:
        return _absent(NOT_PUBLISHED, "count", "needs the chip count")
    how = f"{units.format_number(n.value)} chips \u00d7 {per_chip.text()} NeuronCores per chip"
    return Level(
        n.value * per_chip.value,
        "count",
        DERIVED,
        how,
        (*n.sources, per_chip.source),
        computed_id=computed.system_value(system.id, "physical-cores"),
        inputs=input_ids(specs, system.figures["chips"], per_chip),
    )


def logical_cores(specs: Specs, system: System, size: int) -> Level:
    physical = physical_cores(specs, system)
    if physical.value is None:
        return physical
    value_id = computed.system_value(system.id, "logical-cores", computed.lnc(size))
    if size == 1:
        how = f"{physical.how}, one logical core per physical core"
        return Level(
            physical.value, "count", DERIVED, how, physical.sources, computed_id=value_id, inputs=physical.inputs
        )
    how = f"{physical.how} = {units.format_number(physical.value)} physical cores \u00f7 {size} (LNC={size})"
    return Level(
        physical.value / size, "count", DERIVED, how, physical.sources, computed_id=value_id, inputs=physical.inputs
    )


def peak_per_system(specs: Specs, system: System, dtype: str) -> Level:
    """Dense peak of a whole instance or UltraServer: chips x the chip's rate, or AWS's total."""
    chip = specs.chips[system.chip]
    found = chip_rate(chip, dtype_set(dtype))
    if found is None:
        status = NOT_PUBLISHED if takes_type(specs.cores[chip.core], dtype_set(dtype)) else NOT_APPLICABLE
        return _absent(status, "TFLOPS", f"no {chip.name} rate for {dtype}")
    key, figure = found
    n = chips(specs, system)
    if n.value is None:
        return _absent(NOT_PUBLISHED, figure.unit, "needs the chip count")
    how = f"{units.format_number(n.value)} chips \u00d7 {figure.text()} per chip"
    published = system.published.get(f"compute.{key}")
    notes = figure_notes(figure) + ((published.note,) if published and published.note else ())
    status = PUBLISHED if published is not None else DERIVED
    if published is not None:
        how += f" (AWS publishes {published.text()})"
    total = f"compute.{key}"  # the instance total this site computes, chips x the chip's rate
    total_id = ids.total_id(system.id, total) if total in specs.totals(system) else None
    # Without that total (no such figure of the data), the value is one this module computes.
    value_id = None if total_id else computed.system_value(system.id, "peak", dtype)
    return Level(
        n.value * figure.value,
        figure.unit,
        status,
        how,
        (*n.sources, figure.source),
        notes,
        total_id,
        computed_id=value_id,
        inputs=() if total_id else input_ids(specs, system.figures["chips"], figure),
    )


def _lnc_part(specs: Specs, chip: Chip, size: int) -> str | None:
    """The ``lnc<N>`` part of a computed value's id; none for a chip that has no Logical NeuronCores."""
    return computed.lnc(size) if lnc_support(specs, chip).applies else None


def input_ids(specs: Specs, *figures: Figure) -> tuple[str, ...]:
    """The ids of figures of the data (a figure without one, none is expected, is left out)."""
    return tuple(found for found in (ids.figure_id(specs, f) for f in figures) if found)


def _cores_seen(n: Decimal, size: int) -> str:
    count = units.format_number(n / size)
    return f"{count} cores per chip" if size == 1 else f"{count} logical cores per chip (LNC={size})"


def figure_notes(*figures: Figure) -> tuple[str, ...]:
    """The notes the figures' cells carry: each figure's own note and, for a figure this site
    computes, the ``derived`` note, each once."""
    notes = (note for figure in figures for note in (figure.note, DERIVED_NOTE if figure.derived else None))
    return tuple(dict.fromkeys(note for note in notes if note))
