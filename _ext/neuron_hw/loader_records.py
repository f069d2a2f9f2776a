"""The frozen records of ``specs.py``, built from the validated model (:func:`records`).

An entity's record takes every descriptive field of its entry (``Table.attributes``) by name: those
the record declares as attributes, the others in ``more``; its figures, parts (engines, sparsity,
AWS's totals) and computed attributes (a system's kind and chip) are built here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .schema_entries import Source
from .schema_fields import ComputeFigureBase, FigureBase, Table
from .schema_models import FileTables
from .specs import (
    Chip,
    Comparison,
    ComparisonRow,
    Core,
    Engine,
    Family,
    Figure,
    LabelledFigure,
    MemoryAccess,
    Sparsity,
    Specs,
    System,
    Topology,
)
from .vocabulary import (
    CHIP_FIGURES,
    CORE_FIGURES,
    DEFAULT_SCOPE,
    ENGINES,
    GRID_SHAPES,
    SWITCHED,
    SYSTEM_FIGURES,
    ULTRASERVER_TORUS,
    extra_path,
)


def _figure(fig: FigureBase, default_source: str | None) -> Figure:
    compute = fig if isinstance(fig, ComputeFigureBase) else None
    return Figure(
        fig.value,
        fig.unit,
        fig.source or default_source,
        fig.note,
        types=tuple(compute.types) if compute else (),
        mode=compute.mode if compute else "",
        derived=fig.derived,
    )


def _figures(table: Table, schema: dict, source: str | None) -> dict[str, Figure]:
    return {key: _figure(getattr(table, key), source) for key in table.present(schema)}


def _source(source: Source) -> dict[str, str]:
    """A source as the records keep it: title, url, the day it was checked (ISO), its section if known."""
    out = {"title": source.title, "url": source.url, "checked": source.checked.isoformat()}
    if source.section:
        out["section"] = source.section
    return out


def _attributes(entry: Table, record: type) -> dict[str, Any]:
    """The entry's descriptive fields (:meth:`~schema_fields.Table.attributes`) as keyword arguments
    of ``record``: each the record declares by its name, the others in ``more`` (a list as a tuple)."""
    declared = {f.name for f in dataclasses.fields(record)}
    values = {name: _frozen(getattr(entry, name)) for name in type(entry).attributes()}
    more = {name: value for name, value in values.items() if name not in declared}
    return {name: value for name, value in values.items() if name in declared} | {"more": more}


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _checked(value: str | None, what: str) -> str:
    """``value``, which the reference checks have made sure the file gives before records are built."""
    if value is None:
        raise ValueError(f"{what} is missing, which the reference checks report before records are built")
    return value


def records(path: Path, data: FileTables) -> Specs:
    chips = {
        cid: Chip(
            id=cid,
            **_attributes(c, Chip),
            figures=_figures(c, CHIP_FIGURES, c.source),
            compute={k: _figure(f, c.source) for k, f in c.compute.items()},
        )
        for cid, c in data.chips.items()
    }
    cores = {}
    for cid, c in data.cores.items():
        engines = {}
        for eid, e in c.engines.items():
            src = e.source or c.source
            engines[eid] = Engine(
                id=eid,
                name=ENGINES[eid],
                inputs=tuple(e.inputs),
                outputs=tuple(e.outputs),
                clock=_figure(e.clock, src) if e.clock is not None else None,
                throughput=tuple(_figure(f, src) for f in e.throughput),
                source=src,
                note=e.note,
            )
        sparsity = None
        if c.sparsity is not None:
            sparsity_source = _checked(c.sparsity.source or c.source, f"cores.{cid}.sparsity: its source")
            sparsity = Sparsity(tuple(c.sparsity.patterns), sparsity_source, c.sparsity.note)
        access = c.memory_access
        cores[cid] = Core(
            id=cid,
            **_attributes(c, Core),
            figures=_figures(c, CORE_FIGURES, c.source),
            engines=engines,
            sparsity=sparsity,
            memory_access=None
            if access is None
            else MemoryAccess({e: (a.sbuf, a.psum) for e, a in access.engines().items()}, access.source),
        )
    families = {fid: Family(id=fid, **_attributes(f, Family)) for fid, f in data.families.items()}
    systems = {}
    for section, sid, s in data.systems():
        family = families[s.family]
        systems[sid] = System(
            id=sid,
            **_attributes(s, System)
            | {
                "name": s.name or sid,  # an instance is named by its id unless the entry names it
                "host_cpu": s.host_cpu or family.host_cpu,
            },
            kind="ultraserver" if section == "ultraservers" else "instance",
            chip=family.chip,
            figures=_figures(s, SYSTEM_FIGURES, s.source),
            published={k: _figure(f, s.source) for k, f in s.published.items()} if s.published else {},
        )
    comparisons = {
        cid: Comparison(
            cid,
            c.old,
            c.new,
            tuple(
                ComparisonRow(
                    r.label,
                    _checked(r.old or r.key, f"comparisons.{cid}: the old figure of {r.label!r}"),
                    _checked(r.new or r.key, f"comparisons.{cid}: the new figure of {r.label!r}"),
                    r.published,
                )
                for r in c.rows
            ),
        )
        for cid, c in data.comparisons.items()
    }
    figures = {}
    for loc, f, entity_source in data.extras():
        section, eid, _, key = loc
        figure_path = extra_path(loc)
        scope = f.scope or DEFAULT_SCOPE.get(section)
        figures[figure_path] = LabelledFigure(
            figure_path, f.label, _figure(f, entity_source), section, eid, key, scope, f.group
        )
    topologies = {}
    for tid, t in data.topologies.items():
        system = systems[t.system]
        grid = t.shape in GRID_SHAPES
        topologies[tid] = Topology(
            id=tid,
            system=t.system,
            shape=t.shape,
            chips=int(system.figures["chips"].value),
            source=t.source,
            side=t.side if grid else None,
            servers=int(system.figures["servers"].value) if t.shape in (ULTRASERVER_TORUS, SWITCHED) else None,
            link=t.link,
            switches=t.switches,
            server_switches=t.server_switches,
            direct=t.direct,
            undocumented=tuple(t.undocumented),
        )
    return Specs(
        path=path,
        sources={k: _source(s) for k, s in data.sources.items()},
        notes=dict(data.notes),
        chips=chips,
        cores=cores,
        families=families,
        systems=systems,
        comparisons=comparisons,
        figures=figures,
        topologies=topologies,
    )
