"""The typed model of the hardware data file (``_data/hardware.toml``), built on pydantic 2.

Each table of the file is a model with ``extra="forbid"``; a figure is an inline table whose
``unit`` must measure the dimension its key allows (``units.units_of``), so both pydantic and
the JSON Schema generated from these models reject a wrong unit.  What one entry cannot check
on its own -- references between entries, published totals against computed ones, and figures
that must agree with each other -- is checked by :meth:`HardwareFile.check_across_entries`.

Errors come out as pydantic ``ValidationError`` with the full path of each problem; the loader
(``loader.py``) turns them into the project's ``SpecError`` messages with file and line.

Print the JSON Schema of the data file (committed as ``_data/hardware.schema.json``)::

    python _ext/neuron_hw/model.py --schema > _data/hardware.schema.json
"""

from __future__ import annotations

import json
import re
import string
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError

try:  # imported as part of the package (Sphinx) or run as a script
    from . import units
except ImportError:  # pragma: no cover - script mode
    import units  # type: ignore[no-redef]

# -- What each key measures ---------------------------------------------------------------------
# figure key -> (row label, dimension its unit must measure); the labels are also the page rows.
CHIP_FIGURES = {
    "neuron_cores": ("NeuronCores", "count"),
    "device_memory": ("Device memory", "bytes"),
    "hbm_stacks": ("HBM stacks", "count"),
    "memory_bandwidth": ("Device memory bandwidth", "bytes per second"),
    "dma_bandwidth": ("DMA bandwidth", "bytes per second"),
    "dma_engines": ("DMA engines", "count"),
    "cc_cores": ("Collective-communication cores", "count"),
    "neuronlink_ports": ("NeuronLink ports", "count"),
    "neuronlink_bandwidth": ("NeuronLink bandwidth", "bytes per second"),
    "sbuf_total": ("On-chip SRAM (SBUF, all cores)", "bytes"),
    "memory_pool": ("Memory pool (chips sharing memory)", "chips"),
    "efa_per_chip": ("EFA bandwidth per chip", "bits per second"),
}
CORE_FIGURES = {
    "sbuf": ("State buffer (SBUF)", "bytes"),
    "psum": ("Partial-sum buffer (PSUM)", "bytes"),
    "partitions": ("SBUF and PSUM partitions", "count"),
    "systolic_array": ("Tensor Engine systolic array", "processing elements"),
    "dma_engines": ("DMA engines paired with the core", "count"),
    "gpsimd_processors": ("GPSIMD processors (512-bit)", "count"),
}
SYSTEM_FIGURES = {
    "servers": ("Servers", "count"),
    "chips": ("Chips", "count"),
    "vcpus": ("Host vCPUs", "count"),
    "host_memory": ("Host memory", "bytes"),
    "neuronlink": ("NeuronLink bandwidth per chip", "bytes per second"),
    "neuronlink_inter": ("NeuronLink between servers, per chip", "bytes per second"),
    "efa": ("EFA bandwidth", "bits per second"),
    "network": ("Network bandwidth (EC2 baseline)", "bits per second"),
}
RATE_DIMENSIONS = ("floating-point rate", "integer rate", "operations per cycle")
ALL_DIMENSIONS = tuple(dict.fromkeys(dim for dim, _ in units.UNITS.values()))
COMPUTE_MODES = ("dense", "sparse")
ENGINES = {"tensor": "Tensor Engine", "vector": "Vector Engine", "scalar": "Scalar Engine", "gpsimd": "GPSIMD Engine"}

# Totals that scale with the chip count: system total key -> chip figure key.
SCALED_TOTALS = {"device_memory": "device_memory", "memory_bandwidth": "memory_bandwidth"}
TOTAL_LABELS = {"device_memory": "Device memory", "memory_bandwidth": "Device memory bandwidth"}

# ring: each chip linked to the next and the last to the first; line: the same without the closing
# link; torus: a square grid whose rows and columns are rings; ultraserver-torus: one such torus in
# each server of an UltraServer, with the chips at the same position in every server in a ring.
TOPOLOGY_SHAPES = ("ring", "line", "torus", "ultraserver-torus")
GRID_SHAPES = ("torus", "ultraserver-torus")

SECTIONS = (
    "sources",
    "notes",
    "chips",
    "cores",
    "families",
    "instances",
    "ultraservers",
    "comparisons",
    "software",
    "topologies",
)

Loc = tuple[str | int, ...]


