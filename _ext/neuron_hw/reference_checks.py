"""The check that every name in the data file refers to something: sources, notes, chips, cores,
families, instances, figures; and that the notes the tables cite by key exist.

It runs first among the checks across entries (:class:`model.HardwareFile`); the others skip what
names something that is not there, which this check reports.  It yields problems (:class:`Problem`) whose
``inputs`` are the entries each reference names, so a reference to an entry set aside for an error
of its own is not reported as unknown (``model.validate``).
"""

from __future__ import annotations

from . import units
from .schema_models import FileTables, Problem, chip_figure_loc
from .vocabulary import (
    DEFAULT_SCOPE,
    DERIVED_NOTE,
    KINDS,
    MX_GROUP_KEY,
    MX_SCALE_BITS_KEY,
    REQUIRED_NOTES,
    SCALED_TOTALS,
    SCOPES,
    TENSOR,
    Loc,
    is_mx,
)


def _ref(loc: Loc, value: str | None, data: FileTables, sections: tuple[str, ...], what: str):
    """``value`` must be an entry of one of ``sections``."""
    targets = {key for section in sections for key in getattr(data, section)}
    if value is not None and value not in targets:
        known = ", ".join(sorted(targets)) or "none defined"
        inputs = tuple((section, value) for section in sections)
        yield Problem(loc, f"{value!r} is not a known {what}; expected one of: {known}", inputs)


def path_locs(path: str) -> tuple[Loc, ...]:
    """Where an extra figure's path may point: ``system:x:key`` -> the instance's and the UltraServer's."""
    kind, _, rest = path.partition(":")
    eid, _, key = rest.partition(":")
    return tuple((section, eid, "extra", key) for section, k in KINDS.items() if k == kind)


def figure_id_locs(figure_id: str) -> tuple[Loc, ...]:
    """Where the figure an id names may be (:meth:`FileTables.locate`), for the loader to tell a
    missing figure from one set aside by an error of its own."""
    kind, _, rest = figure_id.partition(":")
    eid, _, key = rest.partition(":")
    head, _, tail = key.partition(".")
    if head in ("compute", "published"):
        where: Loc = (head, tail)
    elif tail:  # an engine's clock or rate
        where = ("engines", head, "clock" if tail == "clock" else "throughput")
    else:
        where = (key,)
    return tuple(
        loc
        for section, k in KINDS.items()
        if k == kind
        for loc in ((section, eid, "extra", key), (section, eid, *where))
    )


def _path_ref(loc: Loc, path: str | None, data: FileTables):
    extras = data.extra_figures()
    if path is not None and path not in extras:
        known = ", ".join(sorted(extras)) or "none defined"
        yield Problem(
            loc, f"{path!r} is not a known extra figure (kind:id:key); expected one of: {known}", path_locs(path)
        )


