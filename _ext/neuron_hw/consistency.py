"""The checks that figures of the data file agree with each other.

A topology must fit its system's chips; a total AWS publishes must equal chips x per-chip figure;
figures related by a rule (:data:`CONSISTENCY`) must multiply out; each chip's default Logical
NeuronCore size must be one software accepts; and a factor AWS states must match the figures it
compares -- each unless a note explains the difference.  They run after the reference check
(:class:`model.HardwareFile`), whatever it found: each skips what names an entry or a figure
that is not there (the reference check reports it).  They yield problems (:class:`Problem`) whose
``inputs`` are the figures each was computed from, so that a total computed from a chip figure
that is itself wrong can say so (``loader``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from . import units
from .plausible_values import amount
from .reference_checks import path_locs
from .schema_fields import FigureBase
from .schema_models import FileTables, Problem, chip_figure_loc
from .vocabulary import (
    EFA_PER_CHIP_KEY,
    GRID_SHAPES,
    LNC_LARGEST_KEY,
    REQUIRED_NOTES,
    SCALED_TOTALS,
    SWITCHED,
    ULTRASERVER_TORUS,
    Loc,
    extra_path,
)


def check_topologies(data: FileTables):
    extras = data.extra_figures()
    for tid, topology in data.topologies.items():
        where = ("topologies", tid)
        section = "instances" if topology.system in data.instances else "ultraservers"
        system = getattr(data, section).get(topology.system)
        if system is None or (topology.side is not None and topology.side not in extras):
            continue  # a reference the reference check reports
        name = system.name or topology.system
        chips = (section, topology.system, "chips")
        if system.chips is None or system.chips.value < 2:
            yield Problem(where, f"{name} needs at least two chips to have a topology", (chips,))
            continue
        side = extras[topology.side].value if topology.side else None
        side_inputs = path_locs(topology.side) if topology.side else ()
        if topology.side is not None and extras[topology.side].unit != "count":
            yield Problem(
                (*where, "side"),
                f"expected a count of chips, got a figure in {extras[topology.side].unit}",
                side_inputs,
            )
            continue
        servers = None
        if topology.shape == ULTRASERVER_TORUS:
            if system.servers is None:
                yield Problem(
                    (*where, "system"),
                    f"{name} is not an UltraServer with a 'servers' count",
                    ((section, topology.system, "servers"),),
                )
                continue
            servers = int(system.servers.value)
        if topology.shape in GRID_SHAPES and side is not None and (servers or 1) * side**2 != system.chips.value:
            per = f"{servers} servers of " if servers else ""
            yield Problem(
                (*where, "side"),
                f"{per}a torus of {side} x {side} chips does not match the {system.chips.value} chips of {name}",
                (chips, (section, topology.system, "servers"), *side_inputs),
            )
        if topology.shape == SWITCHED:
            yield from _check_switched(where, name, section, topology, system, extras)
        if topology.link is not None and topology.link in extras:
            link = extras[topology.link]
            if units.dimension(link.unit) != units.dimension("GiB/s"):
                yield Problem((*where, "link"), f"expected a bandwidth figure, got one in {link.unit}")


def _check_switched(where: Loc, name: str, section: str, topology: Any, system: Any, extras: dict[str, Any]):
    """A switched fabric: whole servers of chips, one switch per half, halves paired server by server."""
    servers_loc = (section, topology.system, "servers")
    if system.servers is None:
        yield Problem((*where, "system"), f"{name} is not an UltraServer with a 'servers' count", (servers_loc,))
        return
    servers, chips = int(system.servers.value), int(system.chips.value)
    if servers < 2 or chips % servers:
        yield Problem(
            (*where, "system"),
            f"{chips} chips do not divide into {servers} servers of a switched fabric",
            ((section, topology.system, "chips"), servers_loc),
        )
    for key in ("switches", "server_switches"):
        path = getattr(topology, key)
        if path is None or path not in extras:
            continue  # absent, or a reference the reference check reports
        figure = extras[path]
        if figure.unit != "count":
            unit = f"expected a count of switches, got a figure in {figure.unit}"
            yield Problem((*where, key), unit, path_locs(path))
        elif key == "switches" and figure.value != 2:
            why = "the drawing puts one switch over each half of the servers, so it needs 2 switches"
            yield Problem((*where, key), f"{why}, not {figure.value}", path_locs(path))
    if topology.direct and servers % 2:
        yield Problem((*where, "direct"), f"{servers} servers cannot be paired half with half", (servers_loc,))


def check_published_totals(data: FileTables):
    """Every total AWS publishes must equal the computed one (chips x per-chip figure) to the
    published precision, unless a note explains the difference; a note on a total that matches
    is stale and fails too."""
    for section, sid, system in data.systems():
        family = data.families.get(system.family)
        if family is None or family.chip not in data.chips:
            continue  # a reference the reference check reports
        for key, published in system.published.items() if system.published else ():
            loc = (section, sid, "published", key)
            chip_key = SCALED_TOTALS.get(key, key)
            per_chip = data.chip_figure(family.chip, chip_key)
            if key not in SCALED_TOTALS and (
                per_chip is None or units.dimension(per_chip.unit) != units.dimension(published.unit)
            ):
                continue  # the reference check reports a total with no per-chip figure, or in another unit
            inputs = ((section, sid, "chips"), chip_figure_loc(family.chip, chip_key))
            if system.chips is None or per_chip is None:
                yield Problem(loc, "no computed total to check it against", inputs)
                continue
            value = units.convert(system.chips.value * per_chip.value, per_chip.unit, published.unit)
            matches = units.matches_published(value, published.value)
            shown = units.format_quantity(published.value, published.unit)
            if not matches and not published.note:
                yield Problem(
                    loc,
                    f"AWS's {shown} does not match the computed "
                    f"{units.format_quantity(value, published.unit)} (chips x per-chip figure)",
                    inputs,
                    "fix the value or add a `note` explaining the difference",
                )
            if matches and published.note:
                yield Problem(
                    loc,
                    f"note {published.note!r} explains a difference, but the "
                    f"published {shown} matches the computed total; remove the note",
                    inputs,
                )


# Figures that must agree with each other. Rules over one entry's figures, for every entry that
# holds the extra figure named second: (section, extra key, keys of the other factors on the same
# entry, key of the product, the rule). A rule whose figures are not all in the file is skipped.
ENTRY_RULES = (
    ("chips", "hbm-per-stack", ("hbm_stacks",), "device_memory", "HBM per stack x HBM stacks = device memory"),
    (
        "chips",
        "cores-per-hbm-stack",
        ("hbm_stacks",),
        "neuron_cores",
        "NeuronCores per HBM stack x HBM stacks = NeuronCores",
    ),
    (
        "chips",
        "cc-cores-per-core",
        ("neuron_cores",),
        "cc_cores",
        "collective-communication cores per NeuronCore x NeuronCores = collective-communication cores",
    ),
    ("ultraservers", "chips-per-server", ("servers",), "chips", "chips per server x servers = chips"),
)
# A chip's logical NeuronCores at LNC=N (extra key ``logical-cores-lnc<N>``) x N = its NeuronCores.
LOGICAL_CORES_KEY = re.compile(r"^logical-cores-lnc([0-9]+)$")


def _consistency_rules(data: FileTables):
    for section, extra, others, product, what in ENTRY_RULES:
        for eid, entry in getattr(data, section).items():
            if extra in entry.extra:
                factors = ((section, eid, "extra", extra), *((section, eid, key) for key in others))
                yield what, factors, (section, eid, product)
    for cid, chip in data.chips.items():
        for key in chip.extra:
            size = LOGICAL_CORES_KEY.match(key)
            if size is not None:
                n = int(size[1])
                yield (
                    f"logical NeuronCores at LNC={n} x {n} = NeuronCores",
                    (("chips", cid, "extra", key), n),
                    (
                        "chips",
                        cid,
                        "neuron_cores",
                    ),
                )
    # A family's EFA bandwidth per chip x a system's chips = the system's EFA bandwidth.
    for section, sid, system in data.systems():
        family = data.families.get(system.family)
        if family is not None and EFA_PER_CHIP_KEY in family.extra:
            factors = (("families", system.family, "extra", EFA_PER_CHIP_KEY), (section, sid, "chips"))
            yield "EFA per chip x chips = EFA bandwidth", factors, (section, sid, "efa")
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


def _quantity(data: FileTables, loc: Loc | int) -> tuple[Decimal, str] | None:
    """A figure's value and unit, a plain integer key (``lnc_default``) as a count, or a number
    the rule itself states."""
    if isinstance(loc, int):
        return Decimal(loc), "count"
    fig = data.figure_at(loc)
    if fig is not None:
        return fig.value, fig.unit
    *table_loc, key = loc
    table: Any = data
    for part in table_loc:
        if isinstance(table, dict):
            table = table.get(part)
        else:
            table = getattr(table, part, None) if isinstance(part, str) else None
    number = getattr(table, key, None) if isinstance(key, str) else None
    return (Decimal(number), "count") if isinstance(number, int) and not isinstance(number, bool) else None


def check_consistency(data: FileTables):
    for what, terms_at, product_loc in _consistency_rules(data):
        found = [_quantity(data, loc) for loc in terms_at]
        terms = [t for t in found if t is not None]
        factors = tuple(loc for loc in terms_at if not isinstance(loc, int))
        target = data.figure_at(product_loc)
        if target is None or len(terms) < len(found):
            continue
        value, unit = Decimal(1), "count"
        for term_value, term_unit in terms:
            value *= term_value
            if units.dimension(term_unit) not in ("count", "chips"):
                unit = term_unit
        if units.dimension(unit) != units.dimension(target.unit):
            yield Problem(product_loc, f"{what}: cannot compare {unit} with {target.unit}", factors)
            continue
        computed = units.convert(value, unit, target.unit)
        if computed != target.value:
            shown = " x ".join(units.format_quantity(v, u) for v, u in terms)
            yield Problem(
                product_loc,
                f"{units.format_quantity(target.value, target.unit)} does not match "
                f"{shown} = {units.format_quantity(computed, target.unit)} ({what})",
                factors,
            )


def lnc_largest_loc(data: FileTables) -> Loc | None:
    """Where the setting Logical NeuronCore sizes run up to is (``levels.lnc_largest`` reads the
    same figure): the first [software] entry's extra figure with that key."""
    return next(
        (
            ("software", sid, "extra", LNC_LARGEST_KEY)
            for sid, entry in data.software.items()
            if LNC_LARGEST_KEY in entry.extra
        ),
        None,
    )