# -- Building blocks ----------------------------------------------------------------------------
def _number(value: Any) -> Decimal:
    """A figure's value: a finite integer or decimal (never a bool or a string), not negative."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise PydanticCustomError("number", "'value' must be a number, got {got}", {"got": repr(value)})
    number = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    if not number.is_finite():  # TOML has inf and nan
        written = "nan" if number.is_nan() else "-inf" if number.is_signed() else "inf"
        raise PydanticCustomError("number", "'value' must be a finite number, got {got}", {"got": written})
    if number < 0:
        raise PydanticCustomError("number", "'value' must not be negative, got {got}", {"got": str(value)})
    return number


Number = Annotated[Decimal, PlainValidator(_number), WithJsonSchema({"type": "number", "minimum": 0})]

# Text the pages print: not empty, not only white space, and no longer than its kind needs (the
# longest of each kind in today's file is under half its limit), so that a pasted page cannot
# swell every table that prints the text.
TEXT_PATTERN = r"\S"


def _text(max_length: int) -> Any:
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length, pattern=TEXT_PATTERN)]


Word = _text(40)  # a data type, a memory type, a host CPU, a group of figures
Name = _text(100)  # an entity's name, a product line, a role, a rounding mode
Label = _text(400)  # a table row's label, a source's title
Prose = _text(2000)  # a note
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https://\S+$")]
Factor = Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?x$")]  # as AWS states it: "1.4x"
Generation = Annotated[int, Field(ge=1, le=100)]
LncSize = Annotated[int, Field(ge=1, le=64)]

# -- Ids ----------------------------------------------------------------------------------------
# Every table key that becomes an id (a chip, an instance, a source, a note...) and every value that
# refers to one is plain ASCII: a look-alike letter (Cyrillic "а" for "a") would otherwise make a
# second entry that reads like the first, or a reference that reads like a valid one.
ID_PATTERN = r"^[a-z0-9]+([.-][a-z0-9]+)*$"  # trn2.48xlarge, hw-trainium2
EXTRA_KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # hbm-per-stack
FIGURE_KEY_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*$"  # device_memory, compute.bf16
FIGURE_PATH_PATTERN = r"^[a-z]+:[a-z0-9]+([.-][a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$"  # system:trn2.48xlarge:torus-side
ID_MAX_LENGTH = 64
_LETTERS_DIGITS = string.ascii_lowercase + string.digits
# pattern -> (what it names, the characters it allows, the same in words)
ID_KINDS = {
    ID_PATTERN: ("an id", _LETTERS_DIGITS + ".-", "lower-case ASCII letters, digits, '.' and '-'"),
    EXTRA_KEY_PATTERN: ("a figure key", _LETTERS_DIGITS + "-", "lower-case ASCII letters, digits and '-'"),
    FIGURE_KEY_PATTERN: ("a figure key", _LETTERS_DIGITS + "._-", "lower-case ASCII letters, digits, '.', '_' and '-'"),
    FIGURE_PATH_PATTERN: (
        "a figure path (kind:id:key)",
        _LETTERS_DIGITS + ".-:",
        "lower-case ASCII letters, digits, '.' and '-', in three parts joined by ':'",
    ),
}


def _id(pattern: str) -> Any:
    return Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=pattern)]


Id = _id(ID_PATTERN)
FigureKey = _id(FIGURE_KEY_PATTERN)
FigurePath = _id(FIGURE_PATH_PATTERN)
ExtraKey = _id(EXTRA_KEY_PATTERN)


def unexpected_character(text: str, allowed: str) -> str | None:
    """Where ``text`` first holds a character outside ``allowed``, named by its Unicode name:
    "unexpected character 'а' (U+0430 CYRILLIC SMALL LETTER A) at position 7" (counted from 0)."""
    for position, char in enumerate(text):
        if char not in allowed:
            name = unicodedata.name(char, "unnamed character")
            return f"unexpected character {char!r} (U+{ord(char):04X} {name}) at position {position}"
    return None


def id_problem(text: str, pattern: str = ID_PATTERN) -> str:
    """Why ``text`` does not match the id ``pattern``, in words."""
    what, allowed, words = ID_KINDS[pattern]
    expected = f"expected {what} of {words}"
    bad = unexpected_character(text, allowed)
    if bad:
        return f"{text!r}: {bad}; {expected}"
    if len(text) > ID_MAX_LENGTH:
        return f"{text!r} has {len(text)} characters; {expected}, at most {ID_MAX_LENGTH} characters"
    return f"{text!r}: {expected}, a separator only between two letters or digits"


# -- Plausible values ---------------------------------------------------------------------------
# What a figure of each dimension may be: (what it is, lowest, highest), each bound in a unit of the
# dimension. The ranges are orders of magnitude wider than today's figures (in the comments), so
# that only a slipped exponent or a placeholder fails; they are finite, so that a value in them
# prints as a number a reader can take in.
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


def _amount(value: Decimal, unit: str, written: bool = False) -> str:
    number = f"{value:g}" if written else units.format_number(value)
    return number if unit in units.BARE_UNITS else f"{number} {units.DISPLAY.get(unit, unit)}"


def value_problem(value: Decimal, unit: str, scope: str | None = None, extra: bool = False) -> str | None:
    """Why a figure's value is not plausible for its unit, or None. ``scope`` is an extra figure's."""
    if value == 0 and scope == "setting":  # a runtime setting's 0 has a meaning ("every free core")
        return None
    what, low, high = PLAUSIBLE[units.dimension(unit)]
    lowest, highest = plausible_range(unit)
    if not lowest <= value <= highest:
        allowed = f"from {_amount(*low)} to {_amount(*high)}"
        zero = ' (0 only for a setting: scope = "setting")' if value == 0 and extra else ""
        return f"{_amount(value, unit, written=True)} is outside the plausible range of {what}: {allowed}{zero}"
    if units.dimension(unit) in WHOLE_DIMENSIONS and scope != "ratio" and value != value.to_integral_value():
        return f"{_amount(value, unit, written=True)} is not a whole number; {what} counts whole things"
    return None


class Table(BaseModel):
    """A TOML table: unknown keys are errors, no type coercion, and the keys' order is kept."""

    model_config = ConfigDict(extra="forbid", strict=True)
    _keys: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _keep_key_order(cls, data: Any, handler):
        table = handler(data)
        if isinstance(data, dict):
            table._keys = tuple(data)
        return table

    def present(self, keys) -> list[str]:
        """The keys of ``keys`` this table sets, in the order the file writes them."""
        return [k for k in self._keys if k in keys]


