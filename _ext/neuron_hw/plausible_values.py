"""The plausible values of a figure of each dimension, and why a value is not one, in words.

The ranges are orders of magnitude wider than today's figures (in the comments), so that only a
slipped exponent or a placeholder fails; they are finite, so that a value in them prints as a
number a reader can take in.
"""

from __future__ import annotations

from decimal import Decimal

from . import units


# What a figure of each dimension may be: (what it is, lowest, highest), each bound in a unit of the
# dimension.
def _q(value: str, unit: str) -> tuple[Decimal, str]:
    return Decimal(value), unit


PLAUSIBLE: dict[str, tuple[str, tuple[Decimal, str], tuple[Decimal, str]]] = {
    "count": ("a count", _q("1", "count"), _q("1e7", "count")),  # 1 to 100,000
    "chips": ("a number of chips", _q("1", "chips"), _q("1e6", "chips")),  # 16 to 64
    "processing elements": ("an array side", _q("1", "PEs per side"), _q("1e5", "PEs per side")),  # 128
    "operations per cycle": ("a rate per cycle", _q("1", "FLOP/cycle"), _q("1e7", "FLOP/cycle")),  # 256 to 512
    "elements per cycle": ("a data-path width", _q("1", "elements/cycle"), _q("1e6", "elements/cycle")),  # 4 to 1,024
    "cycles": ("a number of cycles", _q("1", "cycles"), _q("1e7", "cycles")),  # 3 to 100
    "bits": ("a width in bits", _q("1", "bits"), _q("1e6", "bits")),  # 8 to 512
    "floating-point rate": ("a compute rate", _q("0.001", "TFLOPS"), _q("1e6", "PFLOPS")),  # 1 TFLOPS to 362 PFLOPS
    "integer rate": ("a compute rate", _q("0.001", "TOPS"), _q("1e9", "TOPS")),  # 128 to 2,048 TOPS
    "bytes": ("a size", _q("1", "KB"), _q("1e6", "TB")),  # 16 KiB to 27,648 GiB
    "bytes per second": ("a bandwidth", _q("0.001", "GB/s"), _q("1e6", "TB/s")),  # 16 GiB/s to 705.6 TB/s
    "bits per second": ("a network bandwidth", _q("1", "Mbps"), _q("1e7", "Gbps")),  # 2.083 to 28,800 Gbps
    "frequency": ("a clock", _q("0.01", "GHz"), _q("100", "GHz")),  # 0.96 to 2.8 GHz
    "time": ("a time", _q("0.01", "ns"), _q("1e6", "s")),  # 600 ns to 30 s
}
# Dimensions that count whole things; a ratio (an extra figure's scope "ratio") may be a fraction.
WHOLE_DIMENSIONS = ("count", "chips", "processing elements")


def plausible_range(unit: str) -> tuple[Decimal, Decimal]:
    """The lowest and highest plausible value of a figure in ``unit``, in ``unit``."""
    _, (low, low_unit), (high, high_unit) = PLAUSIBLE[units.dimension(unit)]
    return units.convert(low, low_unit, unit), units.convert(high, high_unit, unit)


def amount(value: Decimal, unit: str, written: bool = False) -> str:
    """A value with its unit for a message: ``2 TB/s``; ``written`` keeps the digits as written."""
    number = f"{value:g}" if written else units.format_number(value)
    return number if unit in units.BARE_UNITS else f"{number} {units.DISPLAY.get(unit, unit)}"


def value_problem(value: Decimal, unit: str, scope: str | None = None, extra: bool = False) -> str | None:
    """Why a figure's value is not plausible for its unit, or None. ``scope`` is an extra figure's."""
    if value == 0 and scope == "setting":  # a runtime setting's 0 has a meaning ("every free core")
        return None
    what, low, high = PLAUSIBLE[units.dimension(unit)]
    lowest, highest = plausible_range(unit)
    if not lowest <= value <= highest:
        allowed = f"from {amount(*low)} to {amount(*high)}"
        zero = ' (0 only for a setting: scope = "setting")' if value == 0 and extra else ""
        return f"{amount(value, unit, written=True)} is outside the plausible range of {what}: {allowed}{zero}"
    if units.dimension(unit) in WHOLE_DIMENSIONS and scope != "ratio" and value != value.to_integral_value():
        return f"{amount(value, unit, written=True)} is not a whole number; {what} counts whole things"
    return None
