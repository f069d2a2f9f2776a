"""The downloads' CSVs, written from the JSON document (:class:`export.Document`).

* ``figures_csv`` -- one row per figure (the long format), with its provenance;
* ``chips_csv``   -- one row per chip in SI units, under Epoch AI's column names (dense rates only);
* ``cores_csv``, ``systems_csv`` -- one row per NeuronCore version, instance or UltraServer, one
  column per quantity (``csv_columns``), each value followed by its provenance columns.

Every CSV is written by :func:`csv_text`, which keeps a text cell from being read as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from . import csv_columns
from .vocabulary import PUBLISHED_PREFIX, TOTAL_PREFIX, published_metric, total_metric

if TYPE_CHECKING:
    from collections.abc import Callable

    from .data import Chip, Specs
    from .export_models import Document, EntityOut, FigureOut

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


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: object) -> object:
    """A CSV cell a spreadsheet shows as written: text that would start a formula gets a leading
    single quote. Numbers are written as they are (a negative number is not a formula)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell


def csv_text(header: list[str], rows: list[list]) -> str:
    """CSV text (RFC 4180) whose text cells a spreadsheet shows as written (:func:`text_cell`)."""
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
    return csv_text(LONG_COLUMNS, rows)


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
    return csv_text(header, rows)


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
    return csv_text(header, rows)


def cores_csv(doc: Document) -> str:
    return _wide(doc, ("core",), lambda e: [e.id, e.name, e.page_url], ["id", "name", "page_url"])


def systems_csv(doc: Document) -> str:
    """Instances and UltraServers; ``total.*`` columns are computed, ``published.*`` are AWS's totals."""

    def first(e: EntityOut) -> list:
        return [e.id, e.name, e.kind, e.details.get("family"), e.details.get("chip"), e.page_url]

    return _wide(doc, ("instance", "ultraserver"), first, ["id", "name", "kind", "family", "chip", "page_url"])