def _ranges_schema(schema: dict[str, Any], cls: type[FigureBase]) -> None:
    """The plausible values of each unit, for editors: if the unit is TB/s, the value is in range.
    A setting (an extra figure's scope) may be 0, and a ratio a fraction: the loader checks those."""
    extra = "scope" in cls.model_fields
    rules = []
    for unit in cls.units:
        lowest, highest = plausible_range(unit)
        value: dict[str, Any] = {"minimum": _json_number(lowest), "maximum": _json_number(highest)}
        condition: dict[str, Any] = {"unit": {"const": unit}}
        if extra:
            condition["scope"] = {"not": {"const": "setting"}}
        elif units.dimension(unit) in WHOLE_DIMENSIONS:
            value["multipleOf"] = 1
        rules.append({"if": {"properties": condition, "required": ["unit"]}, "then": {"properties": {"value": value}}})
    if rules:
        schema["allOf"] = rules


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class FigureBase(Table):
    """``{ value, unit, source }``; ``source`` defaults to the enclosing table's."""

    model_config = ConfigDict(json_schema_extra=_ranges_schema)
    units: ClassVar[tuple[str, ...]] = ()
    value: Number
    unit: str
    source: Id | None = None
    note: Id | None = None
    derived: bool = False

    @model_validator(mode="after")
    def _plausible_value(self):
        scope = getattr(self, "scope", None)
        problem = value_problem(self.value, self.unit, scope, extra="scope" in type(self).model_fields)
        if problem:
            raise PydanticCustomError("implausible_value", "{text}", {"text": problem})
        return self


class ComputeFigureBase(FigureBase):
    """A compute rate: also the data types it applies to and whether it assumes sparsity."""

    types: list[Word]
    mode: Literal["dense", "sparse"]


def _class_name(dims: tuple[str, ...]) -> str:
    if dims == ALL_DIMENSIONS:
        return "Any"
    if dims == RATE_DIMENSIONS:
        return "Rate"
    return "".join(part.capitalize() for dim in dims for part in dim.split())


@cache
def figure_type(dims: tuple[str, ...], compute: bool = False) -> type[FigureBase]:
    """The figure model whose ``unit`` is one of the units measuring ``dims``."""
    allowed = tuple(u for d in dims for u in units.units_of(d))
    base = ComputeFigureBase if compute else FigureBase
    name = f"{_class_name(dims)}{'Compute' if compute else ''}Figure"
    model = create_model(name, __base__=base, unit=(Literal[allowed], ...))  # type: ignore[valid-type]
    model.units = allowed
    return model


def _figure_fields(schema: dict[str, tuple[str, str]], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        key: (figure_type((dim,)), Field(description=label))
        if key in required
        else (figure_type((dim,)) | None, Field(None, description=label))
        for key, (label, dim) in schema.items()
    }


# Where an extra figure applies, when it is not the entity's own level (see DEFAULT_SCOPE).
SCOPES = (
    "per NeuronCore",
    "per partition",
    "per DMA engine",
    "per GPSIMD processor",
    "per instruction",
    "per chip",
    "per link",
    "per hop",
    "per transfer",
    "per rank",
    "per server",
    "per instance",
    "per UltraServer",
    "per UltraCluster",
    "ratio",
    "setting",
)
DEFAULT_SCOPE = {
    "chips": "per chip",
    "cores": "per NeuronCore",
    "instances": "per instance",
    "ultraservers": "per UltraServer",
}
# The role's kind for each section that holds extra figures (``chip:trainium2:hbm-per-stack``).
KINDS = {
    "chips": "chip",
    "cores": "core",
    "families": "family",
    "instances": "system",
    "ultraservers": "system",
    "software": "software",
}

ExtraFigure = create_model(
    "ExtraFigure",
    __base__=figure_type(ALL_DIMENSIONS),
    label=(Label, Field(description="the row label")),
    scope=(
        Literal[SCOPES] | None,  # type: ignore[valid-type]
        Field(None, description="where the figure applies, if not the entity's own level"),
    ),
    group=(Id | None, Field(None, description="figures that one figure-table lists together")),
)
Extras = dict[ExtraKey, ExtraFigure]  # type: ignore[valid-type]


# -- Entries ------------------------------------------------------------------------------------
def _not_in_future(value: date) -> date:
    if value > date.today():
        raise PydanticCustomError(
            "future_date",
            "{value} is in the future: a source is checked on or before today",
            {"value": value.isoformat()},
        )
    return value


class Source(Table):
    title: Label
    url: Url
    checked: Annotated[date, AfterValidator(_not_in_future)] = Field(
        description="the day the figures citing this source were last checked against it (a TOML date: 2026-08-21)"
    )
    section: Label | None = Field(None, description="the part of the document the figures come from, where known")


class _ChipBase(Table):
    FIGURES: ClassVar = CHIP_FIGURES
    name: Name
    line: Name
    line_generation: Generation
    ml_generation: Generation
    role: Name
    core: Id = Field(description="a key of [cores]")
    memory_type: Word
    neuronlink: Word
    page: Id
    rounding: list[Name]
    lnc_default: LncSize | None = None
    source: Id | None = Field(None, description="a key of [sources]: the default for the figures below")
    compute: dict[Id, figure_type(RATE_DIMENSIONS, compute=True)] = {}  # type: ignore[valid-type]
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


ChipEntry = create_model("Chip", __base__=_ChipBase, **_figure_fields(CHIP_FIGURES, required=("neuron_cores",)))


class Engine(Table):
    inputs: list[Word]
    outputs: list[Word] = []
    clock: figure_type(("frequency",)) | None = None  # type: ignore[valid-type]
    throughput: list[figure_type(RATE_DIMENSIONS, compute=True)] = []  # type: ignore[valid-type]
    source: Id | None = None
    note: Id | None = Field(None, description="a key of [notes] about the engine's data types")


SparsityPattern = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*:[1-9][0-9]*$")]


class Sparsity(Table):
    """The M:N structured-sparsity patterns a core's Tensor Engine takes: ``"4:16"`` means at
    most 4 non-zero values in every 16 consecutive contraction elements."""

    patterns: Annotated[list[SparsityPattern], Field(min_length=1, description='"M:N", M below N')]
    source: Id | None = Field(None, description="a key of [sources]; the core's source if left out")
    note: Id | None = Field(None, description="a key of [notes]")

    @model_validator(mode="after")
    def _m_below_n(self):
        for pattern in self.patterns:
            kept, group = (int(part) for part in pattern.split(":"))
            if kept >= group:
                raise PydanticCustomError(
                    "sparsity_pattern",
                    "pattern '{pattern}' keeps {kept} of every {group} values; M must be below N in M:N",
                    {"pattern": pattern, "kept": kept, "group": group},
                )
        if len(set(self.patterns)) != len(self.patterns):
            raise PydanticCustomError("sparsity_pattern", "a pattern is listed twice", {})
        return self


