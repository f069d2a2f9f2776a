"""Where each figure of the data comes from: one record per figure, shared by the pages and the downloads.

A record says whether AWS publishes the figure, this site computes it (and with which formula), or
it comes from another source; which documents back it (title, address, section where the data
file names one, the day the figure was last checked against it); and the notes that go with it,
the same notes the pages print beside it.  Nothing here needs Sphinx: ``records.py`` renders the
records as a page, ``export.py`` writes them into the JSON and the CSVs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import ids, units

if TYPE_CHECKING:
    from .data import Specs, System
    from .ids import FigureEntry

# A source whose address is in AWS's Neuron documentation repository is AWS's own publication;
# any other (EC2 data gathered by Karpenter, say) is another source, and the record says so.
AWS_DOCS = "https://github.com/aws-neuron/aws-neuron-sdk/"

PUBLISHED_BY_AWS = "published by AWS"
COMPUTED = "computed by this site"
OTHER_SOURCE = "from another source"
KINDS = (PUBLISHED_BY_AWS, COMPUTED, OTHER_SOURCE)
DERIVED_NOTE = "derived"  # the key of [notes] that says a figure is computed by this site


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

    @property
    def anchor(self) -> str:
        return record_anchor(self.figure_id)


def record_anchor(figure_id: str) -> str:
    """The HTML id of a figure's record (``rec-chip-trainium2-device_memory``): the figure's anchor
    with another prefix, so that ``#fig-`` ids stay unique to the pages that show the figure."""
    return "rec-" + ids.anchor(figure_id).removeprefix("fig-")


def source_use(specs: Specs, key: str | None) -> SourceUse | None:
    source = specs.sources.get(key or "")
    if source is None:
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
    note on AWS's own total where AWS publishes it differently, and the "derived" note where AWS
    publishes other totals of the system but not this one."""
    figure = specs.totals(system).get(key)
    if figure is None:
        return ()
    per_chip = specs.chips[system.chip].figure(figure.derived_from)
    published = system.published.get(key)
    ours = DERIVED_NOTE if published is None and system.published else None
    return _present(per_chip.note, published.note if published else None, ours)


def total_formula(specs: Specs, system: System, key: str) -> str | None:
    figure = specs.totals(system).get(key)
    if figure is None:
        return None
    chips = system.figures["chips"]
    per_chip = specs.chips[system.chip].figure(figure.derived_from)
    count = units.format_number(chips.value)
    formula = f"{count} chip{'' if chips.value == 1 else 's'} \u00d7 {per_chip.text()} per chip = {figure.text()}"
    published = system.published.get(key)
    if published is not None:
        formula += f" (AWS publishes {published.text()})"
    return formula


def record(specs: Specs, entry: FigureEntry) -> Record:
    figure = entry.figure
    if entry.metric.startswith("total.") and entry.derived_from:
        system = specs.systems[entry.entity]
        key = entry.metric.removeprefix("total.")
        per_chip = specs.chips[system.chip].figure(figure.derived_from)
        sources = _uses(specs, system.figures["chips"].source, per_chip.source)
        return Record(entry.id, COMPUTED, total_formula(specs, system, key), sources, total_notes(specs, system, key))
    sources = _uses(specs, figure.source)
    notes = _present(figure.note, DERIVED_NOTE if figure.derived else None)
    if figure.derived:
        # The data holds the result, not its operands (the label says what was divided, where it
        # does): no formula to show beyond the figure's label and the "derived" note.
        return Record(entry.id, COMPUTED, None, sources, notes)
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