def check_lnc_sizes(data: FileTables):
    """Sizes run from 1 to the largest, and each chip's default size is one of them. A setting may
    be 0 elsewhere, but here 0 would leave no size at all."""
    where = lnc_largest_loc(data)
    largest = data.figure_at(where) if where else None
    if where is None or largest is None:
        return
    if largest.value < 1:
        yield Problem(
            where,
            f"expected at least 1, got {amount(largest.value, largest.unit)}: LNC sizes run from 1 to it",
        )
        return
    sizes = f"1 to {amount(largest.value, largest.unit)}, {extra_path(where)}"
    for cid, chip in data.chips.items():
        if chip.lnc_default is not None and chip.lnc_default > largest.value:
            yield Problem(
                ("chips", cid, "lnc_default"),
                f"{chip.lnc_default} is not an LNC size software accepts ({sizes})",
                (where,),
            )


def stated_factors(data: FileTables):
    """Factors AWS states as figures of their own: (what the factor compares, where the newer figure
    is, the older, the stated factor), from each extra figure's ``factor_of``. A factor whose figures
    are not in the file is skipped (the reference check reports it)."""
    for loc, fig, _ in data.extras():
        if fig.factor_of is not None:
            new, old = (data.locate(figure_id) for figure_id in fig.factor_of)
            if new is not None and old is not None:
                yield fig.label, new, old, loc


