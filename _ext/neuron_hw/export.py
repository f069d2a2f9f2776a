"""The data as downloads: the JSON document (pydantic models, so its JSON Schema comes from them) and CSVs.

Nothing here needs Sphinx: :func:`document` turns the records of ``data.py`` and the places the
figures appear on the built pages into a :class:`Document`, and the ``*_csv`` functions write the
same figures as CSV text.  ``downloads.py`` calls them at the end of an HTML build.

Stability: the ids (``ids.py``), the JSON field names and the CSV column names change only with a
notice on the comparison page; ``FORMAT_VERSION`` goes up when they do.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import csv_columns, ids, provenance, units
from .vocabulary import DERIVED_NOTE, PUBLISHED_PREFIX, TOTAL_PREFIX, published_metric, total_metric

if TYPE_CHECKING:
    from collections.abc import Callable

    from .data import Chip, Specs
    from .ids import FigureEntry

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

# Words in a figure's label that say which way a bandwidth is counted.
DIRECTIONS = {"both directions": "both ways", "per direction": "one way", "each direction": "one way"}

LONG_COLUMNS = [
    "id",
    "entity",
    "entity_kind",
    "scope",
    "metric",
    "value",
    "unit",
    "density",
    "direction",
    "dtypes",
    "published_or_derived",
    "source_url",
    "note",
    "label",
    "value_si",
    "unit_si",
    "page_url",
    "provenance",
    "formula",
    "source_id",
    "source_title",
    "source_section",
    "source_checked",
    "record_url",
]
# Several sources (a computed total: the chip count's and the per-chip figure's) in one cell.
SOURCES_SEPARATOR = " | "
# The provenance columns that follow each value column of the wide CSVs: "<column>: provenance"...
COMPANIONS = ("provenance", "source", "notes")

MANUFACTURER = "AWS"
# Epoch AI's column -> how a chip's figure for it is found (dense rates only) and its SI unit.
EPOCH_COLUMNS: dict[str, tuple[str, str]] = {
    "Memory (bytes)": ("device_memory", "B"),
    "Memory bandwidth (byte/s)": ("memory_bandwidth", "B/s"),
    "Tensor-FP16/BF16 performance (FLOP/s)": ("dense:FP16,BF16", "FLOP/s"),
    "FP8 performance (FLOP/s)": ("dense:FP8", "FLOP/s"),
    "FP32 (single precision) performance (FLOP/s)": ("dense:FP32", "FLOP/s"),
    "INT8 performance (OP/s)": ("dense:INT8", "OP/s"),
}

Number = int | float


# -- The JSON document ---------------------------------------------------------------------------
class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceRef(Out):
    id: str = Field(description="key of the source in the data file")
    title: str
    url: str
    checked: str = Field(description="the day the figures citing the source were last checked against it (ISO date)")
    section: str | None = Field(None, description="the part of the document the figures come from, where known")
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
    kind: Literal["chip", "core", "family", "instance", "ultraserver", "software"]
    key: str
    name: str
    page_url: str | None = Field(None, description="the entity's own page, where it has one")
    details: dict[str, str | int | list[str] | None] = Field(default_factory=dict)


class FigureOut(Out):
    id: str = Field(description="stable id, kind:entity:metric; changes only with a notice and an alias")
    entity: str = Field(description="id of the entity the figure belongs to")
    entity_kind: Literal["chip", "core", "family", "instance", "ultraserver", "software"]
    metric: str
    label: str
    value: Number
    unit: str
    value_si: Number = Field(description="the value in unit_si")
    unit_si: str
    scope: str | None = Field(description="where the figure applies: per chip, per NeuronCore, per instance...")
    density: Literal["dense", "sparse"] | None = Field(description="compute rates: without or with structured sparsity")
    direction: Literal["one way", "both ways"] | None = Field(description="bandwidths, where the data says")
    dtypes: list[str] = Field(description="compute rates: the data types the rate applies to")
    published_or_derived: Literal["published", "derived"]
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
    record_url: str | None = Field(None, description="the figure's record: its sources, checked dates, kind and notes")
    anchor: str = Field(description="the HTML id the figure carries on the pages that show it")
    url: str | None = Field(description="where the figure appears first (its entity's page where possible)")
    not_shown: str | None = Field(
        None, description="why no page shows the figure, when none does (then url is null and locations empty)"
    )
    locations: list[Location]
    aliases: list[str] = Field(description="earlier ids of this figure")


class Document(Out):
    schema_: str = Field(SCHEMA_NAME, alias="$schema")
    title: str
    format_version: int = FORMAT_VERSION
    site: str | None = Field(
        description="the address the site was built for; null when the build was not given one, and then "
        "every address in this file is relative to the site root"
    )
    license: str = Field(LICENSE_ID, description="SPDX identifier of the data's licence")
    license_url: str = LICENSE_URL
    data_file: str | None = Field(
        None, description="the public address of the data file these figures are generated from, where known"
    )
    sources: list[SourceOut]
    notes: list[NoteOut]
    entities: list[EntityOut]
    figures: list[FigureOut]
    version: str | None = Field(
        None, description="the data's version (MAJOR.MINOR.PATCH), from the first entry of the changelog"
    )
    date: str | None = Field(None, description="the day that version was released (ISO date)")


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


def direction(label: str) -> str | None:
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
        entity_kind=entry.entity_kind,
        metric=entry.metric,
        label=entry.label,
        value=number(figure.value),
        unit=figure.unit,
        value_si=value_si,
        unit_si=unit_si,
        scope=entry.scope,
        density=mode or None,
        direction=direction(entry.label),
        dtypes=list(types),
        published_or_derived=entry.status,
        derived_from=list(entry.derived_from),
        provenance=record.kind,
        formula=_plain(record.formula),
        source=_source_ref(specs, figure.source) if source else None,
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


def _entities(specs: Specs, site: str, pages: dict[str, str]) -> list[EntityOut]:
    def page(entity_id: str) -> str | None:
        return f"{site}{pages[entity_id]}" if entity_id in pages else None

    out = []
    for c in specs.chips.values():
        details = {
            "line": c.line,
            "line_generation": c.line_generation,
            "ml_generation": c.ml_generation,
            "role": c.role,
            "core": f"core:{c.core}",
            "memory_type": c.memory_type,
            "neuronlink": c.neuronlink,
            "rounding": list(c.rounding),
            "lnc_default": c.lnc_default,
        }
        out.append(
            EntityOut(
                id=f"chip:{c.id}", kind="chip", key=c.id, name=c.name, page_url=page(f"chip:{c.id}"), details=details
            )
        )
    for core in specs.cores.values():
        details: dict = {}
        for eid, engine in core.engines.items():
            details[f"{eid}.inputs"] = list(engine.inputs)
            details[f"{eid}.outputs"] = list(engine.outputs)
        if core.sparsity is not None:  # M:N patterns: text, not a figure, so a detail with its source
            details["tensor.sparsity_patterns"] = list(core.sparsity.patterns)
            details["tensor.sparsity_patterns.source"] = core.sparsity.source
            details["tensor.sparsity_patterns.note"] = core.sparsity.note
        out.append(
            EntityOut(
                id=f"core:{core.id}",
                kind="core",
                key=core.id,
                name=core.name,
                page_url=page(f"core:{core.id}"),
                details=details,
            )
        )
    for f in specs.families.values():
        details = {"chip": f"chip:{f.chip}", "host_cpu": f.host_cpu}
        out.append(
            EntityOut(
                id=f"family:{f.id}",
                kind="family",
                key=f.id,
                name=f.name,
                page_url=page(f"family:{f.id}"),
                details=details,
            )
        )
    for s in specs.systems.values():
        eid = f"{s.kind}:{s.id}"
        details = {
            "family": f"family:{s.family}",
            "chip": f"chip:{s.chip}",
            "server": f"instance:{s.server}" if s.server else None,
            "host_cpu": s.host_cpu,
            "note": s.note,
        }
        out.append(EntityOut(id=eid, kind=s.kind, key=s.id, name=s.name, page_url=page(eid), details=details))
    for software in sorted({f.entity for f in specs.figures.values() if f.section == "software"}):
        out.append(EntityOut(id=f"software:{software}", kind="software", key=software, name=software))
    return out


def json_text(doc: Document) -> str:
    return json.dumps(doc.model_dump(mode="json", by_alias=True), indent=1, ensure_ascii=False) + "\n"


# -- CSVs ----------------------------------------------------------------------------------------
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: object) -> object:
    """A CSV cell a spreadsheet shows as written: text that would start a formula gets a leading
    single quote. Numbers are written as they are (a negative number is not a formula)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    # RFC 4180's line ending: the writer quotes a cell holding any character of it, so a carriage
    # return inside a text cell cannot end its row early (with "\n" alone it is written bare).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([text_cell(cell) for cell in header])
    writer.writerows([[text_cell(cell) for cell in row] for row in rows])
    return out.getvalue()