class _CoreBase(Table):
    FIGURES: ClassVar = CORE_FIGURES
    name: Name
    page: Id
    source: Id | None = None
    engines: dict[Literal["tensor", "vector", "scalar", "gpsimd"], Engine] = {}
    sparsity: Sparsity | None = Field(None, description="M:N structured-sparsity patterns of the Tensor Engine")
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


CoreEntry = create_model("Core", __base__=_CoreBase, **_figure_fields(CORE_FIGURES))


class FamilyEntry(Table):
    name: Name
    chip: Id = Field(description="a key of [chips]")
    page: Id
    host_cpu: Word | None = None
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


_TotalFigure = figure_type(RATE_DIMENSIONS)


class _PublishedBase(Table):
    """AWS's published totals: compute.<key of the chip's compute>, device memory and bandwidths."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "propertyNames": {
                "pattern": rf"^(compute\.{ID_PATTERN.strip('^$')}|{'|'.join(SCALED_TOTALS)})$",
            }
        },
    )
    __pydantic_extra__: dict[str, _TotalFigure]  # type: ignore[valid-type]

    @model_validator(mode="before")
    @classmethod
    def _known_totals(cls, data: Any):
        """Before the values: a total under a look-alike key would otherwise be read as a rate."""
        for key in data if isinstance(data, dict) else ():
            if key in cls.model_fields or (
                key.startswith("compute.") and re.fullmatch(ID_PATTERN, key.removeprefix("compute."))
            ):
                continue
            bad = unexpected_character(key, ID_KINDS[FIGURE_KEY_PATTERN][1])  # a look-alike in "compute"
            raise PydanticCustomError(
                "unknown_total",
                "unknown total {key}{bad}; expected compute.<key of the chip's compute>, {known}",
                {"key": repr(key), "bad": f" ({bad})" if bad else "", "known": ", ".join(SCALED_TOTALS)},
            )
        return data

    def items(self) -> list[tuple[str, FigureBase]]:
        return [(k, getattr(self, k) if k in SCALED_TOTALS else self.__pydantic_extra__[k]) for k in self._keys]


Published = create_model(
    "Published",
    __base__=_PublishedBase,
    **{
        key: (figure_type((CHIP_FIGURES[chip_key][1],)) | None, Field(None, description=TOTAL_LABELS[key]))
        for key, chip_key in SCALED_TOTALS.items()
    },
)


class _SystemBase(Table):
    FIGURES: ClassVar = SYSTEM_FIGURES
    family: Id = Field(description="a key of [families]")
    name: Name | None = None
    source: Id | None = None
    note: Id | None = None
    host_cpu: Word | None = None
    published: Published | None = None  # type: ignore[valid-type]
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


InstanceEntry = create_model("Instance", __base__=_SystemBase, **_figure_fields(SYSTEM_FIGURES))


class _UltraServerBase(_SystemBase):
    server: Id | None = Field(None, description="a key of [instances]: the instance type it is built from")


UltraServerEntry = create_model("UltraServer", __base__=_UltraServerBase, **_figure_fields(SYSTEM_FIGURES))


class SoftwareEntry(Table):
    """Figures about the Neuron runtime and compiler rather than about hardware."""

    name: Name
    extra: Extras = Field({}, description="figures by key; each needs a scope")


class ComparisonRow(Table):
    label: Label
    key: FigureKey | None = None
    old: FigureKey | None = None
    new: FigureKey | None = None
    published: Factor | None = Field(None, description='the factor AWS states, e.g. "1.4x"')


class ComparisonEntry(Table):
    old: Id
    new: Id
    rows: list[ComparisonRow] = []


class TopologyEntry(Table):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"shape": {"enum": list(GRID_SHAPES)}}, "required": ["shape"]},
            "then": {"required": ["side"]},
        }
    )
    system: Id = Field(description="a key of [instances] or [ultraservers]")
    shape: Literal["ring", "line", "torus", "ultraserver-torus"]
    side: FigurePath | None = Field(
        None, description="torus shapes: the figure (kind:id:key) of the chips along each side"
    )
    link: FigurePath | None = Field(None, description="the figure (kind:id:key) of the bandwidth of one drawn link")
    source: Id

    @model_validator(mode="after")
    def _grid_needs_side(self):
        if self.shape in GRID_SHAPES and self.side is None:
            raise PydanticCustomError(
                "missing_side", "missing required key 'side' (a {shape} needs it)", {"shape": self.shape}
            )
        return self


# -- The file -----------------------------------------------------------------------------------
def _entries(model: Any, nonempty: bool = True):
    return Annotated[dict[Id, model], Field(min_length=1)] if nonempty else dict[Id, model]


class HardwareFile(Table):
    """The whole data file."""

    model_config = ConfigDict(title="Neuron hardware data")
    sources: _entries(Source)
    notes: _entries(Prose)
    chips: _entries(ChipEntry)
    cores: _entries(CoreEntry)
    families: _entries(FamilyEntry)
    instances: _entries(InstanceEntry)
    ultraservers: _entries(UltraServerEntry)
    comparisons: _entries(ComparisonEntry, False) = {}
    software: _entries(SoftwareEntry, False) = {}
    topologies: _entries(TopologyEntry, False) = {}

    # -- walking the figures ----------------------------------------------------------------
    def systems(self) -> list[tuple[str, str, Any]]:
        """(section, id, entry) for every instance and UltraServer."""
        return [("instances", k, v) for k, v in self.instances.items()] + [
            ("ultraservers", k, v) for k, v in self.ultraservers.items()
        ]

    def figures_with_sources(self):
        """(loc, figure, the source it falls back to) for every figure in the file."""
        for cid, chip in self.chips.items():
            for key in chip.present(CHIP_FIGURES):
                yield ("chips", cid, key), getattr(chip, key), chip.source
            for key, fig in chip.compute.items():
                yield ("chips", cid, "compute", key), fig, chip.source
        for cid, core in self.cores.items():
            for key in core.present(CORE_FIGURES):
                yield ("cores", cid, key), getattr(core, key), core.source
            for eid, engine in core.engines.items():
                src = engine.source or core.source
                if engine.clock is not None:
                    yield ("cores", cid, "engines", eid, "clock"), engine.clock, src
                for i, fig in enumerate(engine.throughput):
                    yield ("cores", cid, "engines", eid, "throughput", i), fig, src
        for section, sid, system in self.systems():
            for key in system.present(SYSTEM_FIGURES):
                yield (section, sid, key), getattr(system, key), system.source
            for key, fig in system.published.items() if system.published else ():
                yield (section, sid, "published", key), fig, system.source
        for loc, fig, entity_source in self.extras():
            yield loc, fig, entity_source

    def extras(self):
        """(loc, figure, the entity's source) for every extra figure, e.g.
        ``("chips", "trainium2", "extra", "hbm-per-stack")``."""
        for section in KINDS:
            for eid, entity in getattr(self, section).items():
                for key, fig in entity.extra.items():
                    yield (section, eid, "extra", key), fig, getattr(entity, "source", None)

    def extra_figures(self) -> dict[str, FigureBase]:
        """Extra figures by their path, ``kind:id:key`` (``system:trn2.48xlarge:torus-side``)."""
        return {extra_path(loc): fig for loc, fig, _ in self.extras()}

    def figure_at(self, loc: Loc) -> FigureBase | None:
        """The figure at ``loc`` (``("chips", "trainium2", "device_memory")``), if it is there."""
        node: Any = self
        for part in loc:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, _PublishedBase):
                node = dict(node.items()).get(part)
            elif isinstance(node, list):
                node = node[part] if isinstance(part, int) and part < len(node) else None
            else:
                node = getattr(node, part, None) if isinstance(part, str) else None
            if node is None:
                return None
        return node if isinstance(node, FigureBase) else None

    def chip_figure(self, chip_id: str, key: str) -> FigureBase | None:
        """A chip's figure by the key pages use: ``device_memory`` or ``compute.bf16``."""
        chip = self.chips[chip_id]
        if key.startswith("compute."):
            return chip.compute.get(key.removeprefix("compute."))
        return getattr(chip, key, None) if key in CHIP_FIGURES else None

    # -- checks across entries --------------------------------------------------------------
    @model_validator(mode="after")
    def check_across_entries(self):
        """References first; the checks that follow them run only when every reference resolves."""
        checks = (
            _check_references,
            _check_topologies,
            _check_published_totals,
            _check_consistency,
            _check_lnc_sizes,
            _check_stated_factors,
        )
        for check in checks:
            problems = list(check(self))
            if problems:
                raise PydanticCustomError(
                    "cross_entity",
                    "{text}",
                    {"problems": problems, "text": "; ".join(f"{_dotted(loc)}: {msg}" for loc, msg in problems)},
                )
        return self


def extra_path(loc: Loc) -> str:
    """``("chips", "trainium2", "extra", "hbm-per-stack")`` -> ``chip:trainium2:hbm-per-stack``."""
    section, eid, _, key = loc
    return f"{KINDS[section]}:{eid}:{key}"


def path_loc(data: HardwareFile, path: str) -> Loc | None:
    """The location of the extra figure at ``path`` (``kind:id:key``), if there is one."""
    kind, _, rest = path.partition(":")
    eid, _, key = rest.rpartition(":")
    for section, section_kind in KINDS.items():
        if section_kind == kind and key in getattr(getattr(data, section).get(eid), "extra", {}):
            return (section, eid, "extra", key)
    return None


def _dotted(loc: Loc) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc)


