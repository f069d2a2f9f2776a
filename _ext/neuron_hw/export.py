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
from typing import TYPE_CHECKING

from . import export_csv, export_readme, ids, provenance, units
from .export_csv import csv_text as _csv  # noqa: F401 -- the changelog CSV (releases.py) is written with it
from .export_models import (  # noqa: F401 -- the document's names, read as export.X by the rest of the extension
    CHANGELOG_CSV,
    CHIPS_CSV,
    CORES_CSV,
    DENSITY_WORDS,
    DIRECTIONS,
    ENTITY_KIND_WORDS,
    FIGURES_CSV,
    FOLDER,
    FORMAT_VERSION,
    JSON_NAME,
    LICENSE_ID,
    LICENSE_URL,
    README_NAME,
    SCHEMA_NAME,
    SI_UNITS,
    STATUS_WORDS,
    SYSTEMS_CSV,
    Density,
    Direction,
    Document,
    EntityKind,
    EntityOut,
    FigureOut,
    Location,
    NoteOut,
    Number,
    Out,
    SourceOut,
    SourceRef,
    Status,
    _checked,
)
from .schema_entries import ENTRY_MODELS
from .specs import attributes, computed_references
from .vocabulary import DERIVED_NOTE, ENTITY_KINDS, PUBLISHED_PREFIX, SECTION_OF, entity_id

if TYPE_CHECKING:
    from .data import Specs
    from .ids import FigureEntry
    from .specs import Chip, Core, Family, System


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
