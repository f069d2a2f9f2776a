"""The data as downloads: their names, the JSON document (pydantic models, so its JSON Schema comes
from them), the README, and every file's text (:func:`files`).

Nothing here needs Sphinx: :func:`document` turns the records of ``data.py`` and the places the
figures appear on the built pages into a :class:`Document`; ``export_csv.py`` writes the same
figures as CSV text.  ``downloads.py`` calls :func:`files` at the end of an HTML build.

Stability: the ids (``ids.py``), the JSON field names and the CSV column names change only with a
notice on the comparison page; ``FORMAT_VERSION`` goes up when they do.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

from . import export_csv, export_readme, ids, provenance, units
from .export_csv import csv_text as _csv  # noqa: F401 -- the changelog CSV (releases.py) is written with it
from .schema_entries import ENTRY_MODELS
from .specs import attributes, computed_references
from .vocabulary import DERIVED_NOTE, ENTITY_KINDS, PUBLISHED_PREFIX, SECTION_OF, entity_id

if TYPE_CHECKING:
    from .data import Specs
    from .ids import FigureEntry
    from .specs import Chip, Core, Family, System

FORMAT_VERSION = 1
# The data, like the site's text and drawings, is published under CC BY 4.0 (the repository's LICENSE).
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
JSON_NAME = "neuron-hardware.json"
SCHEMA_NAME = "neuron-hardware.schema.json"
FIGURES_CSV = "neuron-hardware-figures.csv"
CHIPS_CSV = "neuron-hardware-chips.csv"
CORES_CSV = "neuron-hardware-neuroncores.csv"
SYSTEMS_CSV = "neuron-hardware-systems.csv"
README_NAME = "README.txt"
CHANGELOG_CSV = "neuron-hardware-changelog.csv"  # written by downloads.py from releases.py
FOLDER = "data"  # the downloads' folder in the output root

# Every dimension's SI (or plain) unit, the unit of ``value_si`` and of the wide CSVs.
SI_UNITS = {
    "bytes": "B",
    "bytes per second": "B/s",
    "bits per second": "bit/s",
    "floating-point rate": "FLOP/s",
    "integer rate": "OP/s",
    "frequency": "Hz",
    "time": "s",
    "bits": "bit",
}

# The words the downloads allow in a figure's or an entity's fields (the JSON Schema lists them).
EntityKind = Literal["chip", "core", "family", "instance", "ultraserver", "software"]
Density = Literal["dense", "sparse"]
Direction = Literal["one way", "both ways"]
Status = Literal["published", "derived"]
ENTITY_KIND_WORDS: tuple[EntityKind, ...] = get_args(EntityKind)
DENSITY_WORDS: tuple[Density, ...] = get_args(Density)
STATUS_WORDS: tuple[Status, ...] = get_args(Status)

# Words in a figure's label that say which way a bandwidth is counted.
DIRECTIONS: dict[str, Direction] = {
    "both directions": "both ways",
    "per direction": "one way",
    "each direction": "one way",
}

Number = int | float
_Word = TypeVar("_Word", bound=str)


def _checked(value: str, options: tuple[_Word, ...]) -> _Word:
    """``value`` as one of ``options`` (the words of a Literal type), or an error naming them."""
    for option in options:
        if value == option:
            return option
    raise ValueError(f"{value!r} is none of {', '.join(options)}")


# -- The JSON document ---------------------------------------------------------------------------
class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceRef(Out):
    id: str = Field(description="key of the source in the data file")
    title: str
    url: str
    checked: str = Field(description="the day the figures citing the source were last checked against it (ISO date)")
    section: str | None = Field(default=None, description="the part of the document the figures come from, where known")
    by_aws: bool = Field(description="whether the source is AWS's own Neuron documentation")


class SourceOut(SourceRef):
    figures: int = Field(description="how many figures of this document cite the source")


class NoteOut(Out):
    id: str = Field(description="key of the conflict note in the data file")
    text: str


class Location(Out):
    page: str = Field(description="the page, relative to the site root")
    anchor: str = Field(description="the HTML id of the figure's first occurrence on the page")
    url: str = Field(description="address of the figure on the page (relative to the site root when site is null)")


class EntityOut(Out):
    id: str = Field(description="kind:key, e.g. chip:trainium2")
    kind: EntityKind
    key: str
    name: str
    page_url: str | None = Field(default=None, description="the entity's own page, where it has one")
    details: dict[str, str | int | list[str] | None] = Field(default_factory=dict)


class FigureOut(Out):
    id: str = Field(description="stable id, kind:entity:metric; changes only with a notice and an alias")
    entity: str = Field(description="id of the entity the figure belongs to")
    entity_kind: EntityKind
    metric: str
    label: str
    value: Number
    unit: str
    value_si: Number = Field(description="the value in unit_si")
    unit_si: str
    scope: str | None = Field(description="where the figure applies: per chip, per NeuronCore, per instance...")
    density: Density | None = Field(description="compute rates: without or with structured sparsity")
    direction: Direction | None = Field(description="bandwidths, where the data says")
    dtypes: list[str] = Field(description="compute rates: the data types the rate applies to")
    published_or_derived: Status
    derived_from: list[str] = Field(description="computed totals: ids of the figures multiplied")
    provenance: Literal["published by AWS", "computed by this site", "from another source"] = Field(
        description="whether AWS publishes the figure, this site computes it, or another source gives it"
    )
    formula: str | None = Field(
        description="computed figures: how it is obtained, in words and numbers (for a total, the multiplication, "
        "with AWS's total where it has one)"
    )
    source: SourceRef | None = Field(description="the figure's own source (none for a computed total: see sources)")
    sources: list[SourceRef] = Field(
        description="every document behind the figure (a total: the chip count's and the per-chip figure's)"
    )
    note: NoteOut | None = Field(
        description="the conflict note that goes with the figure, if any: the first of notes other than 'derived'"
    )
    notes: list[NoteOut] = Field(description="every note the pages print with the figure, in their order")
    record_url: str | None = Field(
        default=None, description="the figure's record: its sources, checked dates, kind and notes"
    )
    anchor: str = Field(description="the HTML id the figure carries on the pages that show it")
    url: str | None = Field(description="where the figure appears first (its entity's page where possible)")
    not_shown: str | None = Field(
        default=None, description="why no page shows the figure, when none does (then url is null and locations empty)"
    )
    locations: list[Location]
    aliases: list[str] = Field(description="earlier ids of this figure")


class Document(Out):
    schema_: str = Field(default=SCHEMA_NAME, alias="$schema")
    title: str
    format_version: int = FORMAT_VERSION
    site: str | None = Field(
        description="the address the site was built for; null when the build was not given one, and then "
        "every address in this file is relative to the site root"
    )
    license: str = Field(default=LICENSE_ID, description="SPDX identifier of the data's licence")
    license_url: str = LICENSE_URL
    data_file: str | None = Field(
        default=None, description="the public address of the data file these figures are generated from, where known"
    )
    sources: list[SourceOut]
    notes: list[NoteOut]
    entities: list[EntityOut]
    figures: list[FigureOut]
    version: str | None = Field(
        default=None, description="the data's version (MAJOR.MINOR.PATCH), from the first entry of the changelog"
    )
    date: str | None = Field(default=None, description="the day that version was released (ISO date)")


def schema() -> dict:
    """The JSON Schema (2020-12) of :class:`Document`."""
    out = Document.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_NAME, **out}


def number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def si(value: Decimal, unit: str) -> tuple[Number, str]:
    dim, size = units.UNITS[unit]
    if dim not in SI_UNITS:
        return number(value), unit
    return number(value * Decimal(size)), SI_UNITS[dim]


def direction(label: str) -> Direction | None:
    lowered = label.lower()
    return next((way for words, way in DIRECTIONS.items() if words in lowered), None)


def document(
    specs: Specs,
    locations: dict[str, list[tuple[str, str]]],
    site: str,
    entity_pages: dict[str, str],
    title: str = "Neuron Hardware Docs data",
    records_page: str | None = None,
    data_file: str | None = None,
) -> Document:
    """The JSON document. ``locations``: figure id -> [(page path, anchor)]; ``entity_pages``:
    entity id -> page path; ``records_page``: the path of the page with the figure records;
    ``site``: the site's address, or "" when unknown (then addresses are relative to its root)."""
    catalogue = ids.catalogue(specs)
    aliases: dict[str, list[str]] = {}
    for old, new in ids.ALIASES.items():
        aliases.setdefault(new, []).append(old)
    records = provenance.records(specs)
    figures = [
        _figure(specs, entry, records[entry.id], locations, site, entity_pages, aliases, records_page)
        for entry in catalogue
    ]
    counts: dict[str, int] = {}
    for fig in figures:
        if fig.source:
            counts[fig.source.id] = counts.get(fig.source.id, 0) + 1
    return Document(
        title=title,
        site=site or None,
        data_file=data_file,
        sources=[SourceOut(**_source_ref(specs, k).model_dump(), figures=counts.get(k, 0)) for k in specs.sources],
        notes=[NoteOut(id=k, text=v) for k, v in specs.notes.items()],
        entities=_entities(specs, site, entity_pages),
        figures=figures,
    )


