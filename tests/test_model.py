"""The typed model: its JSON Schema is the committed one, accepts the real file and rejects the
bad inputs a schema can express; the consistency rules apply to the real data and catch a change."""

from __future__ import annotations

import datetime
import json
import tomllib
from decimal import Decimal

import jsonschema
import pytest
from conftest import DATA, SCHEMA
from neuron_hw import consistency, model, units
from neuron_hw.data import SpecError, load_specs
from test_data import BAD_INPUTS, broken

# BAD_INPUTS cases the JSON Schema rejects on its own: types, unknown keys, the units each key
# allows, the topology shapes, and a torus's required `side`.
SCHEMA_REJECTS = (
    "unknown key",
    "missing unit",
    "wrong unit",
    "non-number",
    "unknown topology shape",
    "torus without a side",
    "sparsity pattern not written M:N",
)
# Cases only the loader can catch: they relate one entry to another (references, published totals
# against computed ones, a topology against its system and figures) -- or the file is not TOML.
LOADER_ONLY = (
    "dangling chip",
    "dangling family",
    "unknown source",
    "unknown note",
    "total without a per-chip figure",
    "published total that does not match",
    "note on a published total that matches",
    "invalid TOML",
    "torus that does not fit the chips",
    "UltraServer torus on a plain instance",
    "topology of a one-chip system",
    "link that is not a bandwidth",
    "sparsity pattern that keeps every value",
    "unknown sparsity source",
)


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_every_bad_input_is_classified():
    assert sorted(SCHEMA_REJECTS + LOADER_ONLY) == sorted(BAD_INPUTS)


def test_committed_schema_is_the_generated_one(schema):
    assert schema == model.json_schema(), "run: python _ext/neuron_hw/model.py --schema > _data/hardware.schema.json"


def test_data_file_declares_the_schema():
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"#:schema ./{SCHEMA.name}"


def as_json(value):
    """TOML data as a JSON Schema validator sees it (Taplo's view): dates become ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_schema_accepts_the_real_data(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        as_json(tomllib.loads(DATA.read_text(encoding="utf-8"))), schema, jsonschema.Draft202012Validator
    )


@pytest.mark.parametrize("case", SCHEMA_REJECTS)
def test_schema_rejects_bad_input(tmp_path, editor_schema, case):
    old, new, _ = BAD_INPUTS[case]
    data = as_json(tomllib.loads(broken(tmp_path, old, new).read_text(encoding="utf-8")))
    with pytest.raises(jsonschema.ValidationError):
        editor_schema.validate(data)


@pytest.mark.parametrize("case", [c for c in LOADER_ONLY if c != "invalid TOML"])
def test_schema_passes_what_only_the_loader_catches(tmp_path, editor_schema, case):
    """Documents the split: these are cross-entity, so the schema cannot see them."""
    old, new, _ = BAD_INPUTS[case]
    data = as_json(tomllib.loads(broken(tmp_path, old, new).read_text(encoding="utf-8")))
    editor_schema.validate(data)


def test_every_consistency_rule_applies_to_the_real_data():
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    data = model.HardwareFile.model_validate(raw)
    # The rules that apply where an entry has an extra figure: each applies somewhere, to figures all there.
    ruled = {what for *_, what in consistency.ENTRY_RULES} | {"EFA per chip x chips = EFA bandwidth"}
    rules = [r for r in consistency._consistency_rules(data) if r[0] in ruled or r[0].startswith("logical NeuronCores")]
    assert ruled <= {what for what, *_ in rules}
    for what, factors, product in rules:
        assert data.figure_at(product) is not None, (what, product)
        assert all(consistency._quantity(data, loc) is not None for loc in factors), (what, factors)


def test_hbm_per_stack_times_stacks_is_device_memory(tmp_path):
    old = 'label = "HBM capacity of one Trainium2 stack (AWS writes the unit as GB)"\nvalue = 24'
    path = broken(tmp_path, old, old.replace("value = 24", "value = 25"))
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    message = str(excinfo.value)
    line = next(
        i for i, t in enumerate(path.read_text().splitlines(), 1) if t.startswith("device_memory = { value = 96")
    )

    def gib(n):
        return units.format_quantity(Decimal(n), "GiB")

    assert message.startswith(f"{path}:{line}: [chips.trainium2] device_memory: {gib(96)} does not match"), message
    assert f"{gib(25)} x 4 = {gib(100)} (HBM per stack x HBM stacks = device memory)" in message


def test_every_error_is_reported_not_only_the_first(tmp_path):
    text = DATA.read_text(encoding="utf-8")
    text = text.replace('device_memory = { value = 144, unit = "GiB" }', "device_memory = { value = 144 }")
    text = text.replace('shape = "ring"', 'shape = "star"', 1)
    path = tmp_path / "hardware.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    lines = str(excinfo.value).splitlines()
    assert len(lines) == 2, lines
    assert "[chips.trainium3] device_memory: missing 'unit'" in lines[0]
    assert "] shape: expected one of ring, line, torus" in lines[1]
