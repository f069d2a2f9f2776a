"""schema.org Dataset metadata (JSON-LD) in the head of the page that lists the downloads."""

from __future__ import annotations

import json
import tomllib

import pytest
from conftest import ROOT
from neuron_hw import export

CHANGELOG = ROOT / "_data" / "changelog.toml"


# -- The Dataset metadata -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dataset(built):
    scripts = built.html("hardware/compare.html").select('head script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_the_dataset_metadata_names_the_licence_the_version_and_every_download(built, dataset):
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert dataset["license"] == export.LICENSE_URL
    current = tomllib.loads(CHANGELOG.read_text(encoding="utf-8"))["releases"][0]
    assert (dataset["version"], dataset["dateModified"]) == (current["version"], current["date"].isoformat())
    assert dataset["creator"]["name"] and len(dataset["description"]) >= 50
    published = {p.name for p in (built.outdir / export.FOLDER).iterdir()}
    named = {d["contentUrl"].rsplit("/", 1)[-1] for d in dataset["distribution"]}
    assert named == published
    for download in dataset["distribution"]:
        assert download["@type"] == "DataDownload" and download["encodingFormat"]
        # Relative to the page without SITE_URL: it must reach the file from hardware/.
        if "://" not in download["contentUrl"]:
            assert (built.outdir / "hardware" / download["contentUrl"]).resolve().is_file()
    assert all(v["unitText"] for v in dataset["variableMeasured"])


def test_only_the_downloads_page_carries_the_dataset_metadata(built):
    carrying = [
        p for p in built.source_pages() if "application/ld+json" in (built.outdir / p).read_text(encoding="utf-8")
    ]
    assert carrying == ["hardware/compare.html"]


def test_the_json_ld_cannot_close_its_script():
    from neuron_hw.dataset_jsonld import script

    text = script({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in text.removesuffix("</script>") and "<" not in text.split("\n", 1)[1].rsplit("\n", 1)[0]
    assert json.loads(text.split("\n", 1)[1].rsplit("\n", 1)[0])["name"].startswith("</script>")