def _source_ref(specs: Specs, key: str) -> SourceRef:
    use = provenance.source_use(specs, key)
    if use is None:
        raise KeyError(f"no source {key!r} in [sources]")
    return SourceRef(id=key, title=use.title, url=use.url, checked=use.checked, section=use.section, by_aws=use.by_aws)


def _figure(specs, entry: FigureEntry, record, locations, site, entity_pages, aliases, records_page) -> FigureOut:
    figure = entry.figure
    types, mode = figure.types, figure.mode
    if entry.metric.startswith(PUBLISHED_PREFIX):  # AWS's total: the data types of the computed one
        total = specs.totals(specs.systems[entry.entity]).get(entry.metric.removeprefix(PUBLISHED_PREFIX))
        types, mode = (total.types, total.mode) if total else ((), "")
    value_si, unit_si = si(figure.value, figure.unit)
    source = specs.sources.get(figure.source) if figure.source else None
    conflicts = [note for note in record.notes if note != DERIVED_NOTE]
    own = entity_pages.get(entry.entity_id)
    places = sorted(locations.get(entry.id, ()), key=lambda place: (place[0] != own, place[0]))
    found = [Location(page=page, anchor=anchor, url=f"{site}{page}#{anchor}") for page, anchor in places]
    return FigureOut(
        id=entry.id,
        entity=entry.entity_id,
        entity_kind=_checked(entry.entity_kind, ENTITY_KIND_WORDS),
        metric=entry.metric,
        label=entry.label,
        value=number(figure.value),
        unit=figure.unit,
        value_si=value_si,
        unit_si=unit_si,
        scope=entry.scope,
        density=_checked(mode, DENSITY_WORDS) if mode else None,
        direction=direction(entry.label),
        dtypes=list(types),
        published_or_derived=_checked(entry.status, STATUS_WORDS),
        derived_from=list(entry.derived_from),
        provenance=record.kind,
        formula=_plain(record.formula),
        source=_source_ref(specs, figure.source) if figure.source and source else None,
        sources=[_source_ref(specs, use.key) for use in record.sources],
        note=NoteOut(id=conflicts[0], text=specs.notes[conflicts[0]]) if conflicts else None,
        notes=[NoteOut(id=key, text=specs.notes[key]) for key in record.notes],
        record_url=f"{site}{records_page}#{record.anchor}" if records_page else None,
        anchor=ids.anchor(entry.id),
        url=found[0].url if found else None,
        not_shown=None if found else _not_shown(entry),
        locations=found,
        aliases=sorted(aliases.get(entry.id, ())),
    )