def check_stated_factors(data: FileTables):
    """Every factor AWS states must equal the computed one (newer / older figure, in the older
    figure's unit) to the stated precision, unless a note explains the difference: on a comparison
    row, a note of one of its two figures (the tables print it beside the factor), not one the
    tables attach by rule; on a stated-factor figure, its own note."""
    for cid, comparison in data.comparisons.items():
        for i, row in enumerate(comparison.rows):
            if row.published is None:
                continue
            new_key, old_key = row.new or row.key, row.old or row.key
            if not new_key or not old_key:
                continue  # the reference check reports a row that names no figure
            new, old = data.chip_figure(comparison.new, new_key), data.chip_figure(comparison.old, old_key)
            if new is None or old is None or units.dimension(new.unit) != units.dimension(old.unit):
                continue  # the reference check reports a row whose figures are missing or unlike
            stated = Decimal(row.published.removesuffix("x"))
            explained = any(fig.note and fig.note not in REQUIRED_NOTES for fig in (new, old))
            loc = ("comparisons", cid, "rows", i)
            inputs = (chip_figure_loc(comparison.new, new_key), chip_figure_loc(comparison.old, old_key))
            yield from _factor_problems(
                loc, new, old, stated, explained, row.label, "on one of the two figures", inputs
            )
    for what, new_loc, old_loc, stated_loc in stated_factors(data):
        new, old, factor = (data.figure_at(loc) for loc in (new_loc, old_loc, stated_loc))
        if new is None or old is None or factor is None:
            continue
        if units.dimension(new.unit) != units.dimension(old.unit):
            yield Problem(stated_loc, f"{what}: cannot compare {new.unit} with {old.unit}", (new_loc, old_loc))
            continue
        yield from _factor_problems(
            stated_loc, new, old, factor.value, factor.note is not None, what, "on it", (new_loc, old_loc)
        )


def _factor_problems(
    loc: Loc,
    new: FigureBase,
    old: FigureBase,
    stated: Decimal,
    explained: bool,
    what: str,
    note_where: str,
    inputs: tuple[Loc, ...],
):
    computed = units.convert(new.value, new.unit, old.unit) / old.value
    if explained or units.matches_published(computed, stated):
        return
    division = f"{amount(new.value, new.unit)} / {amount(old.value, old.unit)}"
    shown = units.format_factor(computed).removesuffix("\u00d7")
    yield Problem(
        loc,
        f"AWS's factor {units.format_number(stated)}x does not match the computed {shown}x ({what}: {division})",
        inputs,
        f"fix the figures or the factor, or add a `note` {note_where} explaining the difference",
    )