def _ref(loc: Loc, value: str | None, targets: dict, what: str):
    if value is not None and value not in targets:
        known = ", ".join(sorted(targets)) or "none defined"
        yield loc, f"{value!r} is not a known {what}; expected one of: {known}"


# Notes the tables attach by key, whatever the data: each must exist in [notes].
REQUIRED_NOTES = {
    "derived": "marks a figure this site computes",
    "generation": "explains the two generation counts on chip tables",
    "chip-not-additive": "explains why per-core and per-chip peaks do not multiply out",
    "bandwidth-converted": "explains a bandwidth converted to the overview's unit",
    "lnc-default-not-published": "marks a logical-core count whose default LNC is not published",
}


def _check_references(data: HardwareFile):
    for key, why in REQUIRED_NOTES.items():
        if key not in data.notes:
            yield ("notes",), f"missing note {key!r}: the tables cite it ({why})"
    for loc, fig, _ in data.extras():
        if fig.scope is None and loc[0] not in DEFAULT_SCOPE:
            yield (
                loc,
                f"needs a 'scope': a {KINDS[loc[0]]} has no level of its own; expected one of: {', '.join(SCOPES)}",
            )
    for loc, fig, default in data.figures_with_sources():
        source = fig.source or default
        if source is None:
            yield loc, "no 'source' on the figure or on its table"
        elif source not in data.sources:
            yield loc, f"source {source!r} is not defined in [sources]"
        if fig.note is not None and fig.note not in data.notes:
            yield loc, f"note {fig.note!r} is not defined in [notes]"
        if fig.derived and "derived" not in data.notes:
            yield loc, "a derived figure needs a [notes] entry 'derived' explaining what that means"
    for cid, chip in data.chips.items():
        yield from _ref(("chips", cid, "source"), chip.source, data.sources, "source")
        yield from _ref(("chips", cid, "core"), chip.core, data.cores, "NeuronCore in [cores]")
    for cid, core in data.cores.items():
        yield from _ref(("cores", cid, "source"), core.source, data.sources, "source")
        if core.sparsity is not None:
            loc = ("cores", cid, "sparsity")
            if core.sparsity.source is None and core.source is None:
                yield loc, "no 'source' on the sparsity patterns or on their core"
            yield from _ref((*loc, "source"), core.sparsity.source, data.sources, "source")
            yield from _ref((*loc, "note"), core.sparsity.note, data.notes, "note in [notes]")
        for eid, engine in core.engines.items():
            yield from _ref(("cores", cid, "engines", eid, "source"), engine.source, data.sources, "source")
            yield from _ref(("cores", cid, "engines", eid, "note"), engine.note, data.notes, "note in [notes]")
    for fid, family in data.families.items():
        yield from _ref(("families", fid, "chip"), family.chip, data.chips, "chip in [chips]")
    for sid in set(data.instances) & set(data.ultraservers):
        yield ("ultraservers", sid), "defined both as an instance and as an UltraServer"
    for section, sid, system in data.systems():
        yield from _ref((section, sid, "family"), system.family, data.families, "instance family in [families]")
        yield from _ref((section, sid, "source"), system.source, data.sources, "source")
        yield from _ref((section, sid, "note"), system.note, data.notes, "note in [notes]")
        if section == "ultraservers":
            yield from _ref((section, sid, "server"), system.server, data.instances, "instance")
        if system.family not in data.families or data.families[system.family].chip not in data.chips:
            continue
        chip_id = data.families[system.family].chip
        for key, total in system.published.items() if system.published else ():
            loc = (section, sid, "published", key)
            if key in SCALED_TOTALS:
                continue
            per_chip = data.chip_figure(chip_id, key)
            if per_chip is None:
                yield loc, f"{data.chips[chip_id].name} has no figure {key!r} to compute this total from"
            elif units.dimension(total.unit) != units.dimension(per_chip.unit):
                expected = ", ".join(units.units_of(units.dimension(per_chip.unit)))
                yield loc, f"unit {total.unit!r} is not valid here; expected one of: {expected}"
    for cid, comparison in data.comparisons.items():
        ends = [(comparison.old, "old"), (comparison.new, "new")]
        bad = [list(_ref(("comparisons", cid, side), chip, data.chips, "chip in [chips]")) for chip, side in ends]
        if any(bad):
            yield from (p for problems in bad for p in problems)
            continue
        for i, row in enumerate(comparison.rows):
            keys = (row.old or row.key, row.new or row.key)
            figs = []
            for (chip_id, _), key in zip(ends, keys, strict=True):
                fig = data.chip_figure(chip_id, key) if key else None
                if fig is None:
                    yield (
                        ("comparisons", cid, "rows", i),
                        (f"{data.chips[chip_id].name} has no figure {key!r}; give 'key' or 'old'/'new'"),
                    )
                figs.append(fig)
            if all(figs) and units.dimension(figs[0].unit) != units.dimension(figs[1].unit):
                yield ("comparisons", cid, "rows", i), f"cannot compare {figs[0].unit} with {figs[1].unit}"
    for tid, topology in data.topologies.items():
        systems = data.instances | data.ultraservers
        yield from _ref(("topologies", tid, "system"), topology.system, systems, "instance or UltraServer")
        extras = data.extra_figures()
        yield from _ref(("topologies", tid, "side"), topology.side, extras, "extra figure (kind:id:key)")
        yield from _ref(("topologies", tid, "link"), topology.link, extras, "extra figure (kind:id:key)")
        yield from _ref(("topologies", tid, "source"), topology.source, data.sources, "source")