def _plain(text: str | None) -> str | None:
    """Text for the downloads: the pages' no-break spaces as plain spaces."""
    return None if text is None else text.replace("\u00a0", " ")


def _not_shown(entry: FigureEntry) -> str | None:
    """Why a figure no page shows is not shown; None where there is no reason (a test then fails)."""
    if entry.metric.startswith(PUBLISHED_PREFIX):
        computed = ids.total_id(entry.entity, entry.metric.removeprefix(PUBLISHED_PREFIX))
        return f"AWS's total as published; the pages show the computed total ({computed}) in its place"
    return None


def _details(record: Chip | Core | Family | System, section: str) -> dict:
    """An entity's details: its record's attributes (``specs.attributes``: the fields of its entry in
    the model), one naming another entry written as that entry's id (``core:v3``), a tuple as a list."""
    references = ENTRY_MODELS[section].references() | computed_references(record)
    details = {}
    for name, value in attributes(record).items():
        if name in references and value is not None:
            value = entity_id(ENTITY_KINDS[references[name]], value)
        details[name] = list(value) if isinstance(value, tuple) else value
    return details


def _entities(specs: Specs, site: str, pages: dict[str, str]) -> list[EntityOut]:
    def entity(section: str, record: Chip | Core | Family | System, details: dict | None = None) -> EntityOut:
        kind = ENTITY_KINDS[section]
        eid = entity_id(kind, record.id)
        return EntityOut(
            id=eid,
            kind=_checked(kind, ENTITY_KIND_WORDS),
            key=record.id,
            name=record.name,
            page_url=f"{site}{pages[eid]}" if eid in pages else None,
            details=_details(record, section) | (details or {}),
        )

    out = [entity("chips", c) for c in specs.chips.values()]
    for core in specs.cores.values():
        details: dict = {}
        for eid, engine in core.engines.items():
            details[f"{eid}.inputs"] = list(engine.inputs)
            details[f"{eid}.outputs"] = list(engine.outputs)
        if core.sparsity is not None:  # M:N patterns: text, not a figure, so a detail with its source
            details["tensor.sparsity_patterns"] = list(core.sparsity.patterns)
            details["tensor.sparsity_patterns.source"] = core.sparsity.source
            details["tensor.sparsity_patterns.note"] = core.sparsity.note
        out.append(entity("cores", core, details))
    out += [entity("families", f) for f in specs.families.values()]
    out += [entity(SECTION_OF[s.kind], s) for s in specs.systems.values()]
    for software in sorted({f.entity for f in specs.figures.values() if f.section == "software"}):
        out.append(EntityOut(id=entity_id("software", software), kind="software", key=software, name=software))
    return out


