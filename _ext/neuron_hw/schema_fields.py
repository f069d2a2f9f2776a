"""The building blocks of the data file's model: numbers, text, ids and figures, as pydantic types.

A figure is an inline table ``{ value, unit, source }`` whose ``unit`` must measure the dimension
its key allows (``units.units_of``): :func:`figure_type` makes one model per set of dimensions, so
both pydantic and the JSON Schema generated from the models reject a wrong unit, and an
implausible value (:mod:`plausible_values`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeAlias, get_args

from pydantic import (
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
from pydantic_core import PydanticCustomError

from . import units
from .id_syntax import (
    EXTRA_KEY_PATTERN,
    FIGURE_ID_PATTERN,
    FIGURE_KEY_PATTERN,
    FIGURE_PATH_PATTERN,
    ID_MAX_LENGTH,
    ID_PATTERN,
)
from .plausible_values import WHOLE_DIMENSIONS, plausible_range, value_problem
from .vocabulary import SCOPES

RATE_DIMENSIONS = ("floating-point rate", "integer rate", "operations per cycle")
ALL_DIMENSIONS = tuple(dict.fromkeys(dim for dim, _ in units.UNITS.values()))


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


Word: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=TEXT_PATTERN)]
"""A data type, a memory type, a host CPU, a group of figures."""
Name: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=TEXT_PATTERN)]
"""An entity's name, a product line, a role, a rounding mode."""
Label: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=400, pattern=TEXT_PATTERN)]
"""A table row's label, a source's title."""
Prose: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=TEXT_PATTERN)]
"""A note."""
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https://\S+$")]
Factor = Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?x$")]  # as AWS states it: "1.4x"
Generation = Annotated[int, Field(ge=1, le=100)]
LncSize = Annotated[int, Field(ge=1, le=64)]


# Ids and keys: the characters each may be written with (id_syntax), and no longer than an id may be.
Id: TypeAlias = Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=ID_PATTERN)]
FigureKey: TypeAlias = Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=FIGURE_KEY_PATTERN)]
FigurePath: TypeAlias = Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=FIGURE_PATH_PATTERN)]
# any figure, as the downloads name it: core:v2:tensor.dense.bf16
FigureId: TypeAlias = Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=FIGURE_ID_PATTERN)]
ExtraKey: TypeAlias = Annotated[str, StringConstraints(max_length=ID_MAX_LENGTH, pattern=EXTRA_KEY_PATTERN)]


@dataclass(frozen=True)
class KeyOf:
    """Marks a field that names an entry of another table (:meth:`Table.references`): the downloads
    write its value as that entry's id (``core = "v3"`` -> ``core:v3``)."""

    section: str


ChipKey: TypeAlias = Annotated[Id, KeyOf("chips"), Field(description="a key of [chips]")]
CoreKey: TypeAlias = Annotated[Id, KeyOf("cores"), Field(description="a key of [cores]")]
FamilyKey: TypeAlias = Annotated[Id, KeyOf("families"), Field(description="a key of [families]")]
InstanceKey: TypeAlias = Annotated[Id, KeyOf("instances"), Field(description="a key of [instances]")]

# Fields of an entry that are scalars but not attributes of the entity it describes (Table.attributes),
# each with the reason.
NOT_ATTRIBUTES = {
    "source": "the default source of the entry's figures: each figure of the records carries its own",
}


def _holds_table(annotation: Any) -> bool:
    """Whether a field's type is, or holds, a table of its own (a figure, an engine, a dict of figures)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_table(arg) for arg in get_args(annotation))


def _markers(annotation: Any) -> list[Any]:
    """Every ``Annotated`` marker in a field's type, however deep (``X | None`` included)."""
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        found += _markers(arg)
    return found


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

    @classmethod
    def attributes(cls) -> tuple[str, ...]:
        """The fields that describe the entity itself, in the model's order: every field that is
        neither a figure nor a table of its own (those become the record's figures and parts), except
        :data:`NOT_ATTRIBUTES`.  The loader copies each onto the entity's record and the downloads
        list each among the entity's details, so a field added here reaches both."""
        return tuple(
            name
            for name, info in cls.model_fields.items()
            if name not in NOT_ATTRIBUTES and not _holds_table(info.annotation)
        )

    @classmethod
    def references(cls) -> dict[str, str]:
        """The fields that name an entry of another table, and its table: ``{"core": "cores"}``."""
        found = {}
        for name, info in cls.model_fields.items():
            keys = [m for m in [*info.metadata, *_markers(info.annotation)] if isinstance(m, KeyOf)]
            if keys:
                found[name] = keys[0].section
        return found


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
    unit: Any = Literal[allowed]  # the units, known only at run time: a type for pydantic, not for mypy
    model = create_model(name, __base__=base, unit=(unit, ...))
    model.units = allowed
    return model


def figure_fields(schema: dict[str, tuple[str, str]], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        key: (figure_type((dim,)), Field(description=label))
        if key in required
        else (figure_type((dim,)) | None, Field(None, description=label))
        for key, (label, dim) in schema.items()
    }


_SCOPE: Any = Literal[SCOPES] | None  # the scopes, a tuple: a type for pydantic, not for mypy
ExtraFigure = create_model(
    "ExtraFigure",
    __base__=figure_type(ALL_DIMENSIONS),
    label=(Label, Field(description="the row label")),
    scope=(
        _SCOPE,
        Field(None, description="where the figure applies, if not the entity's own level"),
    ),
    group=(Id | None, Field(None, description="figures that one figure-table lists together")),
    factor_of=(
        Annotated[list[FigureId], Field(min_length=2, max_length=2)] | None,
        Field(
            None,
            description="a factor AWS states: the two figures it compares, the newer then the older, by "
            "their ids (kind:id:key; an engine's rate as <engine>.<mode>.<first data type>); the build "
            "checks the factor against them",
        ),
    ),
)
Extras = dict[ExtraKey, ExtraFigure]  # type: ignore[valid-type]