def check_references(data: FileTables):
    for key, why in REQUIRED_NOTES.items():
        if key not in data.notes:
            yield Problem(("notes",), f"missing note {key!r}: the tables cite it ({why})", (("notes", key),))
    for loc, fig, _ in data.extras():
        if fig.scope is None and loc[0] not in DEFAULT_SCOPE:
            yield Problem(
                loc,
                f"needs a 'scope': a {KINDS[loc[0]]} has no level of its own; expected one of: {', '.join(SCOPES)}",
            )
    for loc, fig, default in data.figures_with_sources():
        source = fig.source or default
        if source is None:
            tables = (*loc[:2], "source"), *([(*loc[:4], "source")] if loc[2] == "engines" else [])
            yield Problem(loc, "no 'source' on the figure or on its table", tables)
        elif source not in data.sources:
            yield Problem(loc, f"source {source!r} is not defined in [sources]", (("sources", source),))
        if fig.note is not None and fig.note not in data.notes:
            yield Problem(loc, f"note {fig.note!r} is not defined in [notes]", (("notes", fig.note),))
        if fig.derived and DERIVED_NOTE not in data.notes:
            yield Problem(
                loc,
                f"a derived figure needs a [notes] entry {DERIVED_NOTE!r} explaining what that means",
                (("notes", DERIVED_NOTE),),
            )
    for cid, chip in data.chips.items():
        yield from _ref(("chips", cid, "source"), chip.source, data, ("sources",), "source")
        yield from _ref(("chips", cid, "core"), chip.core, data, ("cores",), "NeuronCore in [cores]")
    for cid, core in data.cores.items():
        yield from _ref(("cores", cid, "source"), core.source, data, ("sources",), "source")
        if core.sparsity is not None:
            loc = ("cores", cid, "sparsity")
            if core.sparsity.source is None and core.source is None:
                yield Problem(loc, "no 'source' on the sparsity patterns or on their core", (("cores", cid, "source"),))
            yield from _ref((*loc, "source"), core.sparsity.source, data, ("sources",), "source")
            yield from _ref((*loc, "note"), core.sparsity.note, data, ("notes",), "note in [notes]")
        if core.memory_access is not None:
            access_source = ("cores", cid, "memory_access", "source")
            yield from _ref(access_source, core.memory_access.source, data, ("sources",), "source")
        for eid, engine in core.engines.items():
            yield from _ref(("cores", cid, "engines", eid, "source"), engine.source, data, ("sources",), "source")
            yield from _ref(("cores", cid, "engines", eid, "note"), engine.note, data, ("notes",), "note in [notes]")
    for fid, family_entry in data.families.items():
        yield from _ref(("families", fid, "chip"), family_entry.chip, data, ("chips",), "chip in [chips]")
    for sid in set(data.instances) & set(data.ultraservers):
        yield Problem(("ultraservers", sid), "defined both as an instance and as an UltraServer")
    for section, sid, system in data.systems():
        where = (section, sid)
        yield from _ref((*where, "family"), system.family, data, ("families",), "instance family in [families]")
        yield from _ref((*where, "source"), system.source, data, ("sources",), "source")
        yield from _ref((*where, "note"), system.note, data, ("notes",), "note in [notes]")
        if section == "ultraservers":
            yield from _ref((*where, "server"), system.server, data, ("instances",), "instance")
        family = data.families.get(system.family)
        if family is None or family.chip not in data.chips:
            continue
        for key, total in system.published.items() if system.published else ():
            loc = (*where, "published", key)
            if key in SCALED_TOTALS:
                continue
            per_chip = data.chip_figure(family.chip, key)
            if per_chip is None:
                name = data.chips[family.chip].name
                yield Problem(
                    loc,
                    f"{name} has no figure {key!r} to compute this total from",
                    (chip_figure_loc(family.chip, key),),
                )
            elif units.dimension(total.unit) != units.dimension(per_chip.unit):
                expected = ", ".join(units.units_of(units.dimension(per_chip.unit)))
                yield Problem(loc, f"unit {total.unit!r} is not valid here; expected one of: {expected}")
    for cid, comparison in data.comparisons.items():
        ends = [(comparison.old, "old"), (comparison.new, "new")]
        bad = [list(_ref(("comparisons", cid, side), chip, data, ("chips",), "chip in [chips]")) for chip, side in ends]
        if any(bad):
            yield from (p for problems in bad for p in problems)
            continue
        for i, row in enumerate(comparison.rows):
            keys = (row.old or row.key, row.new or row.key)
            figs = []
            for (chip_id, _), figure_key in zip(ends, keys, strict=True):
                fig = data.chip_figure(chip_id, figure_key) if figure_key else None
                if fig is None:
                    yield Problem(
                        ("comparisons", cid, "rows", i),
                        f"{data.chips[chip_id].name} has no figure {figure_key!r}; give 'key' or 'old'/'new'",
                        (chip_figure_loc(chip_id, figure_key),) if figure_key else (),
                    )
                figs.append(fig)
            old_fig, new_fig = figs
            if old_fig is None or new_fig is None:
                continue
            if units.dimension(old_fig.unit) != units.dimension(new_fig.unit):
                yield Problem(("comparisons", cid, "rows", i), f"cannot compare {old_fig.unit} with {new_fig.unit}")
    for loc, fig, _ in data.extras():
        for figure_id in fig.factor_of or ():
            if data.locate(figure_id) is None:
                yield Problem(
                    (*loc, "factor_of"),
                    f"{figure_id!r} names no figure of the file (kind:id:key, as the downloads name figures)",
                    figure_id_locs(figure_id),
                )
    for cid, core in data.cores.items():
        tensor = core.engines.get(TENSOR)
        missing = [key for key in (MX_GROUP_KEY, MX_SCALE_BITS_KEY) if key not in core.extra]
        if tensor is not None and any(is_mx(t) for t in tensor.inputs) and missing:
            yield Problem(
                ("cores", cid, "engines", TENSOR, "inputs"),
                f"the Tensor Engine takes MX formats, so the core needs the extra figures {MX_GROUP_KEY!r} and "
                f"{MX_SCALE_BITS_KEY!r} (the block layout the weights that fit count); missing: {', '.join(missing)}",
                tuple(("cores", cid, "extra", key) for key in missing),
            )
    for tid, topology in data.topologies.items():
        where = ("topologies", tid)
        systems = ("instances", "ultraservers")
        yield from _ref((*where, "system"), topology.system, data, systems, "instance or UltraServer")
        yield from _path_ref((*where, "side"), topology.side, data)
        yield from _path_ref((*where, "link"), topology.link, data)
        yield from _path_ref((*where, "switches"), topology.switches, data)
        yield from _path_ref((*where, "server_switches"), topology.server_switches, data)
        yield from _ref((*where, "source"), topology.source, data, ("sources",), "source")