def json_text(doc: Document) -> str:
    return json.dumps(doc.model_dump(mode="json", by_alias=True), indent=1, ensure_ascii=False) + "\n"


def readme(version: str | None = None, date: str | None = None) -> str:
    """The README of the downloads, naming this module's files."""
    return export_readme.text(
        version=version,
        date=date,
        changelog=CHANGELOG_CSV,
        license_url=LICENSE_URL,
        json=JSON_NAME,
        schema=SCHEMA_NAME,
        figures=FIGURES_CSV,
        chips=CHIPS_CSV,
        cores=CORES_CSV,
        systems=SYSTEMS_CSV,
        maker=export_csv.MANUFACTURER,
        separator=export_csv.SOURCES_SEPARATOR,
    )


def files(specs: Specs, doc: Document) -> dict[str, str]:
    """Every download: file name -> text."""
    return {
        JSON_NAME: json_text(doc),
        SCHEMA_NAME: json.dumps(schema(), indent=1) + "\n",
        FIGURES_CSV: export_csv.figures_csv(doc),
        CHIPS_CSV: export_csv.chips_csv(doc, specs),
        CORES_CSV: export_csv.cores_csv(doc),
        SYSTEMS_CSV: export_csv.systems_csv(doc),
        README_NAME: readme(doc.version, doc.date),
    }