def _check_topologies(data: HardwareFile):
    systems = data.instances | data.ultraservers
    for tid, topology in data.topologies.items():
        where = ("topologies", tid)
        system = systems[topology.system]
        name = system.name or topology.system
        if system.chips is None or system.chips.value < 2:
            yield where, f"{name} needs at least two chips to have a topology"
            continue
        extras = data.extra_figures()
        side = extras[topology.side].value if topology.side else None
        if topology.side is not None and extras[topology.side].unit != "count":
            yield (*where, "side"), f"expected a count of chips, got a figure in {extras[topology.side].unit}"
            continue
        servers = None
        if topology.shape == "ultraserver-torus":
            if system.servers is None:
                yield (*where, "system"), f"{name} is not an UltraServer with a 'servers' count"
                continue
            servers = int(system.servers.value)
        if topology.shape in GRID_SHAPES and (servers or 1) * side**2 != system.chips.value:
            per = f"{servers} servers of " if servers else ""
            yield (
                (*where, "side"),
                (f"{per}a torus of {side} x {side} chips does not match the {system.chips.value} chips of {name}"),
            )
        if topology.link is not None:
            link = extras[topology.link]
            if units.dimension(link.unit) != units.dimension("GiB/s"):
                yield (*where, "link"), f"expected a bandwidth figure, got one in {link.unit}"