def figures_csv(doc: Document) -> str:
    """One row per figure (the long format)."""
    rows = []
    for f in doc.figures:
        rows.append(
            [
                f.id,
                f.entity,
                f.entity_kind,
                f.scope,
                f.metric,
                f.value,
                f.unit,
                f.density,
                f.direction,
                ";".join(f.dtypes),
                f.published_or_derived,
                _joined(s.url for s in f.sources),
                ";".join(n.id for n in f.notes),
                f.label,
                f.value_si,
                f.unit_si,
                f.url,
                f.provenance,
                f.formula,
                _joined(s.id for s in f.sources),
                _joined(s.title for s in f.sources),
                _joined(s.section or "" for s in f.sources) if any(s.section for s in f.sources) else None,
                _joined(s.checked for s in f.sources),
                f.record_url,
            ]
        )
    return _csv(LONG_COLUMNS, rows)


def _joined(values) -> str | None:
    return SOURCES_SEPARATOR.join(values) or None


def provenance_cells(f: FigureOut | None) -> list[str | None]:
    """A value's provenance in the wide CSVs: kind (with the formula of a computed total), its
    sources (title, section, checked date, address) and the ids of its notes."""
    if f is None:
        return [None] * len(COMPANIONS)
    kind = f"{f.provenance}: {f.formula}" if f.formula else f.provenance
    sources = [
        f"{s.title}{f', section {s.section}' if s.section else ''} (checked {s.checked}) {s.url}" for s in f.sources
    ]
    return [kind, _joined(sources), ";".join(n.id for n in f.notes) or None]


