"""The entries of the data file as pydantic models, one per kind of table (a source, a chip, a
NeuronCore and its engines, a family, an instance, an UltraServer, software, a comparison, a
topology); :mod:`schema_models` holds them in the file's tables.

Each table is a model with ``extra="forbid"`` (:class:`~schema_fields.Table`).  An entry that
describes an entity (:data:`ENTRY_MODELS`) is also the list of its attributes
(``Table.attributes``), which the loader copies onto the entity's record.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, create_model, model_validator
from pydantic_core import PydanticCustomError

from .id_syntax import FIGURE_KEY_PATTERN, ID_KINDS, ID_PATTERN, unexpected_character
from .schema_fields import (
    RATE_DIMENSIONS,
    ChipKey,
    CoreKey,
    Extras,
    Factor,
    FamilyKey,
    FigureBase,
    FigureKey,
    FigurePath,
    Generation,
    Id,
    InstanceKey,
    Label,
    LncSize,
    Name,
    Table,
    Url,
    Word,
    figure_fields,
    figure_type,
)
from .vocabulary import (
    CHIP_FIGURES,
    CORE_FIGURES,
    ENGINES,
    GRID_SHAPES,
    SCALED_TOTALS,
    SWITCHED,
    SYSTEM_FIGURES,
    TOPOLOGY_SHAPES,
    TOTAL_LABELS,
)


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
    core: CoreKey
    memory_type: Word
    neuronlink: Word
    page: Id
    rounding: list[Name]
    lnc_default: LncSize | None = None
    source: Id | None = Field(None, description="a key of [sources]: the default for the figures below")
    compute: dict[Id, figure_type(RATE_DIMENSIONS, compute=True)] = {}  # type: ignore[valid-type]
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


# A model made at run time (create_model) adds the standard figures as fields, which are read by key;
# mypy cannot follow create_model, so it is given the static base, which declares every other field.
if TYPE_CHECKING:
    ChipEntry = _ChipBase
else:
    ChipEntry = create_model("Chip", __base__=_ChipBase, **figure_fields(CHIP_FIGURES, required=("neuron_cores",)))


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


Access = Literal["read", "write", "read-write"]


class EngineAccess(Table):
    """What one engine does with each on-chip memory; a memory left out is one it has no path to."""

    sbuf: Access | None = Field(None, description="the state buffer: read, write or read-write")
    psum: Access | None = Field(None, description="the partial-sum buffer: read, write or read-write")


class _MemoryAccessBase(Table):
    """Which engine of a core reads or writes which on-chip memory (the arrows of its block drawing),
    as a source documents it; an engine left out has no documented path."""

    source: Id = Field(description="a key of [sources]: the document that gives these paths")

    def engines(self) -> dict[str, EngineAccess]:
        return {engine: access for engine in ENGINES if (access := getattr(self, engine)) is not None}


if TYPE_CHECKING:  # the engines' fields are read by name (engines()), as a chip's figures are by key
    MemoryAccess = _MemoryAccessBase
else:
    MemoryAccess = create_model(
        "MemoryAccess",
        __base__=_MemoryAccessBase,
        **{engine: (EngineAccess | None, Field(None, description=f"the {name}")) for engine, name in ENGINES.items()},
    )


class _CoreBase(Table):
    FIGURES: ClassVar = CORE_FIGURES
    name: Name
    page: Id
    source: Id | None = None
    engines: dict[Literal[tuple(ENGINES)], Engine] = {}  # type: ignore[valid-type]
    sparsity: Sparsity | None = Field(None, description="M:N structured-sparsity patterns of the Tensor Engine")
    memory_access: MemoryAccess | None = Field(
        None, description="which engine reads or writes SBUF and PSUM, with its source"
    )
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")

    @model_validator(mode="after")
    def _access_of_own_engines(self):
        if self.memory_access is not None:
            for engine in self.memory_access.engines():
                if engine not in self.engines:
                    raise PydanticCustomError(
                        "access_engine",
                        "memory_access.{engine}: the core has no engines.{engine}",
                        {"engine": engine},
                    )
        return self


if TYPE_CHECKING:  # the static base, as for ChipEntry
    CoreEntry = _CoreBase
else:
    CoreEntry = create_model("Core", __base__=_CoreBase, **figure_fields(CORE_FIGURES))


class FamilyEntry(Table):
    name: Name
    chip: ChipKey
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


if TYPE_CHECKING:  # the totals are read by key (items()), as a chip's figures are
    Published = _PublishedBase
else:
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
    family: FamilyKey
    name: Name | None = None
    source: Id | None = None
    note: Id | None = None
    host_cpu: Word | None = None
    published: Published | None = None
    extra: Extras = Field({}, description="figures beyond the standard keys, by key")


if TYPE_CHECKING:  # the static base, as for ChipEntry
    InstanceEntry = _SystemBase
else:
    InstanceEntry = create_model("Instance", __base__=_SystemBase, **figure_fields(SYSTEM_FIGURES))


class _UltraServerBase(_SystemBase):
    server: InstanceKey | None = Field(None, description="a key of [instances]: the instance type it is built from")


if TYPE_CHECKING:  # the static base, as for ChipEntry
    UltraServerEntry = _UltraServerBase
else:
    UltraServerEntry = create_model("UltraServer", __base__=_UltraServerBase, **figure_fields(SYSTEM_FIGURES))


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
    shape: Literal[TOPOLOGY_SHAPES]  # type: ignore[valid-type]
    side: FigurePath | None = Field(
        None, description="torus shapes: the figure (kind:id:key) of the chips along each side"
    )
    link: FigurePath | None = Field(None, description="the figure (kind:id:key) of the bandwidth of one drawn link")
    switches: FigurePath | None = Field(
        None, description="switched: the figure (kind:id:key) of the switches joining the servers, one per half"
    )
    server_switches: FigurePath | None = Field(
        None, description="switched: the figure (kind:id:key) of the first-level switches inside each server"
    )
    direct: bool = Field(
        False, description="switched: each server linked chip by chip to the server at its place in the other half"
    )
    undocumented: list[Label] = Field([], description="what the drawing leaves open because no source says it")
    source: Id

    @model_validator(mode="after")
    def _grid_needs_side(self):
        if self.shape in GRID_SHAPES and self.side is None:
            raise PydanticCustomError(
                "missing_side", "missing required key 'side' (a {shape} needs it)", {"shape": self.shape}
            )
        if self.shape == SWITCHED and self.switches is None:
            raise PydanticCustomError(
                "missing_switches", "missing required key 'switches' (a switched fabric needs it)"
            )
        return self


# The model of each section's entries that describe an entity (its attributes, its references).
ENTRY_MODELS: dict[str, type[Table]] = {
    "chips": ChipEntry,
    "cores": CoreEntry,
    "families": FamilyEntry,
    "instances": InstanceEntry,
    "ultraservers": UltraServerEntry,
}