def _check_published_totals(data: HardwareFile):
    """Every total AWS publishes must equal the computed one (chips x per-chip figure) to the
    published precision, unless a note explains the difference; a note on a total that matches
    is stale and fails too."""
    for section, sid, system in data.systems():
        chip_id = data.families[system.family].chip
        for key, published in system.published.items() if system.published else ():
            loc = (section, sid, "published", key)
            per_chip = data.chip_figure(chip_id, SCALED_TOTALS.get(key, key))
            if system.chips is None or per_chip is None:
                yield loc, "no computed total to check it against"
                continue
            value = units.convert(system.chips.value * per_chip.value, per_chip.unit, published.unit)
            matches = units.matches_published(value, published.value)
            shown = units.format_quantity(published.value, published.unit)
            if not matches and not published.note:
                yield (
                    loc,
                    (
                        f"AWS's {shown} does not match the computed "
                        f"{units.format_quantity(value, published.unit)} (chips x per-chip figure); fix the value or "
                        "add a `note` explaining the difference"
                    ),
                )
            if matches and published.note:
                yield (
                    loc,
                    (
                        f"note {published.note!r} explains a difference, but the "
                        f"published {shown} matches the computed total; remove the note"
                    ),
                )


# Figures that must agree with each other: (what the rule says, factors, the figure they multiply to).
# A factor or the product is the location of a figure; a rule whose figures are not all in the file
# is skipped, so the rules name only figures the file states.
CONSISTENCY: list[tuple[str, tuple[Loc, ...], Loc]] = [
    (
        "HBM per stack x HBM stacks = device memory",
        (("chips", "trainium2", "extra", "hbm-per-stack"), ("chips", "trainium2", "hbm_stacks")),
        ("chips", "trainium2", "device_memory"),
    ),
    (
        "NeuronCores per HBM stack x HBM stacks = NeuronCores",
        (("chips", "trainium2", "extra", "cores-per-hbm-stack"), ("chips", "trainium2", "hbm_stacks")),
        ("chips", "trainium2", "neuron_cores"),
    ),
    (
        "collective-communication cores per NeuronCore x NeuronCores = collective-communication cores",
        (("chips", "trainium2", "extra", "cc-cores-per-core"), ("chips", "trainium2", "neuron_cores")),
        ("chips", "trainium2", "cc_cores"),
    ),
    (
        "logical NeuronCores at LNC=1 x 1 = NeuronCores",
        (("chips", "trainium2", "extra", "logical-cores-lnc1"),),
        ("chips", "trainium2", "neuron_cores"),
    ),
    (
        "logical NeuronCores at LNC=2 x 2 = NeuronCores",
        (("chips", "trainium2", "extra", "logical-cores-lnc2"), ("chips", "trainium2", "lnc_default")),
        ("chips", "trainium2", "neuron_cores"),
    ),
    (
        "chips per server x servers = chips",
        (("ultraservers", "trn3-gen1", "extra", "chips-per-server"), ("ultraservers", "trn3-gen1", "servers")),
        ("ultraservers", "trn3-gen1", "chips"),
    ),
    (
        "chips per server x servers = chips",
        (("ultraservers", "trn3-gen2", "extra", "chips-per-server"), ("ultraservers", "trn3-gen2", "servers")),
        ("ultraservers", "trn3-gen2", "chips"),
    ),
    (
        "EFA per chip x chips = EFA bandwidth",
        (("families", "trn3", "extra", "efa-per-chip"), ("ultraservers", "trn3-gen1", "chips")),
        ("ultraservers", "trn3-gen1", "efa"),
    ),
    (
        "EFA per chip x chips = EFA bandwidth",
        (("families", "trn3", "extra", "efa-per-chip"), ("ultraservers", "trn3-gen2", "chips")),
        ("ultraservers", "trn3-gen2", "efa"),
    ),
]


def _consistency_rules(data: HardwareFile):
    yield from CONSISTENCY
    for cid, chip in data.chips.items():
        # SBUF of all cores = NeuronCores x the core's SBUF
        yield (
            "NeuronCores x SBUF per NeuronCore = SBUF of all cores",
            (("chips", cid, "neuron_cores"), ("cores", chip.core, "sbuf")),
            ("chips", cid, "sbuf_total"),
        )
    for cid in data.cores:
        for buffer in ("sbuf", "psum"):
            yield (
                f"partitions x {buffer.upper()} per partition = {buffer.upper()}",
                (("cores", cid, "partitions"), ("cores", cid, "extra", f"{buffer}-partition")),
                ("cores", cid, buffer),
            )
    for sid, ultraserver in data.ultraservers.items():
        if ultraserver.server is None:
            continue
        for key in ("chips", "vcpus", "host_memory"):
            yield (
                f"servers x the {ultraserver.server} figure = the UltraServer's",
                (("ultraservers", sid, "servers"), ("instances", ultraserver.server, key)),
                ("ultraservers", sid, key),
            )


def _quantity(data: HardwareFile, loc: Loc) -> tuple[Decimal, str] | None:
    """A figure's value and unit, or a plain integer key (``lnc_default``) as a count."""
    fig = data.figure_at(loc)
    if fig is not None:
        return fig.value, fig.unit
    *table_loc, key = loc
    table: Any = data
    for part in table_loc:
        table = table.get(part) if isinstance(table, dict) else getattr(table, part, None)
    number = getattr(table, key, None) if isinstance(key, str) else None
    return (Decimal(number), "count") if isinstance(number, int) and not isinstance(number, bool) else None


def _check_consistency(data: HardwareFile):
    for what, factors, product_loc in _consistency_rules(data):
        terms = [_quantity(data, loc) for loc in factors]
        target = data.figure_at(product_loc)
        if target is None or any(t is None for t in terms):
            continue
        value, unit = Decimal(1), "count"
        for term_value, term_unit in terms:
            value *= term_value
            if units.dimension(term_unit) not in ("count", "chips"):
                unit = term_unit
        if units.dimension(unit) != units.dimension(target.unit):
            yield product_loc, f"{what}: cannot compare {unit} with {target.unit}"
            continue
        computed = units.convert(value, unit, target.unit)
        if computed != target.value:
            shown = " x ".join(units.format_quantity(v, u) for v, u in terms)
            yield (
                product_loc,
                (
                    f"{units.format_quantity(target.value, target.unit)} does not match "
                    f"{shown} = {units.format_quantity(computed, target.unit)} ({what})"
                ),
            )