def with_provenance(name: str) -> list[str]:
    """A value column's name followed by the names of its provenance columns."""
    return [name, *(f"{name}: {companion}" for companion in COMPANIONS)]


def _by_id(doc: Document) -> dict[str, FigureOut]:
    return {f.id: f for f in doc.figures}


def chip_rate(doc: Document, chip: str, spec: str) -> FigureOut | None:
    """The chip's figure for an Epoch column: a key, or ``dense:<types>`` for a dense compute rate
    whose data types include one of ``<types>``."""
    figures = _by_id(doc)
    if not spec.startswith("dense:"):
        return figures.get(f"chip:{chip}:{spec}")
    wanted = spec.removeprefix("dense:").split(",")
    for f in doc.figures:
        compute = f.entity == f"chip:{chip}" and f.metric.startswith("compute.") and f.density == "dense"
        if compute and any(t in f.dtypes for t in wanted):
            return f
    return None


def chips_csv(doc: Document, specs: Specs) -> str:
    """One row per chip in SI base units, under Epoch AI's column names where Epoch has the column."""
    header = [
        "Hardware name",
        "Manufacturer",
        *(name for column in EPOCH_COLUMNS for name in with_provenance(column)),
        "Link to datasheet",
        "id",
        *with_provenance("NeuronCores (count)"),
        "page_url",
    ]
    rows = []
    for chip in specs.chips.values():
        row: list = [chip.name, MANUFACTURER]
        for spec, _unit in EPOCH_COLUMNS.values():
            found = chip_rate(doc, chip.id, spec)
            row += [found.value_si if found else None, *provenance_cells(found)]
        cores = _by_id(doc)[f"chip:{chip.id}:neuron_cores"]
        row += [_datasheet(specs, chip), f"chip:{chip.id}", cores.value, *provenance_cells(cores)]
        row.append(_page(doc, f"chip:{chip.id}"))
        rows.append(row)
    return _csv(header, rows)


