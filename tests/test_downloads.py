"""The data as downloads: the JSON against its schema and model, and every CSV against the JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import jsonschema
import pytest
from conftest import DATA
from neuron_hw import export, export_csv, units
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
UNIT_IN_HEADER = re.compile(r"^(?P<name>.+) \((?P<unit>[^()]+)\)$")


@pytest.fixture(scope="module")
def folder(site):
    assert site.result.returncode == 0, site.result.stderr
    return site.outdir / export.FOLDER


@pytest.fixture(scope="module")
def document(folder):
    return json.loads((folder / export.JSON_NAME).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def figures(document):
    return {f["id"]: f for f in document["figures"]}


def read_csv(folder, name) -> list[dict[str, str]]:
    text = (folder / name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows and all(len(row) == len(rows[0]) for row in rows), f"{name}: ragged rows"
    return list(csv.DictReader(io.StringIO(text)))


def same(csv_value: str, json_value) -> bool:
    return Decimal(csv_value) == Decimal(str(json_value))


def test_every_file_is_written(folder):
    # The changelog comes from _data/changelog.toml (releases.py), every other file from export.files.
    written = set(export.files(SPECS, export.document(SPECS, {}, "", {}))) | {export.CHANGELOG_CSV}
    assert {p.name for p in folder.iterdir()} == written


def test_json_validates_against_its_schema_and_round_trips(folder, document):
    schema = json.loads((folder / export.SCHEMA_NAME).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$schema"] == export.SCHEMA_NAME
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    model = export.Document.model_validate(document)
    assert model.model_dump(mode="json", by_alias=True) == document


def test_json_holds_every_figure_source_and_note_of_the_data(document, figures):
    assert len(figures) == len(document["figures"]), "figure ids are unique"
    assert {s["id"] for s in document["sources"]} == set(SPECS.sources)
    assert {n["id"]: n["text"] for n in document["notes"]} == SPECS.notes
    for chip in SPECS.chips.values():
        for key, figure in chip.figures.items():
            out = figures[f"chip:{chip.id}:{key}"]
            assert (Decimal(str(out["value"])), out["unit"]) == (figure.value, figure.unit)
            assert (out["note"] or {}).get("id") == figure.note
    for path in SPECS.figures:
        assert path in figures, path
    counted = sum(s["figures"] for s in document["sources"])
    assert counted == sum(1 for f in document["figures"] if f["source"])


def test_figures_say_published_or_derived_density_and_types(figures):
    total = figures["system:trn2.48xlarge:total.device_memory"]
    assert total["published_or_derived"] == "derived"
    assert total["derived_from"] == ["system:trn2.48xlarge:chips", "chip:trainium2:device_memory"]
    assert figures["system:trn2.48xlarge:published.device_memory"]["published_or_derived"] == "published"
    sparse = figures["chip:trainium2:compute.sparse"]
    assert sparse["density"] == "sparse" and "BF16" in sparse["dtypes"]
    assert figures["core:v3:gpsimd-dma-bandwidth"]["direction"] == "both ways"
    assert figures["core:v3:gpsimd-dma-bandwidth-direction"]["direction"] == "one way"


def test_json_gives_each_cores_sparsity_patterns_with_their_source(document, figures):
    """M:N patterns are text, so they are details of the core entity (like its engines' data types),
    with the source and note that a figure would carry; the DGE count is a figure with its note."""
    details = {e["id"]: e["details"] for e in document["entities"] if e["kind"] == "core"}
    for core in SPECS.cores.values():
        found = details[f"core:{core.id}"]
        if core.sparsity is None:
            assert "tensor.sparsity_patterns" not in found
            continue
        assert found["tensor.sparsity_patterns"] == list(core.sparsity.patterns)
        assert found["tensor.sparsity_patterns.source"] == core.sparsity.source
        assert found["tensor.sparsity_patterns.note"] == core.sparsity.note
    assert details["core:v3"]["tensor.sparsity_patterns"], "NeuronCore-v3 lists its patterns"
    dge, data = figures["core:v3:dge-per-core"], SPECS.figures["core:v3:dge-per-core"].figure
    assert (dge["value"], dge["unit"], dge["source"]["id"], dge["note"]["id"]) == (
        data.value,
        data.unit,
        data.source,
        data.note,
    )


def test_long_csv_matches_the_json(folder, figures):
    rows = read_csv(folder, export.FIGURES_CSV)
    assert list(rows[0]) == export_csv.LONG_COLUMNS
    assert [row["id"] for row in rows] == list(figures)
    for row in rows:
        out = figures[row["id"]]
        assert same(row["value"], out["value"]) and row["unit"] == out["unit"], row["id"]
        assert same(row["value_si"], out["value_si"]) and row["unit_si"] == out["unit_si"], row["id"]
        assert row["entity"] == out["entity"] and row["metric"] == out["metric"]
        assert row["published_or_derived"] == out["published_or_derived"]
        assert (row["dtypes"].split(";") if row["dtypes"] else []) == out["dtypes"]
        assert row["note"] == ";".join(n["id"] for n in out["notes"])
        assert row["source_url"] == export_csv.SOURCES_SEPARATOR.join(s["url"] for s in out["sources"])
        assert row["source_checked"] == export_csv.SOURCES_SEPARATOR.join(s["checked"] for s in out["sources"])
        assert row["provenance"] == out["provenance"] and row["formula"] == (out["formula"] or "")


FIRST_COLUMNS = {"id", "name", "kind", "family", "chip", "page_url"}
COMPANION = re.compile(r"^(?P<column>.+ \([^()]+\)): (?P<what>provenance|source|notes)$")


@pytest.mark.parametrize("name", [export.CORES_CSV, export.SYSTEMS_CSV])
def test_wide_csvs_carry_units_in_the_header_and_the_jsons_si_values(folder, figures, name):
    """Every figure of an entity is in its row, in a column of its SI unit, with its provenance in
    the columns after it; every value in a row is one of the entity's figures."""
    rows = read_csv(folder, name)
    metrics = {f["metric"] for f in figures.values()}
    values = []
    for column in rows[0]:
        if column in FIRST_COLUMNS or COMPANION.match(column):
            continue
        match = UNIT_IN_HEADER.match(column)
        assert match, f"{name}: {column!r} has no unit"
        assert match["name"] not in metrics, f"{name}: {column!r} is named after a raw key"
        assert all(f"{column}: {what}" in rows[0] for what in ("provenance", "source", "notes")), column
        values.append((column, match["unit"]))
    checked = 0
    for row in rows:
        entity = row["id"]
        path = "system:" + entity.partition(":")[2] if not entity.startswith("core:") else entity
        own = [f for f in figures.values() if f["id"].startswith(f"{path}:")]
        for figure in own:
            homes = [
                c for c, unit in values if unit == figure["unit_si"] and row[c] and same(row[c], figure["value_si"])
            ]
            assert homes, f"{name}: {figure['id']} is not in the row of {entity}"
            sourced = [c for c in homes if all(s["title"] in row[f"{c}: source"] for s in figure["sources"])]
            assert sourced, f"{name}: {figure['id']}: no column gives its sources"
            assert any(row[f"{c}: provenance"].startswith(figure["provenance"]) for c in sourced), figure["id"]
            checked += 1
        for column, unit in values:
            if row[column]:
                assert any(f["unit_si"] == unit and same(row[column], f["value_si"]) for f in own), (entity, column)
    assert checked > 20


def test_neuroncores_csv_has_one_column_per_quantity(folder):
    """A quantity the data keys differently per version (the Tensor Engine's 16-bit rate is
    tensor.dense.fp16 on v1 and tensor.dense.bf16 later) is one column, filled for every core."""
    rows = read_csv(folder, export.CORES_CSV)
    sixteen = [
        c for c in rows[0] if c.startswith("Tensor Engine peak throughput") and "BF16/FP16, dense" in c and ":" not in c
    ]
    assert len(sixteen) == 1, sixteen
    with_rate = [
        core.id
        for core in SPECS.cores.values()
        if any(f.mode == "dense" and {"BF16", "FP16"} & set(f.types) for f in core.engines["tensor"].throughput)
    ]
    assert [row["id"].partition(":")[2] for row in rows if row[sixteen[0]]] == with_rate
    narrow = [c for c in rows[0] if c.startswith("Vector Engine data path, BF16/FP16") and ":" not in c]
    assert len(narrow) == 1 and sum(1 for row in rows if row[narrow[0]]) >= 3, narrow


def test_systems_csv_puts_computed_and_published_totals_side_by_side(folder):
    from neuron_hw.data import TOTAL_LABELS

    header = list(read_csv(folder, export.SYSTEMS_CSV)[0])
    label = TOTAL_LABELS["device_memory"]
    i = header.index(f"{label}, computed total (B)")
    assert header[i + 1 : i + 4] == [f"{label}, computed total (B): {what}" for what in export_csv.COMPANIONS]
    assert header[i + 4] == f"{label}, total as AWS publishes it (B)"


def test_systems_csv_has_one_efa_column_for_every_system(folder, figures):
    """Each system's EFA bandwidth, AWS's or computed, is in the same column of the systems CSV
    and under the same metric of the JSON; no system's EFA sits in a total column of its own."""
    from neuron_hw import levels

    rows = {row["id"]: row for row in read_csv(folder, export.SYSTEMS_CSV)}
    header = list(next(iter(rows.values())))
    column = "EFA bandwidth (bit/s)"
    assert column in header
    assert not [h for h in header if h.startswith("EFA bandwidth,")], "an EFA total column is back"
    for system in SPECS.systems.values():
        figure, _status = levels.system_efa(SPECS, system)
        row = next(r for r in rows.values() if r["id"].endswith(f":{system.id}"))
        if figure is None:
            assert row[column] == "", system.id
            continue
        assert same(row[column], export.si(figure.value, figure.unit)[0]), system.id
        assert figures[f"system:{system.id}:efa"]["metric"] == "efa"


def test_binary_units_convert_to_whole_bytes_exactly(folder, figures):
    """A KiB, MiB or GiB figure becomes an exact power-of-two multiple in bytes (64 KiB is 65,536
    B, never 64,000) in the JSON and in the long CSV."""
    powers = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    rows = {row["id"]: row for row in read_csv(folder, export.FIGURES_CSV)}
    binary = [f for f in figures.values() if f["unit"] in powers]
    assert binary
    for f in binary:
        expected = Decimal(str(f["value"])) * powers[f["unit"]]
        assert f["unit_si"] == "B" and Decimal(str(f["value_si"])) == expected, f["id"]
        assert Decimal(rows[f["id"]]["value_si"]) == expected, f["id"]


def test_chip_csv_uses_epoch_names_and_si_values(folder, figures):
    rows = {row["id"]: row for row in read_csv(folder, export.CHIPS_CSV)}
    header = list(next(iter(rows.values())))
    for column in ["Hardware name", "Manufacturer", *export_csv.EPOCH_COLUMNS, "Link to datasheet"]:
        assert column in header
    assert "Release date" not in header, "the data holds no sourced release date"
    trn2 = SPECS.chips["trainium2"]
    memory = trn2.figures["device_memory"]
    assert int(rows["chip:trainium2"]["Memory (bytes)"]) == memory.value * units.UNITS[memory.unit][1]
    for chip in SPECS.chips.values():
        row = rows[f"chip:{chip.id}"]
        assert row["Hardware name"] == chip.name
        for column, key in [("Memory (bytes)", "device_memory"), ("Memory bandwidth (byte/s)", "memory_bandwidth")]:
            figure = chip.figures[key]
            assert Decimal(row[column]) == figure.value * units.UNITS[figure.unit][1], (chip.id, column)
        for column in export_csv.EPOCH_COLUMNS:
            if "performance" in column and row[column]:
                # a dense rate of this chip, in FLOP/s or OP/s
                dense = [f for f in chip.compute.values() if f.mode == "dense"]
                assert any(Decimal(row[column]) == f.value * units.UNITS[f.unit][1] for f in dense), (chip.id, column)
    fp16 = next(f for f in trn2.compute.values() if f.mode == "dense" and "BF16" in f.types)
    col = "Tensor-FP16/BF16 performance (FLOP/s)"
    assert Decimal(rows["chip:trainium2"][col]) == fp16.value * units.UNITS[fp16.unit][1]


def test_csvs_load_into_pandas_without_cleaning(folder):
    import pandas as pd  # a test requirement: the downloads promise to load into pandas as they are

    long = pd.read_csv(folder / export.FIGURES_CSV)
    assert long["value"].dtype.kind == "f" or long["value"].dtype.kind == "i"
    chips = pd.read_csv(folder / export.CHIPS_CSV)
    assert chips["Memory (bytes)"].dtype.kind in "if"


def test_readme_says_dense_only_beside_the_csvs(folder):
    text = (folder / export.README_NAME).read_text(encoding="utf-8")
    assert "DENSE FIGURES ONLY" in text and export.CHIPS_CSV in text


def test_downloads_are_linked_from_the_comparison_and_landing_pages(site):
    for page, prefix in [("hardware/compare.html", "../"), ("index.html", "")]:
        links = {a["href"] for a in site.html(page).select("a[href]")}
        assert f"{prefix}{export.FOLDER}/{export.JSON_NAME}" in links, page


def test_the_data_names_its_licence_wherever_it_is_published(site, folder, document):
    """CC BY 4.0 for the data (the JSON, the CSV README, the comparison page and every page's
    footer); the repository's LICENSE says the same and puts the code under MIT."""
    from conftest import ROOT

    assert (document["license"], document["license_url"]) == (export.LICENSE_ID, export.LICENSE_URL)
    assert export.LICENSE_URL in (folder / export.README_NAME).read_text(encoding="utf-8")
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert export.LICENSE_URL in licence and "MIT License" in licence
    for page in site.pages():
        if page.name == "404.html":
            continue
        links = site.html(page.relative_to(site.outdir).as_posix()).select('footer a[rel~="license"]')
        assert [a["href"] for a in links] == [export.LICENSE_URL], page
    compare = site.html("hardware/compare.html").select_one("article")
    assert any(a.get("href") == export.LICENSE_URL for a in compare.select("a"))
