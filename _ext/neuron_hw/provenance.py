"""Where each figure of the data comes from: one record per figure, shared by the pages and the downloads.

A record says whether AWS publishes the figure, this site computes it (and with which formula), or
it comes from another source; which documents back it (title, address, section where the data
file names one, the day the figure was last checked against it); and the notes that go with it,
the same notes the pages print beside it.  A computed figure's record also names the figures it is
computed from (``inputs``), each with a record of its own: a total's chip count and per-chip
figure; a figure the data marks ``derived``, where :func:`derived_formula` knows how such a figure
is obtained and the arithmetic on the data gives the value the data holds.  Values the pages
compute that are not figures of the data have records too (``computed.py``).  Nothing here needs Sphinx: ``records.py`` renders the
records as a page, ``export.py`` writes them into the JSON and the CSVs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import ids, units
from .vocabulary import DERIVED_NOTE, TOTAL_PREFIX

if TYPE_CHECKING:
    from .data import Figure, Specs, System
    from .ids import FigureEntry

# A source whose address is in AWS's Neuron documentation repository is AWS's own publication;
# any other (EC2 data gathered by Karpenter, say) is another source, and the record says so.
AWS_DOCS = "https://github.com/aws-neuron/aws-neuron-sdk/"

PUBLISHED_BY_AWS = "published by AWS"
COMPUTED = "computed by this site"
OTHER_SOURCE = "from another source"
KINDS = (PUBLISHED_BY_AWS, COMPUTED, OTHER_SOURCE)


@dataclass(frozen=True)
class SourceUse:
    key: str
    title: str
    url: str
    checked: str  # ISO date
    section: str | None = None
    by_aws: bool = True


@dataclass(frozen=True)
class Record:
    figure_id: str
    kind: str  # one of KINDS
    formula: str | None  # computed figures: how, in words and numbers
    sources: tuple[SourceUse, ...]
    notes: tuple[str, ...]  # keys of [notes], in the order the pages print them
    inputs: tuple[str, ...] = ()  # computed figures: ids of the figures of the data it is computed from

    @property
    def anchor(self) -> str:
        return record_anchor(self.figure_id)


def record_anchor(figure_id: str) -> str:
    """The HTML id of a figure's record (``rec-chip-trainium2-device_memory``): the figure's anchor
    with another prefix, so that ``#fig-`` ids stay unique to the pages that show the figure."""
    return "rec-" + ids.anchor(figure_id).removeprefix("fig-")


def source_use(specs: Specs, key: str | None) -> SourceUse | None:
    source = specs.sources.get(key) if key is not None else None
    if key is None or source is None:
        return None
    return SourceUse(
        key=key,
        title=source["title"],
        url=source["url"],
        checked=source["checked"],
        section=source.get("section"),
        by_aws=source["url"].startswith(AWS_DOCS),
    )


def total_notes(specs: Specs, system: System, key: str) -> tuple[str, ...]:
    """The notes of a computed total (chips x per-chip figure), as its cells print them: the per-chip
    figure's note (a conflict over the chip figure is one over every total computed from it), the
    note on AWS's own total where AWS publishes it differently, and the derived note where AWS
    publishes other totals of the system but not this one."""
    found = _total(specs, system, key)
    if found is None:
        return ()
    _, per_chip = found
    published = system.published.get(key)
    ours = DERIVED_NOTE if published is None and system.published else None
    return _present(per_chip.note, published.note if published else None, ours)


def total_formula(specs: Specs, system: System, key: str) -> str | None:
    found = _total(specs, system, key)
    if found is None:
        return None
    figure, per_chip = found
    chips = system.figures["chips"]
    count = units.format_number(chips.value)
    formula = f"{count} chip{'' if chips.value == 1 else 's'} \u00d7 {per_chip.text()} per chip = {figure.text()}"
    published = system.published.get(key)
    if published is not None:
        formula += f" (AWS publishes {published.text()})"
    return formula


def _total(specs: Specs, system: System, key: str) -> tuple[Figure, Figure] | None:
    """A total of ``system`` this site computes and the per-chip figure it scales, if there is one."""
    total = specs.totals(system).get(key)
    if total is None or total.derived_from is None:  # a total always names its per-chip figure
        return None
    per_chip = specs.chips[system.chip].figure(total.derived_from)
    return None if per_chip is None else (total, per_chip)


def derived_formula(specs: Specs, entry: FigureEntry) -> tuple[str | None, tuple[str, ...]]:
    """(formula, input ids) of a figure the data marks ``derived``: the first of the ways such
    figures are obtained (:data:`DERIVATIONS`) that fits the figure and whose arithmetic gives the
    value the data holds; ``(None, ())`` when none does, so a record never shows a formula that does
    not reproduce its value."""
    for derivation in DERIVATIONS:
        found = derivation(specs, entry)
        if found is not None:
            return found
    return None, ()


def _same(value: Decimal, unit: str, figure: Figure) -> bool:
    return units.convert(value, unit, figure.unit) == figure.value


def _all_cores(specs: Specs, entry: FigureEntry):
    """A chip's ``<key>_total``: NeuronCores per chip x the core's ``<key>`` (SBUF, all cores)."""
    if entry.entity_kind != "chip" or not entry.metric.endswith("_total"):
        return None
    chip = specs.chips[entry.entity]
    per_core = specs.cores[chip.core].figures.get(entry.metric.removesuffix("_total"))
    cores = chip.figures.get("neuron_cores")
    if per_core is None or cores is None or not _same(cores.value * per_core.value, per_core.unit, entry.figure):
        return None
    what = _label(specs, per_core)
    formula = f"{cores.text()} NeuronCores \u00d7 {per_core.text()} of {what} per core = {entry.figure.text()}"
    return formula, _ids(specs, cores, per_core)


