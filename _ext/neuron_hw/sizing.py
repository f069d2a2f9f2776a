"""Sizing figures computed from the data: roofline ridge points and the weights that fit.

Pure functions over the records in :mod:`neuron_hw.data` (no Sphinx, no docutils), like
:mod:`neuron_hw.levels`: each returns a :class:`levels.Level` holding the exact value, its unit,
the formula in words with the inputs written out, and the sources and notes of the inputs. Every
value here is computed by this site, so its status is ``derived``, and it carries the id of its
record (``computed.py``) and the ids of the figures it is computed from.

* **Ridge point**: a chip's peak dense rate for one data type divided by a bandwidth of the same
  chip, in FLOP per byte. Against device-memory bandwidth it is the arithmetic intensity at which
  a kernel stops being limited by memory traffic; against NeuronLink or EFA bandwidth per chip it
  is the intensity a transfer over that link must reach to hide behind compute. Units are
  converted exactly (TFLOPS = 10^12 FLOP/s, GiB/s = 2^30 B/s, Gbps = 10^9 bit/s = 1.25 x 10^8 B/s).
* **Weights that fit**: device memory of an instance or UltraServer divided by the bytes one
  parameter takes in a format. An MX format stores one shared scale per block of elements, so
  its bytes per parameter are (element bits + scale bits / block size) / 8; the block size and
  the scale width are figures of the chip's NeuronCore (extra keys ``mx-group`` and
  ``mx-scale-bits``, which the model requires of a core that takes MX formats).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from . import computed, ids, levels, units
from .levels import DERIVED, NOT_APPLICABLE, NOT_PUBLISHED, Level
from .vocabulary import EFA_PER_CHIP_KEY, FP8_TYPES, MX_GROUP_KEY, MX_SCALE_BITS_KEY, is_mx

if TYPE_CHECKING:
    from .data import Chip, Figure, Specs, System

RIDGE_UNIT = "FLOP/byte"
PARAMS_UNIT = "billion parameters"  # 10^9 parameters
BILLION = Decimal(10) ** 9
BITS_PER_BYTE = 8
WEIGHTS_ONLY = "weights only: no activations, optimizer state or KV cache"

# Data types a ridge point is given for: (label, data types tried in order; see levels.dtype_set).
RIDGE_TYPES = (("BF16", "BF16"), ("8-bit float", "FP8"), ("FP32", "FP32"))

# The bandwidths a ridge point divides by: (key, label, what it is).
MEMORY, NEURONLINK, EFA = "memory", "neuronlink", "efa"
BANDWIDTHS = {
    MEMORY: ("device memory", "device-memory (HBM or DDR) bandwidth per chip"),
    NEURONLINK: ("NeuronLink", "NeuronLink bandwidth per chip (chip-to-chip links, as AWS totals them)"),
    EFA: ("EFA", "EFA network bandwidth per chip"),
}


@dataclass(frozen=True)
class Encoding:
    """How one parameter is stored: a data type, its bits, and whether an MX block scale is shared."""

    dtype: str
    element_bits: int
    core: str | None = None  # the NeuronCore that stores it (encoding_for): its MX block layout counts

    @property
    def scaled(self) -> bool:
        """An MX format: one shared scale per block of elements."""
        return is_mx(self.dtype)


@dataclass(frozen=True)
class WeightFormat:
    """A column of the "weights that fit" table: the encodings that count as it, in order."""

    name: str
    encodings: tuple[Encoding, ...]


WEIGHT_FORMATS = (
    WeightFormat("BF16", (Encoding("BF16", 16),)),
    # Plain or configurable FP8 where the Tensor Engine takes it; on NeuronCore-v4, whose 8-bit
    # input is MXFP8, one byte per element plus the block's shared scale.
    WeightFormat("FP8", tuple(Encoding(dtype, 8) for dtype in FP8_TYPES)),
    WeightFormat("MXFP4", (Encoding("MXFP4", 4),)),
)


def base(value: Decimal, unit: str) -> Decimal:
    """``value`` in its dimension's base unit (FLOP/s, bytes, bytes/s, bits/s)."""
    return value * Decimal(units.UNITS[unit][1])


def bytes_per_second(figure: Figure) -> Decimal:
    """A bandwidth figure in bytes per second; bit rates are divided by eight."""
    value = base(figure.value, figure.unit)
    return value / BITS_PER_BYTE if units.dimension(figure.unit) == "bits per second" else value


def shown(value: Decimal) -> Decimal:
    """A computed value as the tables show it: whole numbers from 100 up, three significant
    figures below (a ridge point of 1192.09 shows as 1,192; 53.948 as 53.9)."""
    return units.places(value) if value >= 100 else units.significant(value)


