"""Units used by the hardware data, conversions between them and number formatting.

Values are kept as :class:`decimal.Decimal` read straight from the data file, so products such
as 64 x 4.9 TB/s print as 313.6 and not as a binary-float approximation. A value the pages show
rounded is rounded here, by one rule: half up (a 5 in the first dropped place rounds away from
zero), the rule a reader checking a figure by hand applies.
"""

from __future__ import annotations

from collections.abc import Iterable
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

# Units a page may show a value in although the data file does not use them (so the data's schema
# does not offer them): they let a row whose values reach 10,000 Gbps read 12.8 Tbps.
SHOWN_ONLY: dict[str, tuple[str, int | Decimal]] = {
    "MHz": ("frequency", 10**6),
    "Tbps": ("bits per second", 10**12),
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


def _unit(unit: str) -> tuple[str, int | Decimal]:
    return UNITS[unit] if unit in UNITS else SHOWN_ONLY[unit]


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """Convert ``value`` from ``unit`` to ``to``; both must measure the same dimension."""
    (dim_from, size_from), (dim_to, size_to) = _unit(unit), _unit(to)
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


def figures_of(value: Decimal) -> int:
    """Significant figures of a value as written, trailing zeros of a whole number not counted:
    13120 -> 4, 0.0537 -> 3, 2.9 -> 2."""
    return len(value.normalize().as_tuple().digits) if value else 1


def shown_in(value: Decimal, unit: str, to: str) -> Decimal:
    """``value``, written in ``unit``, as the pages show it in ``to``: converted, then rounded (half
    up) to as many significant figures as ``value`` was written with, and never fewer than three, so
    that a conversion neither invents precision nor drops any (1,299 TFLOPS -> 1.299 PFLOPS, not
    1.3; 50 GiB/s -> 53.7 GB/s). In its own unit a value is shown as written."""
    if unit == to:
        return value
    return significant(convert(value, unit, to), max(3, figures_of(value)))


def is_binary(unit: str) -> bool:
    """Whether ``unit`` is a binary multiple (KiB, MiB, GiB, TiB, GiB/s...: a power of 1,024) rather
    than a decimal one (KB, GB, GB/s, TB/s, Gbps, TFLOPS...: a power of 1,000)."""
    size = _unit(unit)[1]
    return isinstance(size, int) and size > 1 and size & (size - 1) == 0


# A value a reader scans without counting digits: at least 1 and below 10,000 ("0.0537" and
# "13,120" both need a second look).
READABLE = (Decimal(1), Decimal(10_000))


def readable(value: Decimal) -> bool:
    """Whether ``value`` (as shown) lies in :data:`READABLE`: 1 to 9,999.x."""
    return READABLE[0] <= abs(value) < READABLE[1]


def line_unit(quantities: Iterable[tuple[Decimal, str]], unit: str | None = None) -> str:
    """The one unit a line of a table (a row comparing chips, a column comparing instances, or a
    single value) shows its values in, so that they read between 1 and 9,999 where one unit can do it.

    ``quantities`` are the line's values, each with the unit it is written in (the data's); ``unit``
    is the unit the table declares for the line, if any. The rule:

    1. The family stays. The candidates are the units that measure the same dimension as ``unit`` (or
       the values) and belong to the same family: decimal (KB, GB, TB; GB/s, TB/s; Mbps, Gbps, Tbps;
       TFLOPS, PFLOPS; MHz, GHz) or binary (KiB, MiB, GiB, TiB; GiB/s). A value written in the
       other family is converted to the line's family (and noted with its published form where
       shown); the family itself is never switched to fit a range. Without ``unit``, the family is
       the one most values are written in, decimal on a tie.
    2. Most values in range: the candidate that puts the most values, as :func:`shown_in` shows them,
       between 1 and 9,999.
    3. On a tie, the candidate most values are published in (fewest conversions), then ``unit``,
       then the larger unit (fewer digits).

    Every value keeps at least three significant figures in any unit (:func:`shown_in`), so no
    choice loses information. The documented exception: a line whose values spread over more than
    one unit's range (64 to 96,624 TFLOPS across the instance sizes) keeps some values outside 1 to
    9,999, the fewest that any one unit can; so does a value beyond the family's largest unit
    (13,120 GiB/s: binary bandwidth has no unit above GiB/s here) or below its smallest. Values of
    a dimension with one unit (counts, FLOP per cycle) are shown as written.
    """
    written = [(value, u) for value, u in quantities if value]
    if unit is None:
        if not written:
            raise ValueError("line_unit needs a unit or at least one value")
        binary = sum(is_binary(u) for _, u in written) > len(written) / 2
        unit = next(u for _, u in written if is_binary(u) == binary)
    dim, binary = _unit(unit)[0], is_binary(unit)
    candidates = [u for u in (*UNITS, *SHOWN_ONLY) if _unit(u)[0] == dim and is_binary(u) == binary]

    def score(candidate: str) -> tuple[int, int, bool, Decimal]:
        in_range = sum(readable(shown_in(value, u, candidate)) for value, u in written)
        published = sum(u == candidate for _, u in written)
        return in_range, published, candidate == unit, Decimal(_unit(candidate)[1])

    return max(candidates, key=score)


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
