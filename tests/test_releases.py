"""The data's version and date, from the first entry of _data/changelog.toml, and its changelog."""

from __future__ import annotations

import csv
import io
import json
import tomllib

import pytest
from conftest import DATA, ROOT
from neuron_hw import export, releases
from neuron_hw.data import load_specs

CHANGELOG = ROOT / "_data" / "changelog.toml"


# -- The data's version and changelog ---------------------------------------------------------------
def test_the_downloads_carry_the_changelogs_version_and_date(built):
    current = tomllib.loads(CHANGELOG.read_text(encoding="utf-8"))["releases"][0]
    folder = built.outdir / export.FOLDER
    document = json.loads((folder / export.JSON_NAME).read_text(encoding="utf-8"))
    assert (document["version"], document["date"]) == (current["version"], current["date"].isoformat())
    readme = (folder / export.README_NAME).read_text(encoding="utf-8")
    assert f"Data version {current['version']} of {current['date'].isoformat()}" in readme
    rows = list(csv.DictReader(io.StringIO((folder / export.CHANGELOG_CSV).read_text(encoding="utf-8"))))
    assert rows and rows[0]["version"] == current["version"] and rows[0]["date"] == current["date"].isoformat()


def _changelog(*entries: dict) -> releases.Changelog:
    return releases.Changelog.model_validate({"releases": list(entries)})


def test_the_changelog_must_go_back_in_time_entry_by_entry():
    newer = {"version": "1.1.0", "date": "2027-01-02", "summary": "s"}
    older = {"version": "1.0.0", "date": "2027-01-01", "summary": "s"}
    assert _changelog(newer, older).current.version == "1.1.0"
    with pytest.raises(ValueError, match="versions must go down"):
        _changelog(older, newer)
    with pytest.raises(ValueError, match="dates must not go up"):
        _changelog({**newer, "date": "2026-12-31"}, older)


def test_a_change_must_name_a_figure_a_unit_and_a_source_of_the_data():
    specs = load_specs(DATA)
    source = next(iter(specs.sources))
    good = {"figure": "chip:trainium2:device_memory", "old": 96, "new": 128, "unit": "GiB", "source": source}
    entry = {"version": "1.0.0", "date": "2027-01-01", "summary": "s"}
    releases.check(_changelog({**entry, "changes": [{**good, "summary": "x"}]}), specs)
    bad = {**good, "figure": "chip:trainium9:device_memory", "unit": "GB/parsec", "source": "nowhere", "summary": "x"}
    with pytest.raises(releases.ChangelogError) as err:
        releases.check(_changelog({**entry, "changes": [bad]}), specs)
    assert all(word in str(err.value) for word in ("trainium9", "GB/parsec", "nowhere"))
    text = releases.changelog_csv(_changelog({**entry, "changes": [{**good, "summary": "=1+1"}]}), specs)
    assert "'=1+1" in text  # a summary that a spreadsheet would run is quoted, as in every CSV


def test_the_repositorys_changelog_is_valid():
    releases.check(releases.load_changelog(CHANGELOG), load_specs(DATA), CHANGELOG)