def _datasheet(specs: Specs, chip: Chip) -> str | None:
    source = chip.figures["neuron_cores"].source
    return specs.sources[source]["url"] if source else None


def _page(doc: Document, entity_id: str) -> str | None:
    return next((e.page_url for e in doc.entities if e.id == entity_id), None)


def _wide(doc: Document, kinds: tuple[str, ...], first: Callable[[EntityOut], list], first_header: list[str]) -> str:
    """One row per entity of ``kinds``, one column per quantity (``<reader name> (<SI unit>)``, see
    ``csv_columns``), each followed by its provenance columns."""
    entities = [e for e in doc.entities if e.kind in kinds]
    by_metric: dict[str, list[FigureOut]] = {}
    for f in doc.figures:
        if f.entity_kind in kinds:
            by_metric.setdefault(f.metric, []).append(f)
    # Each computed total next to AWS's published total of the same quantity.
    totals = [m.removeprefix(TOTAL_PREFIX) for m in by_metric if m.startswith(TOTAL_PREFIX)]
    totals += [m.removeprefix(PUBLISHED_PREFIX) for m in by_metric if m.startswith(PUBLISHED_PREFIX)]
    order = [m for m in by_metric if not m.startswith((TOTAL_PREFIX, PUBLISHED_PREFIX))]
    for key in dict.fromkeys(totals):
        order += [m for m in (total_metric(key), published_metric(key)) if m in by_metric]
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], FigureOut] = {}
    for metric in order:
        for f in by_metric[metric]:
            for quantity in csv_columns.quantities(f):
                name = csv_columns.column(quantity, f.unit_si)
                columns.setdefault(name)
                if (f.entity, name) in cells:
                    raise ValueError(f"{cells[f.entity, name].id} and {f.id} would share the column {name!r}")
                cells[f.entity, name] = f
    header = [*first_header, *(part for name in columns for part in with_provenance(name))]
    rows = []
    for e in entities:
        row = list(first(e))
        for name in columns:
            found = cells.get((e.id, name))
            row += [found.value_si if found else None, *provenance_cells(found)]
        rows.append(row)
    return _csv(header, rows)


def cores_csv(doc: Document) -> str:
    return _wide(doc, ("core",), lambda e: [e.id, e.name, e.page_url], ["id", "name", "page_url"])


def systems_csv(doc: Document) -> str:
    """Instances and UltraServers; ``total.*`` columns are computed, ``published.*`` are AWS's totals."""

    def first(e: EntityOut) -> list:
        return [e.id, e.name, e.kind, e.details.get("family"), e.details.get("chip"), e.page_url]

    return _wide(doc, ("instance", "ultraserver"), first, ["id", "name", "kind", "family", "chip", "page_url"])


