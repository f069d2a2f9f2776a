"""The neuron_hw extension inside Sphinx: directives, the role, warnings, errors, rebuilds."""

from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_site, sphinx_build
from neuron_hw import units
from neuron_hw.data import load_specs
from sphinx.util.docutils import docutils_namespace

# The test roots read the small made-up data file of the snapshot tests, and every expected value
# comes from it; the real data file is checked by test_data.py and test_model.py.
MINI = Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml"
FIXTURE = {"neuron_hw_data": str(MINI)}


@pytest.fixture(scope="module")
def specs():
    return load_specs(MINI)


@pytest.mark.sphinx("html", testroot="directives", freshenv=True, confoverrides=FIXTURE)
def test_directives_render_tables_in_rst_and_myst(app, specs):
    app.build()
    assert app.warning.getvalue() == ""
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    beta, alpha = specs.chips["beta"], specs.chips["alpha"]
    text = re.sub(r"[ \t\r\n]+", " ", index.get_text(" "))  # keeps the no-break space of a quantity
    assert f"carries {beta.figures['device_memory'].text()} of memory" in text
    assert f"the {units.ordinal(beta.ml_generation)} generation of the fixture chips" in text
    comparison = specs.comparisons["beta-vs-alpha"]
    captions = [c.get_text(" ", strip=True) for c in index.select("table caption .caption-text")]
    assert captions == [
        f"{beta.name} specifications (per chip)",
        f"{specs.chips[comparison.new].name} compared with {specs.chips[comparison.old].name} (per chip)",
        f"{specs.families['fb'].name} sizes (per instance or UltraServer)",
        f"{specs.cores['c2'].name} compute engines (per NeuronCore)",
    ]
    spec_table = index.select("table")[0]
    rows = {tr.th.get_text(" ", strip=True): tr.td.get_text(" ", strip=True) for tr in spec_table.select("tbody tr")}
    assert rows["Device memory"] == beta.figures["device_memory"].text()
    assert rows["Compute, FP8 (dense)"].startswith(beta.compute["fp8"].text())
    # the caption says "per chip" once: the label does not repeat it
    assert rows["EFA bandwidth"].startswith(beta.figures["efa_per_chip"].text())
    # a conflicting figure carries a note marker that links to its note below the table
    marker = spec_table.find("a", class_="spec-note-ref")
    assert marker is not None and index.find(id=marker["href"].lstrip("#")) is not None
    myst = BeautifulSoup((app.outdir / "myst.html").read_text(encoding="utf-8"), "html.parser")
    myst_text = re.sub(r"[ \t\r\n]+", " ", myst.get_text(" "))
    assert f"carries {alpha.figures['device_memory'].text()} of memory" in myst_text
    assert (
        myst.select_one("table caption .caption-text").get_text(strip=True) == f"{alpha.name} specifications (per chip)"
    )


@pytest.mark.sphinx("html", testroot="directives", freshenv=True, confoverrides=FIXTURE)
def test_instance_totals_are_computed_from_chips(app, specs):
    app.build()
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    sizes = index.select("table")[2]
    header = [th.get_text(" ", strip=True) for th in sizes.select("thead th")]
    column = next(i for i, h in enumerate(header) if h.startswith("fb.large"))
    row = next(tr for tr in sizes.select("tbody tr") if tr.th.get_text(strip=True) == "Device memory")
    cells = row.find_all(["th", "td"])
    system = specs.systems["fb.large"]
    expected = system.figures["chips"].value * specs.chips[system.chip].figures["device_memory"].value
    assert cells[column].get_text(strip=True) == units.format_quantity(expected, "GiB")


@pytest.mark.sphinx("html", testroot="unknown-ids", freshenv=True, confoverrides=FIXTURE)
def test_unknown_ids_warn_with_file_and_line(app, specs):
    assert "gamma" not in specs.chips and "fz" not in specs.families
    assert "hbm_capacity" not in specs.chips["beta"].figures
    app.build()
    warnings = app.warning.getvalue()
    assert "index.rst:4" in warnings and "unknown chip 'gamma'" in warnings
    assert "index.rst:6" in warnings and "has no value 'hbm_capacity'" in warnings
    assert "index.rst:8" in warnings and "unknown instance family 'fz'" in warnings