# -- inputs --------------------------------------------------------------------------------------
def dense_rate(specs: Specs, chip: Chip, dtype: str) -> tuple[Figure | None, str]:
    """(the chip's dense rate for ``dtype``, status when there is none)."""
    found = levels.chip_rate(chip, levels.dtype_set(dtype))
    if found is not None:
        return found[1], DERIVED
    core = specs.cores[chip.core]
    return None, NOT_PUBLISHED if levels.takes_type(core, levels.dtype_set(dtype)) else NOT_APPLICABLE


def efa_per_chip(specs: Specs, chip: Chip) -> tuple[Figure | None, str]:
    """(EFA bandwidth per chip, status when there is none).

    The chip's own figure, or a per-chip figure kept under the chip's family. Where no instance
    with the chip has EFA, EFA does not apply; where some have it but no per-chip figure is
    published, it is not published."""
    figure = chip.figures.get("efa_per_chip")
    if figure is not None:
        return figure, DERIVED
    for extra in specs.figures.values():
        if (
            extra.section == "families"
            and extra.key == EFA_PER_CHIP_KEY
            and specs.families[extra.entity].chip == chip.id
        ):
            return extra.figure, DERIVED
    systems = specs.systems_with_chip(chip.id)
    has_efa = any("efa" in s.figures or "efa" in specs.totals(s) for s in systems)
    return None, NOT_PUBLISHED if has_efa else NOT_APPLICABLE


def bandwidth(specs: Specs, chip: Chip, against: str) -> tuple[Figure | None, str]:
    if against == MEMORY:
        figure = chip.figures.get("memory_bandwidth")
        return figure, NOT_PUBLISHED
    if against == NEURONLINK:
        return chip.figures.get("neuronlink_bandwidth"), NOT_PUBLISHED
    return efa_per_chip(specs, chip)


# -- ridge points --------------------------------------------------------------------------------
def ridge_point(specs: Specs, chip: Chip, dtype: str, against: str = MEMORY) -> Level:
    """Peak dense compute / bandwidth, both per chip, in FLOP per byte (exact)."""
    rate, rate_status = dense_rate(specs, chip, dtype)
    link, link_status = bandwidth(specs, chip, against)
    label, _what = BANDWIDTHS[against]
    if rate is None:
        return Level(None, RIDGE_UNIT, rate_status, f"no dense {dtype} rate for {chip.name}")
    if link is None:
        return Level(None, RIDGE_UNIT, link_status, f"no {label} bandwidth per chip for {chip.name}")
    value = base(rate.value, rate.unit) / bytes_per_second(link)
    how = (
        f"{rate.text()} dense {'/'.join(rate.types)} \u00f7 {link.text()} {label} bandwidth, per chip, "
        f"in base units {ridge_formula(rate, link)}"
    )
    return Level(
        value,
        RIDGE_UNIT,
        DERIVED,
        how,
        (rate.source, link.source),
        levels.figure_notes(rate, link),
        computed_id=computed.chip_value(chip.id, "ridge", dtype, against),
        inputs=levels.input_ids(specs, rate, link),
    )


def ridge_formula(figure_rate: Figure, figure_bw: Figure) -> str:
    """The conversion written out: "667 × 10^12 FLOP/s ÷ (2.9 × 10^12 B/s)"."""
    return f"{_in_base(figure_rate)} \u00f7 ({_in_base(figure_bw)})"


def _in_base(figure: Figure) -> str:
    size = units.UNITS[figure.unit][1]
    number = units.format_number(figure.value)
    dim = units.dimension(figure.unit)
    power = _power(Decimal(size))
    if dim == "floating-point rate":
        return f"{number} \u00d7 {power} FLOP/s"
    if dim == "bits per second":
        return f"{number} \u00d7 {power} bit/s \u00f7 8"
    return f"{number} \u00d7 {power} B/s"


def _power(size: Decimal) -> str:
    for b in (10, 2):
        e = 0
        v = size
        while v > 1 and v % b == 0:
            v /= b
            e += 1
        if v == 1:
            return f"{b}^{e}"
    return units.format_number(size)


# -- weights that fit ----------------------------------------------------------------------------
def mx_layout(encoding: Encoding) -> tuple[str, str]:
    """The ids of the figures of an MX block's layout on the encoding's core: (elements per block,
    bits of the shared scale)."""
    return f"core:{encoding.core}:{MX_GROUP_KEY}", f"core:{encoding.core}:{MX_SCALE_BITS_KEY}"


def mx_block(specs: Specs, encoding: Encoding) -> tuple[Decimal, Decimal, tuple[str | None, ...]]:
    """(elements per block, bits of the shared scale, sources) of an MX encoding on its core; a figure
    without a source adds None, which citing skips."""
    group, scale = (specs.figures[figure_id] for figure_id in mx_layout(encoding))
    return group.figure.value, scale.figure.value, (group.figure.source, scale.figure.source)


