"""The data file's tables, and the ways to walk its figures.

:class:`FileTables` holds the file's top-level tables, each a dict of the entries of
:mod:`schema_entries`, and walks its figures; the checks across entries run on it
(:mod:`reference_checks`, :mod:`consistency`), and :class:`model.HardwareFile` adds them.  Each
check reports a :class:`Problem`.
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple, TypeAlias, TypeVar

from pydantic import ConfigDict, Field

from .schema_entries import (
    ChipEntry,
    ComparisonEntry,
    CoreEntry,
    FamilyEntry,
    InstanceEntry,
    SoftwareEntry,
    Source,
    TopologyEntry,
    UltraServerEntry,
    _PublishedBase,
)
from .schema_fields import FigureBase, Id, Prose, Table
from .vocabulary import CHIP_FIGURES, CORE_FIGURES, KINDS, SYSTEM_FIGURES, Loc, extra_path, slug


# -- The file -----------------------------------------------------------------------------------
class Problem(NamedTuple):
    """What a check across entries found wrong at ``loc``.

    ``inputs`` are the locations of the figures and entries it was computed from, besides ``loc``
    (``("chips", "trainium2", "device_memory")``, or a whole entry a reference names): a problem
    that rests on an entry set aside, or on another problem, is judged by them (``model``,
    ``loader``).  ``fix`` is the advice given when the problem is a root cause of its own."""

    loc: Loc
    message: str
    inputs: tuple[Loc, ...] = ()
    fix: str = ""


_Entry = TypeVar("_Entry")
_Entries: TypeAlias = Annotated[dict[Id, _Entry], Field(min_length=1)]
"""A top-level table of the file that must hold an entry: its entries by their ids."""


class FileTables(Table):
    """The whole data file's tables, and the ways to walk its figures."""

    model_config = ConfigDict(title="Neuron hardware data")
    sources: _Entries[Source]
    notes: _Entries[Prose]
    chips: _Entries[ChipEntry]
    cores: _Entries[CoreEntry]
    families: _Entries[FamilyEntry]
    instances: _Entries[InstanceEntry]
    ultraservers: _Entries[UltraServerEntry]
    comparisons: dict[Id, ComparisonEntry] = {}
    software: dict[Id, SoftwareEntry] = {}
    topologies: dict[Id, TopologyEntry] = {}

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

    def locate(self, figure_id: str) -> Loc | None:
        """Where the figure a figure id names is (``core:v2:tensor.dense.bf16`` -> its engine's
        first dense rate whose first type is BF16), or None when the file has no such figure.
        Ids are those of the downloads: ``kind:entity:key``, where the key is a standard key, an
        extra figure's key, ``compute.<key>``, ``published.<key>``, ``<engine>.clock`` or
        ``<engine>.<mode>.<first data type>``."""
        kind, _, rest = figure_id.partition(":")
        eid, _, key = rest.partition(":")
        for section in (s for s, k in KINDS.items() if k == kind):
            entity = getattr(self, section).get(eid)
            if entity is None:
                continue
            if key in entity.extra:
                return (section, eid, "extra", key)
            head, _, tail = key.partition(".")
            if section == "cores" and head in entity.engines:
                mode, _, dtype = tail.partition(".")
                if tail == "clock":
                    return (section, eid, "engines", head, "clock") if entity.engines[head].clock else None
                rates = enumerate(entity.engines[head].throughput)
                found = (i for i, fig in rates if fig.mode == mode and fig.types and slug(fig.types[0]) == dtype)
                index = next(found, None)
                return None if index is None else (section, eid, "engines", head, "throughput", index)
            loc = (section, eid, head, tail) if head in ("compute", "published") and tail else (section, eid, key)
            if self.figure_at(loc) is not None:
                return loc
        return None

    def figure_at(self, loc: Loc) -> FigureBase | None:
        """The figure at ``loc`` (``("chips", "trainium2", "device_memory")``), if it is there."""
        node: Any = self
        for part in loc:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, _PublishedBase):
                node = dict(node.items()).get(part) if isinstance(part, str) else None
            elif isinstance(node, list):
                node = node[part] if isinstance(part, int) and part < len(node) else None
            else:
                node = getattr(node, part, None) if isinstance(part, str) else None
            if node is None:
                return None
        return node if isinstance(node, FigureBase) else None

    def chip_figure(self, chip_id: str, key: str) -> FigureBase | None:
        """A chip's figure by the key pages use: ``device_memory`` or ``compute.bf16`` (None when
        the chip or the figure is not in the file)."""
        chip = self.chips.get(chip_id)
        if chip is None:
            return None
        if key.startswith("compute."):
            return chip.compute.get(key.removeprefix("compute."))
        return getattr(chip, key, None) if key in CHIP_FIGURES else None


def chip_figure_loc(chip_id: str, key: str) -> Loc:
    """Where :meth:`FileTables.chip_figure` reads: ``("chips", "trainium2", "compute", "bf16")``."""
    return ("chips", chip_id, *key.split(".", 1))