@pytest.mark.build
def test_bad_data_stops_the_build_with_a_clear_message(tmp_path):
    src = copy_site(tmp_path / "src")
    data = src / "_data" / "hardware.toml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace('name = "Inf2"\nchip = "inferentia2"', 'name = "Inf2"\nchip = "inferentia9"'), encoding="utf-8"
    )
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode != 0
    # the message names the file and the line of the bad key: "<file>:<line>: [families.inf2] chip: ..."
    assert re.search(
        rf"{re.escape(str(data))}:\d+: \[families.inf2\] chip: 'inferentia9' is not a known chip", result.stderr
    )
    assert "Traceback" not in result.stderr and "Versions" not in result.stderr, result.stderr
    assert not list((tmp_path / "html").rglob("*.html")), "a failed build left pages to publish"


def test_editing_the_data_file_rebuilds_the_pages_that_use_it(make_app, rootdir, tmp_path):
    """Sphinx re-reads only what changed: an edited data file must bring back every page that shows
    one of its figures, the chip's own page and the pages with totals computed from it.  In
    process, on the small made-up data (the live-preview test does the same with the real site)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-snapshots", src)
    with docutils_namespace():  # the second app registers the same nodes and roles again
        make_app("html", srcdir=src, freshenv=True).build()
    data = src / "mini.toml"
    old = 'mode = "sparse", value = 800, unit = "TFLOPS"'
    text = data.read_text(encoding="utf-8")
    assert text.count(old) == 1
    data.write_text(text.replace(old, 'mode = "sparse", value = 900, unit = "TFLOPS"'), encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    specs = load_specs(data)
    chip_page = (app.outdir / "chips.html").read_text(encoding="utf-8")
    systems_page = (app.outdir / "systems.html").read_text(encoding="utf-8")
    assert units.format_quantity(Decimal(900), "TFLOPS") in chip_page
    assert units.format_quantity(Decimal(800), "TFLOPS") not in chip_page
    totals = [
        s.figures["chips"].value * 900 for s in specs.systems.values() if s.chip == "beta" and "chips" in s.figures
    ]
    assert totals and all(units.format_quantity(total, "TFLOPS") in systems_page for total in totals), totals


@pytest.mark.sphinx("html", testroot="topology", freshenv=True, confoverrides=FIXTURE)
def test_topology_drawing_is_inline_svg_in_html(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = page.select_one("figure.nhd-topology-figure svg")
    assert svg is not None and svg.find("desc") is not None


@pytest.mark.sphinx("text", testroot="topology", freshenv=True, confoverrides=FIXTURE)
def test_topology_drawing_falls_back_to_its_description_in_other_builders(app, specs):
    app.build()
    assert app.warning.getvalue() == ""
    text = " ".join((app.outdir / "index.txt").read_text(encoding="utf-8").split())
    topology = specs.topologies["fb-large"]
    system = specs.systems[topology.system]
    side = specs.figures[topology.side].figure.value
    assert f"{system.figures['chips'].value} {specs.chips[system.chip].name} chips" in text, text
    assert f"grid of {side} by {side}" in text, text
    assert "<svg" not in text


@pytest.mark.sphinx("html", testroot="topology", freshenv=True)
def test_a_data_error_stops_the_build_in_process_without_a_crash_report(make_app, app_params, tmp_path):
    bad = tmp_path / "mini.toml"
    text = MINI.read_text(encoding="utf-8")
    assert '[families.fa]\nname = "Fa"\nchip = "alpha"' in text
    bad.write_text(text.replace('chip = "alpha"', 'chip = "gamma"', 1), encoding="utf-8")
    args, kwargs = app_params
    warnings = io.StringIO()
    kwargs.update(confoverrides={"neuron_hw_data": str(bad)}, warning=warnings)
    # The app never finishes starting, so Sphinx's fixture cannot clean up the directives, roles
    # and nodes the extensions registered; the namespace restores them for the tests that follow.
    with docutils_namespace(), pytest.raises(SystemExit) as excinfo:
        make_app(*args, **kwargs)
    assert excinfo.value.code == 2
    logged = warnings.getvalue()
    assert re.search(rf"{re.escape(str(bad))}:\d+: \[families.fa\] chip: 'gamma' is not a known chip", logged), logged
    assert "Traceback" not in logged
