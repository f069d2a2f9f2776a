"""The frozen records the directives read: :class:`Specs` and the chips, cores, families, systems,
figures and topologies it holds, as :func:`data.load_specs` returns them from the data file.

An entity's descriptive attributes (a chip's line, role, core...) are the fields of its entry in the
data file's model (``Table.attributes``): the loader copies each one the record declares here by
name, and keeps any other in ``more``, so a field added to the model reaches the record (and the
downloads, :func:`attributes`) before it is declared here; declare it to give pages a typed name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import units
from .vocabulary import SCALED_TOTALS

# An attribute a record computes rather than copies, naming an entry of another table: the field's
# metadata gives the table (the model's references carry a ``KeyOf`` marker instead).
KEY_OF = "key_of"
# Fields of an entity's record that are not among its details in the downloads: its key, name, kind
# and page (the downloads give those fields of their own), its figures and parts (written on their own).
NOT_DETAILS = (
    "id",
    "name",
    "kind",
    "page",
    "figures",
    "compute",
    "engines",
    "sparsity",
    "memory_access",
    "published",
    "more",
)


def attributes(record: Any) -> dict[str, Any]:
    """An entity's details, by name: the attributes its record declares, in order, then those of the
    model it does not declare (``more``)."""
    declared = {f.name: getattr(record, f.name) for f in fields(record) if f.name not in NOT_DETAILS}
    return declared | record.more


def computed_references(record: Any) -> dict[str, str]:
    """The record's computed attributes that name an entry of another table: ``{"chip": "chips"}``."""
    return {f.name: f.metadata[KEY_OF] for f in fields(record) if KEY_OF in f.metadata}


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    source: str | None  # key into Specs.sources; None for a computed figure
    note: str | None = None
    types: tuple[str, ...] = ()  # compute figures: the data types the rate applies to
    mode: str = ""  # compute figures: "dense" or "sparse"
    derived_from: str | None = None  # computed figures: the per-chip key they scale
    derived: bool = False  # computed by this site from published figures (cited by `source`)

    def text(self) -> str:
        return units.format_quantity(self.value, self.unit)


@dataclass(frozen=True)
class LabelledFigure:
    """A figure beyond an entity's standard keys: ``[chips.trainium2.extra.hbm-per-stack]``."""

    id: str  # its path, kind:entity:key -- chip:trainium2:hbm-per-stack
    label: str
    figure: Figure
    section: str  # chips, cores, families, instances, ultraservers or software
    entity: str
    key: str
    scope: str | None  # "per chip", "per NeuronCore", ... (the entity's own level unless stated)
    group: str | None = None


@dataclass(frozen=True)
class Chip:
    id: str
    name: str
    line: str
    line_generation: int
    ml_generation: int
    role: str
    core: str
    memory_type: str
    neuronlink: str
    page: str
    rounding: tuple[str, ...]
    figures: dict[str, Figure]
    compute: dict[str, Figure]
    lnc_default: int | None = None
    more: dict[str, Any] = field(default_factory=dict)  # the model's attributes not declared above

    def figure(self, key: str) -> Figure | None:
        if key.startswith("compute."):
            return self.compute.get(key.removeprefix("compute."))
        return self.figures.get(key)


@dataclass(frozen=True)
class Engine:
    id: str
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    clock: Figure | None
    throughput: tuple[Figure, ...]
    source: str | None = None  # where the engine's data types come from
    note: str | None = None  # a conflict over the engine's data types


@dataclass(frozen=True)
class Sparsity:
    """The M:N structured-sparsity patterns of a core's Tensor Engine, as its source lists them."""

    patterns: tuple[str, ...]  # "4:16": at most 4 non-zero values in every 16
    source: str
    note: str | None = None

    def text(self) -> str:
        return ", ".join(self.patterns)


@dataclass(frozen=True)
class MemoryAccess:
    """Which on-chip memory each engine of a core reads or writes, as ``source`` documents it."""

    engines: dict[str, tuple[str | None, str | None]]  # engine -> (SBUF, PSUM): read, write, read-write or None
    source: str