README = """\
Neuron Hardware Docs: the data as files
=======================================

Every figure of the site, generated from the site's data file when the site is built.
{version_line}
{json}
    Every entity and figure: value and unit (and the value in SI units), scope, dense or
    sparse, direction where the data says, data types, a stable id and the pages and anchors
    where the figure appears. Its provenance: "provenance" says whether AWS publishes the
    figure, this site computes it ("formula" gives the arithmetic) or another source gives
    it; "sources" lists every document behind it (title, address, section where known, and
    "checked", the day the figure was last compared with it); "notes" holds every note the
    pages print with it ("note" is the first of them); "record_url" is its record on the site.
    A figure no page shows has no "url" and says why in "not_shown" (AWS's published instance
    totals: the pages show the totals the site computes). Its JSON Schema (2020-12) is {schema}.

{figures}
    One row per figure (the long format); the unit is in the "unit" column, "value_si" and
    "unit_si" give the same value in SI units. "dtypes" separates data types with ";".
    Provenance: "provenance" and "formula" as in the JSON; "source_id", "source_title",
    "source_url", "source_section" and "source_checked" describe the documents behind the
    figure, several of them (a computed total's) separated by "{separator}"; "note" holds the ids
    of its notes, separated by ";" (their text is in the JSON and on the sources page);
    "record_url" is the figure's record on the site.

{chips}
    One row per chip, every value in SI base units (bytes, byte/s, FLOP/s, OP/s). Where Epoch
    AI's machine learning hardware dataset has a column for a figure, the column has Epoch's
    name, so the two files can be joined on "Hardware name". DENSE FIGURES ONLY: the rates are
    those without structured sparsity; sparse rates are in the long file. The FP8 column holds a
    rate AWS gives for the FP8 type itself; rates for cFP8 or the MX formats are in the long file.
    There is no release date column: the data holds no sourced date. "Manufacturer" is "{maker}"
    for every chip and "Hardware name" is the chip's name on this site ("AWS Trainium2"). Neither
    value has been checked against Epoch's file, which may spell the maker or the chips
    differently (for example "Amazon" or "Amazon Web Services"): compare the two before joining.

{cores}
    One row per NeuronCore version, one column per quantity, named in words with its SI unit
    ("Tensor Engine clock (Hz)"). A quantity the data names differently per version is one
    column: an engine's peak rate by engine, class of data type (BF16/FP16 wherever the rate
    covers either) and density; a data path's width by engine and class of data type. A figure
    that covers several such columns (NeuronCore-v2 gives one data-path width for the Vector,
    Scalar and GPSIMD engines) fills each of them. The long file keeps each figure's own label.

{systems}
    One row per instance size or UltraServer, one column per quantity in SI units (the unit is
    in the column name). "..., computed total" columns are computed by the site as chips x
    per-chip figure; "..., total as AWS publishes it" columns are AWS's totals, side by side.

In the three wide files ({chips}, {cores}, {systems}) every value column is followed by three
columns of its provenance: "<column>: provenance" (published by AWS, computed by this site with
its formula, or from another source), "<column>: source" (each document's title, section where
known, the day it was checked and its address, several separated by "{separator}") and
"<column>: notes" (the ids of its notes, separated by ";").

Text cells that begin with "=", "+", "-", "@", a tab or a carriage return start with a single
quote (') added in front, so that a spreadsheet shows them as text instead of running them as a
formula (OWASP's rule against CSV injection); remove the quote to get the text as the data file
has it. Numbers are never changed: a value cell holds a plain number. The JSON has no such quote.

Ids and column names change only with a notice on the site's comparison page; an id that
changes stays listed under "aliases" in the JSON.

The addresses in these files (pages, figures, records) are absolute when the site was built for
its published address ("site" in the JSON); a build without one gives them relative to the site
root, and "site" is null.

Licence: these files, like the site's text and drawings, are under the Creative Commons
Attribution 4.0 licence (CC BY 4.0, {license_url}): share and adapt them, crediting
"Neuron Hardware Docs contributors" with a link to the site. The figures are facts from AWS's
public documentation and EC2's instance data, each with its source.
"""


def readme(version: str | None = None, date: str | None = None) -> str:
    version_line = (
        f"\nData version {version} of {date}, also the JSON's "
        '"version" and "date". '
        f"{CHANGELOG_CSV}\n"
        "lists every release, newest first, and every figure each changed: the figure's id, its old\n"
        "and new value with the unit, the source and a sentence.\n"
        if version
        else ""
    )
    return README.format(
        version_line=version_line,
        license_url=LICENSE_URL,
        json=JSON_NAME,
        schema=SCHEMA_NAME,
        figures=FIGURES_CSV,
        chips=CHIPS_CSV,
        cores=CORES_CSV,
        systems=SYSTEMS_CSV,
        maker=MANUFACTURER,
        separator=SOURCES_SEPARATOR,
    )


def files(specs: Specs, doc: Document) -> dict[str, str]:
    """Every download: file name -> text."""
    return {
        JSON_NAME: json_text(doc),
        SCHEMA_NAME: json.dumps(schema(), indent=1) + "\n",
        FIGURES_CSV: figures_csv(doc),
        CHIPS_CSV: chips_csv(doc, specs),
        CORES_CSV: cores_csv(doc),
        SYSTEMS_CSV: systems_csv(doc),
        README_NAME: readme(doc.version, doc.date),
    }