# The setting Logical NeuronCore sizes run up to (levels.LNC_LARGEST): a setting may be 0
# elsewhere, but here 0 would leave no size at all.
LNC_LARGEST_LOC: Loc = ("software", "neuron", "extra", "lnc-largest-size")


def _check_lnc_sizes(data: HardwareFile):
    """Sizes run from 1 to the largest, and each chip's default size is one of them."""
    largest = data.figure_at(LNC_LARGEST_LOC)
    if largest is None:
        return
    if largest.value < 1:
        yield (
            LNC_LARGEST_LOC,
            f"expected at least 1, got {_amount(largest.value, largest.unit)}: LNC sizes run from 1 to it",
        )
        return
    sizes = f"1 to {_amount(largest.value, largest.unit)}, {extra_path(LNC_LARGEST_LOC)}"
    for cid, chip in data.chips.items():
        if chip.lnc_default is not None and chip.lnc_default > largest.value:
            yield ("chips", cid, "lnc_default"), f"{chip.lnc_default} is not an LNC size software accepts ({sizes})"


# Factors AWS states as figures of their own: (what the factor compares, the newer figure, the older
# one, the stated factor). A rule whose figures are not all in the file is skipped.
STATED_FACTORS: list[tuple[str, Loc, Loc, Loc]] = [
    (
        "NeuronCore-v2 over NeuronCore-v1 Tensor Engine FP16/BF16 rate",
        ("cores", "v2", "engines", "tensor", "throughput", 0),
        ("cores", "v1", "engines", "tensor", "throughput", 0),
        ("cores", "v2", "extra", "tensor-speedup-v1"),
    ),
]


def _check_stated_factors(data: HardwareFile):
    """Every factor AWS states must equal the computed one (newer / older figure, in the older
    figure's unit) to the stated precision, unless a note explains the difference: on a comparison
    row, a note of one of its two figures (the tables print it beside the factor), not one the
    tables attach by rule; on a stated-factor figure, its own note."""
    for cid, comparison in data.comparisons.items():
        for i, row in enumerate(comparison.rows):
            if row.published is None:
                continue
            new = data.chip_figure(comparison.new, row.new or row.key)
            old = data.chip_figure(comparison.old, row.old or row.key)
            stated = Decimal(row.published.removesuffix("x"))
            explained = any(fig.note and fig.note not in REQUIRED_NOTES for fig in (new, old))
            loc = ("comparisons", cid, "rows", i)
            yield from _factor_problems(loc, new, old, stated, explained, row.label, "on one of the two figures")
    for what, new_loc, old_loc, stated_loc in STATED_FACTORS:
        new, old, stated = (data.figure_at(loc) for loc in (new_loc, old_loc, stated_loc))
        if new is None or old is None or stated is None:
            continue
        if units.dimension(new.unit) != units.dimension(old.unit):
            yield stated_loc, f"{what}: cannot compare {new.unit} with {old.unit}"
            continue
        yield from _factor_problems(stated_loc, new, old, stated.value, stated.note is not None, what, "on it")


def _factor_problems(
    loc: Loc, new: FigureBase, old: FigureBase, stated: Decimal, explained: bool, what: str, note_where: str
):
    computed = units.convert(new.value, new.unit, old.unit) / old.value
    if explained or units.matches_published(computed, stated):
        return
    division = f"{_amount(new.value, new.unit)} / {_amount(old.value, old.unit)}"
    shown = units.format_factor(computed).removesuffix("\u00d7")
    yield (
        loc,
        (
            f"AWS's factor {units.format_number(stated)}x does not match the computed {shown}x "
            f"({what}: {division}); fix the figures or the factor, or add a `note` {note_where} "
            "explaining the difference"
        ),
    )


# -- Walking the model by an error's location ---------------------------------------------------
def _strip(annotation: Any) -> Any:
    """``X | None`` -> X; ``Annotated[X, ...]`` -> X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, type(int | None)):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def annotation_at(loc: Loc) -> Any:
    """The type expected at ``loc`` of the file (a model class, ``Literal[...]``, ``str``...),
    or None when ``loc`` is not a place the model defines (an unknown key)."""
    annotation: Any = HardwareFile
    for part in loc:
        annotation = _strip(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part) if isinstance(part, str) else None
            if field is not None:
                annotation = field.annotation
            elif annotation.model_config.get("extra") == "allow":
                annotation = _strip(annotation.__annotations__.get("__pydantic_extra__", Any))
                annotation = get_args(annotation)[1] if get_args(annotation) else Any
            else:
                return None
        elif origin is dict:
            annotation = get_args(annotation)[1]
        elif origin in (list, tuple):
            annotation = get_args(annotation)[0]
        else:
            return None
    return _strip(annotation)


class _TomlSchema(GenerateJsonSchema):
    """TOML has no null: an optional key is simply left out, so ``X | None`` is written as X."""

    def nullable_schema(self, schema):
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema):
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            del json_schema["default"]
        return json_schema

    def dict_schema(self, schema):
        """A table whose keys are ids: pydantic writes ``patternProperties``, which lets a key that
        does not match through unchecked; ``propertyNames`` rejects it."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            (pattern, values), *others = patterns.items()
            assert not others, "one pattern per table"
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema


def json_schema() -> dict:
    """JSON Schema 2020-12 of the data file, for editors (Taplo) and tests."""
    schema = HardwareFile.model_json_schema(schema_generator=_TomlSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by `python _ext/neuron_hw/model.py --schema`; do not edit by hand.",
        **schema,
    }


def main(argv: list[str]) -> int:
    if argv != ["--schema"]:
        print("usage: python _ext/neuron_hw/model.py --schema > _data/hardware.schema.json", file=sys.stderr)
        return 2
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