@dataclass(frozen=True)
class Core:
    id: str
    name: str
    page: str
    figures: dict[str, Figure]
    engines: dict[str, Engine]
    sparsity: Sparsity | None = None  # None: no patterns in the data
    memory_access: MemoryAccess | None = None  # None: no documented paths in the data
    more: dict[str, Any] = field(default_factory=dict)  # the model's attributes not declared above


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    chip: str
    page: str
    host_cpu: str | None
    more: dict[str, Any] = field(default_factory=dict)  # the model's attributes not declared above


@dataclass(frozen=True)
class System:
    """An instance size or an UltraServer."""

    id: str
    name: str
    kind: str  # "instance" or "ultraserver"
    family: str
    chip: str = field(metadata={KEY_OF: "chips"})  # the family's chip, not a key of the entry
    figures: dict[str, Figure]
    published: dict[str, Figure]
    server: str | None = None
    host_cpu: str | None = None  # the entry's, or else its family's
    note: str | None = None
    more: dict[str, Any] = field(default_factory=dict)  # the model's attributes not declared above


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    old_key: str
    new_key: str
    published: str | None


@dataclass(frozen=True)
class Comparison:
    id: str
    old: str
    new: str
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class Topology:
    """How the chips of one system are linked to each other, for ``topology-diagram``."""

    id: str
    system: str
    shape: str  # one of TOPOLOGY_SHAPES
    chips: int
    source: str
    side: str | None = None  # torus shapes: the figure (kind:id:key) of the chips along each side
    servers: int | None = None  # ultraserver-torus and switched: servers in the UltraServer
    link: str | None = None  # the figure (kind:id:key) of the bandwidth of one drawn link
    switches: str | None = None  # switched: the figure of the switches joining the servers, one per half
    server_switches: str | None = None  # switched: the figure of the first-level switches in each server
    direct: bool = False  # switched: each server linked chip by chip to its partner in the other half
    undocumented: tuple[str, ...] = ()  # what the drawing leaves open because no source says it


@dataclass(frozen=True)
class Specs:
    path: Path
    sources: dict[str, dict[str, str]]
    notes: dict[str, str]
    chips: dict[str, Chip]
    cores: dict[str, Core]
    families: dict[str, Family]
    systems: dict[str, System]
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    figures: dict[str, LabelledFigure] = field(default_factory=dict)
    topologies: dict[str, Topology] = field(default_factory=dict)

    def chips_with_core(self, core_id: str) -> list[Chip]:
        return [chip for chip in self.chips.values() if chip.core == core_id]

    def systems_of(self, family_id: str) -> list[System]:
        return [s for s in self.systems.values() if s.family == family_id]

    def systems_with_chip(self, chip_id: str) -> list[System]:
        return [s for s in self.systems.values() if s.chip == chip_id]

    def totals(self, system: System) -> dict[str, Figure]:
        """Per-system totals computed as chip count x per-chip figure."""
        chips = system.figures.get("chips")
        if chips is None:
            return {}
        chip = self.chips[system.chip]
        scaled = {f"compute.{k}": f"compute.{k}" for k in chip.compute} | SCALED_TOTALS
        totals = {}
        for total_key, chip_key in scaled.items():
            per_chip = chip.figure(chip_key)
            if per_chip is not None:
                totals[total_key] = Figure(
                    chips.value * per_chip.value,
                    per_chip.unit,
                    None,
                    types=per_chip.types,
                    mode=per_chip.mode,
                    derived_from=chip_key,
                )
        return totals

    def logical_cores(self, system: System) -> int | None:
        """NeuronCores as software sees them at the chip's default Logical NeuronCore size."""
        physical = self.physical_cores(system)
        lnc = self.chips[system.chip].lnc_default or 1
        return None if physical is None else physical // lnc

    def physical_cores(self, system: System) -> int | None:
        chips = system.figures.get("chips")
        per_chip = self.chips[system.chip].figures["neuron_cores"]
        return None if chips is None else int(chips.value * per_chip.value)
