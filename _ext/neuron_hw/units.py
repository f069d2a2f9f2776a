"""Units used by the hardware data, conversions between them and number formatting.

Values are kept as :class:`decimal.Decimal` read straight from the data file, so products such
as 64 x 4.9 TB/s print as 313.6 and not as a binary-float approximation. A value the pages show
rounded is rounded here, by one rule: half up (a 5 in the first dropped place rounds away from
zero), the rule a reader checking a figure by hand applies.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# unit -> (dimension, size of one unit in the dimension's base unit)
UNITS: dict[str, tuple[str, int | Decimal]] = {
    "count": ("count", 1),
    "chips": ("chips", 1),
    "PEs per side": ("processing elements", 1),
    "FLOP/cycle": ("operations per cycle", 1),
    "elements/cycle": ("elements per cycle", 1),
    "cycles": ("cycles", 1),
    "bits": ("bits", 1),
    "TFLOPS": ("floating-point rate", 10**12),
    "PFLOPS": ("floating-point rate", 10**15),
    "TOPS": ("integer rate", 10**12),
    "KB": ("bytes", 10**3),
    "KiB": ("bytes", 2**10),
    "MiB": ("bytes", 2**20),
    "GiB": ("bytes", 2**30),
    "TiB": ("bytes", 2**40),
    "GB": ("bytes", 10**9),
    "TB": ("bytes", 10**12),
    "GiB/s": ("bytes per second", 2**30),
    "GB/s": ("bytes per second", 10**9),
    "TB/s": ("bytes per second", 10**12),
    "Mbps": ("bits per second", 10**6),
    "Gbps": ("bits per second", 10**9),
    "GHz": ("frequency", 10**9),
    "ns": ("time", Decimal("1e-9")),
    "us": ("time", Decimal("1e-6")),
    "ms": ("time", Decimal("1e-3")),
    "s": ("time", 1),
}

# How a unit is written on the page when it differs from its key.
DISPLAY = {"us": "\u00b5s"}

# Units shown without a suffix: the row label already says what is counted.
BARE_UNITS = frozenset({"count"})

# Spelled out up to tenth, as running text does; 11th, 12th, 13th, 21st, 22nd... after that.
ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def dimension(unit: str) -> str:
    return UNITS[unit][0]


def units_of(dim: str) -> list[str]:
    return [unit for unit, (d, _) in UNITS.items() if d == dim]


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """Convert ``value`` from ``unit`` to ``to``; both must measure the same dimension."""
    (dim_from, size_from), (dim_to, size_to) = UNITS[unit], UNITS[to]
    if dim_from != dim_to:
        raise ValueError(f"cannot convert {unit} ({dim_from}) to {to} ({dim_to})")
    return value * size_from / size_to


def decimals(value: Decimal) -> int:
    """Number of decimal places as written (``Decimal('20.8')`` -> 1, ``Decimal('41')`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def matches_published(computed: Decimal, published: Decimal) -> bool:
    """True when ``computed`` rounds to ``published`` at the precision AWS published."""
    half_step = Decimal(5) * Decimal(10) ** -(decimals(published) + 1)
    return abs(computed - published) <= half_step


# The one rounding rule of every value the pages show rounded.
ROUNDING = ROUND_HALF_UP


def significant(value: Decimal, figures: int = 3) -> Decimal:
    """``value`` to ``figures`` significant figures: 1192.09 -> 1.19E+3, 53.948 -> 53.9, 0.8805 -> 0.881."""
    if not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - figures + 1), rounding=ROUNDING)


def places(value: Decimal, digits: int = 0) -> Decimal:
    """``value`` to ``digits`` decimal places: 1192.5 -> 1193, with 2 places 1.005 -> 1.01."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUNDING)


def format_number(value: Decimal) -> str:
    """Thousands separators, no trailing zeros: 13120 -> '13,120', 47.50 -> '47.5'."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


# Joins a number to its unit, so that a line never breaks between them ("256 GB/s", not "256 / GB/s").
NO_BREAK_SPACE = "\u00a0"


def format_quantity(value: Decimal, unit: str) -> str:
    """The value with its unit, joined by a no-break space: 47.5 TFLOPS -> '47.5\u00a0TFLOPS'."""
    number = format_number(value)
    return number if unit in BARE_UNITS else f"{number}{NO_BREAK_SPACE}{DISPLAY.get(unit, unit)}"


def format_factor(ratio: Decimal) -> str:
    return f"{ratio:.2f}\u00d7"


ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    if 0 <= n < len(ORDINALS):
        return ORDINALS[n]
    suffix = "th" if n % 100 in (11, 12, 13) else ORDINAL_SUFFIXES.get(n % 10, "th")
    return f"{n}{suffix}"
