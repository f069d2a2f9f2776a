"""No data value puts markup into what the site publishes: the inline SVG charts and drawings, the
pages built from hostile data, and the downloads (CSV cells neutralised, JSON strings intact).

The renderers are called directly with hostile ids and texts, and a build of the made-up test data
gives hostile text in every free-text field and hostile family and topology ids to the directives
past the data model (``hostile.py``): the escaping must hold whatever the model accepts.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from conftest import unquote
from hostile import FORMULA_STARTS, IDS, STRINGS, build
from neuron_hw import charts, diagrams, export
from neuron_hw.sizing import Roof

HOSTILE = [*IDS, *STRINGS]
# Everything the chart and drawing renderers may write: any other element or attribute was injected.
SVG_ELEMENTS = {"svg", "title", "desc", "g", "line", "path", "rect", "circle", "text", "defs", "marker"}
SVG_ATTRIBUTES = {
    "class", "viewbox", "width", "height", "role", "aria-labelledby", "id", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "d", "dy", "text-anchor", "transform", "data-value", "data-unit", "data-chip",
    # the block, fabric and numbering drawings mark their parts with the counts they draw
    "data-core", "data-stack", "data-engine", "data-memory", "data-device", "data-server", "data-servers",
    "data-switch", "data-port", "data-level",
    # a NeuronCore drawing's arrowhead, defined once and referred to by its id
    "refx", "refy", "markerwidth", "markerheight", "orient", "marker-end", "marker-start",
}  # fmt: skip
# The logical core number at each LNC size, one attribute per size (data-lnc1, data-lnc2...).
LNC_ATTRIBUTE = re.compile(r"data-lnc[1-9][0-9]?")
# The links laid over a bar chart's values (charts.record_links): nothing else, no text.
CHART_LINK = {"class": ["nhw-chart__record"], "tabindex": "-1", "aria-hidden": "true"}


def same(text: str) -> str:
    """Text as a parser hands it back (it may read a carriage return as a line break)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def svg_of(markup: str):
    soup = BeautifulSoup(markup, "html.parser")
    assert len(soup.find_all("svg", recursive=False)) == 1, markup
    for element in soup.find_all(True):
        assert element.name in SVG_ELEMENTS, f"injected <{element.name}>"
        unknown = {a for a in element.attrs if a not in SVG_ATTRIBUTES and not LNC_ATTRIBUTE.fullmatch(a)}
        assert not unknown, f"injected attributes {unknown}"
    return soup.svg


def chart_links_of(markup: str) -> list:
    soup = BeautifulSoup(markup, "html.parser")
    links = soup.find_all(True)
    for link in links:
        assert link.name == "a" and not link.contents, f"injected <{link.name}>"
        assert {k: v for k, v in link.attrs.items() if k not in ("href", "style")} == CHART_LINK, link.attrs
        assert link["href"].startswith((charts.RECORD_HREF, "records.html#rec-")), link["href"]
        assert all(c in "leftopwidhg:;%.0123456789" for c in link["style"]), link["style"]
    return links


def roofs(label: str) -> list[Roof]:
    return [Roof(label, Decimal(400) * 10**12, Decimal(200)), Roof(label, Decimal(100) * 10**12, Decimal(50))]


AXES = charts.Axes(0, 3, 0, 3)


def roofline(ident: str, text: str = "Roofline") -> str:
    return charts.roofline_chart(ident, text, text, Decimal(2) * 10**12, text, roofs(text), AXES)


def test_a_chip_id_with_markup_stays_inside_the_roofline_charts_attributes():
    """The compare page's roofline charts are labelled ``roofline-<chip id>``."""
    ident = f"roofline-{IDS[0]}"
    svg = svg_of(roofline(ident))
    assert svg["aria-labelledby"] == f"{ident}-title {ident}-desc"
    assert svg.title["id"] == f"{ident}-title" and svg.desc["id"] == f"{ident}-desc"