def bytes_per_parameter(specs: Specs, encoding: Encoding) -> Decimal:
    """Bytes one parameter takes: element bits / 8, plus its share of an MX block's scale."""
    bits = Decimal(encoding.element_bits)
    if encoding.scaled:
        group, scale_bits, _ = mx_block(specs, encoding)
        bits += scale_bits / group
    return bits / BITS_PER_BYTE


def bytes_formula(specs: Specs, encoding: Encoding) -> str:
    """How the bytes per parameter are obtained, in words with the numbers."""
    per = bytes_per_parameter(specs, encoding)
    unit = "byte" if per == 1 else "bytes"
    if not encoding.scaled:
        return f"{encoding.dtype}: {encoding.element_bits} bits = {units.format_number(per)} {unit} per parameter"
    group, scale_bits, _ = mx_block(specs, encoding)
    return (
        f"{encoding.dtype}: ({encoding.element_bits} bits + one {units.format_number(scale_bits)}-bit scale "
        f"\u00f7 {units.format_number(group)} elements) \u00f7 8 = {units.format_number(per)} {unit} per parameter"
    )


def device_memory(specs: Specs, system: System) -> Figure | None:
    return specs.totals(system).get("device_memory")


def encoding_for(specs: Specs, chip: Chip, fmt: WeightFormat) -> Encoding | None:
    """The first of the format's encodings the chip's Tensor Engine takes, if any, on the chip's core."""
    core = specs.cores[chip.core]
    found = next((e for e in fmt.encodings if levels.takes_type(core, (e.dtype,))), None)
    return None if found is None else replace(found, core=core.id)


def weights_that_fit(specs: Specs, system: System, fmt: WeightFormat) -> Level:
    """Device memory of the whole system (bytes) / bytes per parameter, in billions of parameters."""
    chip = specs.chips[system.chip]
    encoding = encoding_for(specs, chip, fmt)
    if encoding is None:
        return Level(None, PARAMS_UNIT, NOT_APPLICABLE, f"{chip.name}'s Tensor Engine does not take {fmt.name}")
    memory = device_memory(specs, system)
    if memory is None:
        return Level(None, PARAMS_UNIT, NOT_PUBLISHED, "needs the chip count")
    per_chip = chip.figures["device_memory"]
    per = bytes_per_parameter(specs, encoding)
    value = base(memory.value, memory.unit) / per / BILLION
    in_bytes = units.format_number(base(memory.value, memory.unit))
    per_text = units.format_number(per)
    how = (
        f"{memory.text()} = {in_bytes} bytes, \u00f7 {per_text} bytes per parameter "
        f"({bytes_formula(specs, encoding)}), \u00f7 10^9"
    )
    sources: tuple[str | None, ...] = (system.figures["chips"].source, per_chip.source)
    # The computed total, with a record of its own.
    inputs: tuple[str, ...] = (ids.total_id(system.id, "device_memory"),)
    if encoding.scaled:
        sources += mx_block(specs, encoding)[2]
        inputs += mx_layout(encoding)
    return Level(
        value,
        PARAMS_UNIT,
        DERIVED,
        how,
        sources,
        levels.figure_notes(per_chip),
        computed_id=computed.system_value(system.id, "weights-fit", fmt.name),
        inputs=inputs,
    )


# -- charts --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Roof:
    """One horizontal roof of a roofline chart: a dense rate, and where the memory roof meets it."""

    label: str
    rate: Decimal  # FLOP/s
    ridge: Decimal  # FLOP per byte


def type_label(label: str, dtype: str, rate: Figure) -> str:
    """ "8-bit float (cFP8)": the row label, with the 8-bit types the chip's rate covers."""
    if dtype != "FP8":
        return label
    eight = [t for t in rate.types if t in FP8_TYPES or is_mx(t)]
    return f"{label} ({'/'.join(eight)})"


def roofs(specs: Specs, chip: Chip) -> tuple[Decimal | None, list[Roof]]:
    """(device-memory bandwidth in B/s, compute roofs) for one chip's roofline chart.

    Data types that share a rate (cFP8 runs at the BF16 rate on NeuronCore-v2) share a roof."""
    memory = chip.figures.get("memory_bandwidth")
    if memory is None:
        return None, []
    bw = bytes_per_second(memory)
    by_rate: dict[Decimal, list[str]] = {}
    for label, dtype in RIDGE_TYPES:
        rate, _ = dense_rate(specs, chip, dtype)
        if rate is not None:
            by_rate.setdefault(base(rate.value, rate.unit), []).append(type_label(label, dtype, rate))
    out = [Roof(", ".join(names), flops, flops / bw) for flops, names in by_rate.items()]
    return bw, sorted(out, key=lambda r: -r.rate)