def _per_partition(specs: Specs, entry: FigureEntry):
    """A core's ``<key>-partition``: the core's ``<key>`` / its partitions (SBUF per partition)."""
    if entry.entity_kind != "core" or not entry.metric.endswith("-partition"):
        return None
    core = specs.cores[entry.entity]
    whole, parts = core.figures.get(entry.metric.removesuffix("-partition")), core.figures.get("partitions")
    if whole is None or parts is None or not _same(whole.value / parts.value, whole.unit, entry.figure):
        return None
    what = _label(specs, whole)
    formula = f"{whole.text()} of {what} \u00f7 {parts.text()} partitions = {entry.figure.text()}"
    return formula, _ids(specs, whole, parts)


def _per_chip(specs: Specs, entry: FigureEntry):
    """A family's ``<key>-per-chip``: an instance's or UltraServer's ``<key>`` / its chips, for every
    size of the family that gives both."""
    if entry.entity_kind != "family" or not entry.metric.endswith("-per-chip"):
        return None
    key = entry.metric.removesuffix("-per-chip")
    parts: list[str] = []
    inputs: list[str] = []
    for system in specs.systems_of(entry.entity):
        total, chips = system.figures.get(key), system.figures.get("chips")
        if total is None or chips is None:
            continue
        if not _same(total.value / chips.value, total.unit, entry.figure):
            return None  # a size whose division gives another value: no single formula
        parts.append(f"{total.text()} \u00f7 {units.format_number(chips.value)} chips ({system.name})")
        inputs += _ids(specs, total, chips)
    if not parts:
        return None
    what = _label(specs, next(s.figures[key] for s in specs.systems_of(entry.entity) if key in s.figures))
    return f"{what}: {' = '.join(parts)} = {entry.figure.text()}", tuple(dict.fromkeys(inputs))


def _all_servers(specs: Specs, entry: FigureEntry):
    """An UltraServer's figure: its servers x the same figure of the instance it is built from."""
    if entry.entity_kind != "ultraserver":
        return None
    system = specs.systems[entry.entity]
    server = specs.systems.get(system.server or "")
    servers = system.figures.get("servers")
    per_server = server.figures.get(entry.metric) if server is not None else None
    if (
        server is None
        or per_server is None
        or servers is None
        or not _same(servers.value * per_server.value, per_server.unit, entry.figure)
    ):
        return None
    count = units.format_number(servers.value)
    formula = f"{count} servers \u00d7 {per_server.text()} for each {server.name} = {entry.figure.text()}"
    return formula, _ids(specs, servers, per_server)


DERIVATIONS = (_all_cores, _per_partition, _per_chip, _all_servers)


def _label(specs: Specs, figure: Figure) -> str:
    found = ids.figure_id(specs, figure)
    entry = next((e for e in ids.catalogue(specs) if e.id == found), None)
    return entry.label if entry is not None else "figure"


def _ids(specs: Specs, *figures: Figure) -> tuple[str, ...]:
    return tuple(found for found in (ids.figure_id(specs, f) for f in figures) if found)


def record(specs: Specs, entry: FigureEntry) -> Record:
    figure = entry.figure
    if entry.metric.startswith(TOTAL_PREFIX) and entry.derived_from:
        system = specs.systems[entry.entity]
        key = entry.metric.removeprefix(TOTAL_PREFIX)
        per_chip = specs.chips[system.chip].figure(figure.derived_from) if figure.derived_from else None
        sources = _uses(specs, system.figures["chips"].source, per_chip.source if per_chip is not None else None)
        formula, notes = total_formula(specs, system, key), total_notes(specs, system, key)
        return Record(entry.id, COMPUTED, formula, sources, notes, entry.derived_from)
    sources = _uses(specs, figure.source)
    notes = _present(figure.note, DERIVED_NOTE if figure.derived else None)
    if figure.derived:
        # The data holds the result, not its operands: the formula where the code knows it.
        formula, inputs = derived_formula(specs, entry)
        return Record(entry.id, COMPUTED, formula, sources, notes, inputs)
    kind = PUBLISHED_BY_AWS if all(s.by_aws for s in sources) else OTHER_SOURCE
    return Record(entry.id, kind, None, sources, notes)


def records(specs: Specs) -> dict[str, Record]:
    """figure id -> its record, for every figure of the data."""
    return {entry.id: record(specs, entry) for entry in ids.catalogue(specs)}


# id(specs) -> (specs, its records): pages look records up while they are read.
_cache: dict[int, tuple[Specs, dict[str, Record]]] = {}


def cached_records(specs: Specs) -> dict[str, Record]:
    """:func:`records`, computed once per loaded data (the specs object is kept, so its id stays valid)."""
    found = _cache.get(id(specs))
    if found is None or found[0] is not specs:
        found = _cache[id(specs)] = (specs, records(specs))
    return found[1]


def _uses(specs: Specs, *keys: str | None) -> tuple[SourceUse, ...]:
    found = (source_use(specs, key) for key in dict.fromkeys(keys))
    return tuple(use for use in found if use is not None)


def _present(*notes: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(note for note in notes if note))