def test_a_topology_id_with_markup_stays_inside_the_drawings_attributes():
    ident = f"topology-{IDS[0]}"
    svg = svg_of(diagrams.render(diagrams.ring(4), ident=ident, title="t", description="d", link_label=None))
    assert svg["aria-labelledby"] == f"{ident}-title {ident}-desc"
    assert svg.title["id"] == f"{ident}-title"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_text_and_id_a_renderer_takes_is_written_as_text(text):
    bars = [charts.Bar(text, Decimal(3), text, text), charts.Bar(text, None, text)]  # the third: a record anchor
    drawing = diagrams.ultraserver(2, 2, text)
    description = diagrams.describe("ultraserver-torus", 8, text, 2, 2)
    drawn = {
        "bars": charts.bar_chart(text, text, text, text, bars),
        "roofline": roofline(text, text),
        "drawing": diagrams.render(drawing, ident=text, title=text, description=description, link_label=text),
    }
    assert len(chart_links_of(charts.record_links(bars))) == 1  # the bar with a value
    for name, markup in drawn.items():
        svg = svg_of(markup)
        assert same(svg["aria-labelledby"]) == same(f"{text}-title {text}-desc"), name
        assert same(svg.title.get_text()) == same(text) and same(svg.title["id"]) == same(f"{text}-title"), name
        labels = [same(t.get_text()) for t in svg.find_all("text")]
        if name == "drawing":  # the servers' labels and the legend
            assert same(svg.desc.get_text()) == same(description)
            assert {same(f"{text} 0"), same(f"{text} 1"), same(f"NeuronLink, {text} each")} <= set(labels), labels
        else:  # the bars' labels and values, the roofs' labels
            assert same(svg.desc.get_text()) == same(text), name
            assert labels.count(same(text)) >= 2, (name, labels)
    assert same(BeautifulSoup(drawn["bars"], "html.parser").rect["data-unit"]) == same(text)


# -- a build of hostile data -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def test_pages_built_from_hostile_data_show_it_as_text(hostile_build):
    app, used = hostile_build
    assert app.statuscode == 0, app.warning.getvalue()
    text = ""
    for page in sorted(app.outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("img"), page.name
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], page.name
        assert not soup.find(attrs={"onerror": True}), page.name
        for svg in soup.find_all("svg"):
            svg_of(str(svg))
        for box in soup.select("div.nhw-chart-box"):
            chart_links_of("".join(str(a) for a in box.find_all("a", recursive=False)))
        text += unquote(soup.get_text()) + "\n"
    for value in used:  # every hostile text is on some page, as text
        assert " ".join(value.split()) in " ".join(text.split()), value


def test_hostile_ids_reach_the_pages_only_as_attribute_values(hostile_build):
    app, _ = hostile_build
    topology = BeautifulSoup((app.outdir / "topology.html").read_text(encoding="utf-8"), "html.parser")
    ident = f"topology-{IDS[0]}"
    assert topology.find("svg", class_="nhd-topology")["aria-labelledby"] == f"{ident}-title {ident}-desc"
    chooser = BeautifulSoup((app.outdir / "chooser.html").read_text(encoding="utf-8"), "html.parser")
    family_ids = [IDS[2], IDS[3]]  # with_hostile_ids gives the two families these
    assert set(family_ids) <= {option["value"] for option in chooser.select("select[name=family] option")}
    rows = [" ".join(row["class"]) for row in chooser.select("table.nhw-chooser-table tbody tr")]
    for family in family_ids:
        assert any(f"nhw-f-{family}" in classes for classes in rows), rows


def test_csv_cells_from_hostile_data_cannot_start_a_formula(hostile_build):
    app, used = hostile_build
    folder = app.outdir / export.FOLDER
    cells: list[str] = []
    for name in (export.FIGURES_CSV, export.CHIPS_CSV, export.CORES_CSV, export.SYSTEMS_CSV):
        with open(folder / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        cells += [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], name
    risky = [value for value in used if value.startswith(FORMULA_STARTS)]
    published = [value for value in risky if "'" + value in cells]
    assert published, "no hostile name reached a CSV"
    assert not [value for value in risky if value in cells]


def test_json_from_hostile_data_gives_back_every_string_as_written(hostile_build):
    app, used = hostile_build
    document = json.loads((app.outdir / export.FOLDER / export.JSON_NAME).read_text(encoding="utf-8"))

    def strings(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    written = [*(n["text"] for n in document["notes"]), *(s["title"] for s in document["sources"])]
    assert set(written) <= set(used)  # exactly as in the data: no escaping, no quote added
    assert set(used) & {e["name"] for e in document["entities"]}
    assert set(used) <= set(strings(document))
