"""One description per entity: the model's entry is the list of a chip's, core's, family's or
system's attributes.  The loader copies each onto the record and the downloads list each among the
entity's details, so a field added to the model reaches both with no other edit."""

from __future__ import annotations

import dataclasses
import tomllib
from decimal import Decimal

import pytest
from conftest import DATA
from neuron_hw import export, loader, loader_records, specs
from neuron_hw.model import validate
from neuron_hw.schema_entries import ENTRY_MODELS
from neuron_hw.schema_fields import NOT_ATTRIBUTES, ChipKey, Name
from pydantic import create_model

RAW = tomllib.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)
RECORDS = {
    "chips": specs.Chip,
    "cores": specs.Core,
    "families": specs.Family,
    "instances": specs.System,
    "ultraservers": specs.System,
}
# What a record holds that is not an attribute of the model: computed attributes (marked with the
# table they name, such as a system's chip, which is its family's), its id and kind, its figures and
# parts (the name and the page are attributes of the model, written apart in the downloads).
COMPUTED = {"System": {"chip"}}
PARTS = set(specs.NOT_DETAILS) - {"name", "page"}


def _declared(record: type) -> set[str]:
    return {f.name for f in dataclasses.fields(record)} - PARTS


def _tables():
    data, errors, problems = validate(RAW)
    assert data is not None, (errors, problems)
    return data


@pytest.mark.parametrize("record", sorted({r.__name__: r for r in RECORDS.values()}.items()), ids=lambda r: r[0])
def test_the_records_declare_exactly_the_models_attributes(record):
    name, cls = record
    models = [ENTRY_MODELS[section] for section, r in RECORDS.items() if r is cls]
    from_model = {attribute for model in models for attribute in model.attributes()}
    assert from_model == _declared(cls) - COMPUTED.get(name, set())
    computed = {f.name for f in dataclasses.fields(cls) if specs.KEY_OF in f.metadata}
    assert computed == COMPUTED.get(name, set())


def test_the_attributes_leave_out_only_tables_figures_and_the_documented_exclusions():
    chip = ENTRY_MODELS["chips"]
    left_out = set(chip.model_fields) - set(chip.attributes())
    assert set(NOT_ATTRIBUTES) <= left_out
    assert left_out - set(NOT_ATTRIBUTES) == {"compute", "extra", *chip.FIGURES}


def test_today_every_attribute_is_declared_on_its_record():
    loaded = loader.load(DATA)
    for group in (loaded.chips, loaded.cores, loaded.families, loaded.systems):
        assert all(record.more == {} for record in group.values())


@pytest.mark.parametrize("section", sorted(ENTRY_MODELS))
def test_a_field_added_to_the_model_reaches_the_record_and_the_downloads(section, monkeypatch):
    unchanged = export.document(loader_records.records(DATA, _tables()), {}, "", {})
    data = _tables()
    entries = getattr(data, section)
    key = next(iter(entries))
    other_chip = max(data.chips)
    wider = create_model(
        "Wider",
        __base__=ENTRY_MODELS[section],
        codename=(Name | None, None),
        sibling=(ChipKey | None, None),  # names a chip: written as its id in the downloads
    )
    monkeypatch.setitem(ENTRY_MODELS, section, wider)  # as if the field were written in the model
    entries[key] = wider.model_validate({**RAW[section][key], "codename": "Sunrise", "sibling": other_chip})
    built = loader_records.records(DATA, data)
    record = {
        "chips": built.chips,
        "cores": built.cores,
        "families": built.families,
        "instances": built.systems,
        "ultraservers": built.systems,
    }[section][key]
    assert record.more == {"codename": "Sunrise", "sibling": other_chip}
    assert specs.attributes(record)["codename"] == "Sunrise"

    document = export.document(built, {}, "", {})
    (entity,) = [e for e in document.entities if e.key == key and e.kind == export.ENTITY_KINDS[section]]
    assert entity.details["codename"] == "Sunrise"
    assert entity.details["sibling"] == f"chip:{other_chip}"
    (before,) = [e for e in unchanged.entities if e.id == entity.id]
    assert entity.details == before.details | {"codename": "Sunrise", "sibling": f"chip:{other_chip}"}


def test_the_downloads_write_references_as_entity_ids():
    document = export.document(loader.load(DATA), {}, "", {})
    by_id = {e.id: e for e in document.entities}
    assert by_id["chip:trainium2"].details["core"] == "core:v3"
    assert by_id["instance:trn2.48xlarge"].details["family"] == "family:trn2"
    assert by_id["instance:trn2.48xlarge"].details["chip"] == "chip:trainium2"
    assert by_id["ultraserver:trn2-ultraserver"].details["server"] == "instance:trn2u.48xlarge"
