"""Every source carries the day it was last checked: a required TOML date, never in the future."""

from __future__ import annotations

import datetime
import re

import jsonschema
import pytest
from conftest import DATA, SCHEMA
from neuron_hw.data import SpecError, load_specs
from test_data import broken
from test_model import as_json

# The first source of the data file, as the file writes it.
FIRST = re.search(
    r"^(hw-inferentia = \{ .*?), checked = (\d{4}-\d\d-\d\d) \}$", DATA.read_text(encoding="utf-8"), re.MULTILINE
)

BAD_CHECKED = {
    "missing": ("", ["[sources] hw-inferentia", "missing required key 'checked'"]),
    "quoted": (', checked = "2026-08-21"', ["hw-inferentia.checked", "TOML date", "without quotes"]),
    "date and time": (", checked = 2026-08-21T10:00:00", ["hw-inferentia.checked", "TOML date"]),
    "future": (", checked = 2999-01-01", ["hw-inferentia.checked", "2999-01-01 is in the future"]),
}


def test_every_source_has_a_checked_date():
    specs = load_specs(DATA)
    today = datetime.date.today()
    for key, source in specs.sources.items():
        checked = datetime.date.fromisoformat(source["checked"])
        assert checked <= today, key


@pytest.mark.parametrize("case", BAD_CHECKED, ids=list(BAD_CHECKED))
def test_bad_checked_date_is_named(tmp_path, case):
    assert FIRST, "test setup: the first source is not written as expected"
    replacement, expected = BAD_CHECKED[case]
    path = broken(tmp_path, FIRST.group(0), f"{FIRST.group(1)}{replacement} }}")
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    for fragment in expected:
        assert fragment in str(excinfo.value)


def test_schema_requires_checked():
    import json
    import tomllib

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    del data["sources"]["hw-inferentia"]["checked"]
    with pytest.raises(jsonschema.ValidationError, match="checked"):
        jsonschema.validate(as_json(data), schema)
