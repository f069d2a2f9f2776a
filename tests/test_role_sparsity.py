"""Sparsity patterns in prose: ``:spec:`core:<id>:sparsity``` renders the data's M:N list,
so no page types the list by hand, and a bad path warns with the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, ROOT
from neuron_hw.data import load_specs
from neuron_hw.role import resolve, value_id

SPECS = load_specs(DATA)
MINI = Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml"
SPARSE_CORES = [c for c in SPECS.cores.values() if c.sparsity is not None]
PAGES = sorted([*ROOT.glob("hardware/*.rst"), *ROOT.glob("concepts/*.md"), ROOT / "index.rst"])
ROLE = re.compile(r"(?::[\w-]+:|\{[\w-]+\})`[^`]*`")  # reST and MyST roles
PATTERN_RUN = re.compile(r"\d+:\d+(?:[\s`\u00b7,;]+(?:and\s+|or\s+)?`*\d+:\d+)*")


def test_the_data_has_cores_with_patterns():
    assert SPARSE_CORES, "no core lists sparsity patterns: the tests below would check nothing"


@pytest.mark.parametrize("core", SPARSE_CORES, ids=[c.id for c in SPARSE_CORES])
def test_the_role_renders_a_cores_patterns_in_the_datas_order(core):
    assert resolve(SPECS, f"core:{core.id}:sparsity") == ", ".join(core.sparsity.patterns)
    assert value_id(SPECS, f"core:{core.id}:sparsity") is None  # text, not a figure: no anchor


@pytest.mark.parametrize("core", SPARSE_CORES, ids=[c.id for c in SPARSE_CORES])
def test_a_cores_page_shows_exactly_the_datas_patterns(site, core):
    page = site.labels()[core.page].partition("#")[0]
    shown = [
        span.get_text()
        for span in site.html(page).select("article span.spec-value")
        if re.fullmatch(r"\d+:\d+(, \d+:\d+)*", span.get_text())
    ]
    assert shown, f"{page} does not show {core.name}'s sparsity patterns from the data"
    assert all(text == ", ".join(core.sparsity.patterns) for text in shown), (page, shown)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_no_page_types_a_cores_pattern_list(page):
    """Outside roles, no run of M:N patterns in a page's source is a core's whole list."""
    text = ROLE.sub("", page.read_text(encoding="utf-8"))
    lists: dict[frozenset, list[str]] = {}
    for core in SPARSE_CORES:
        lists.setdefault(frozenset(core.sparsity.patterns), []).append(core.id)
    for run in PATTERN_RUN.finditer(text):
        typed = frozenset(re.findall(r"\d+:\d+", run.group(0)))
        line = text.count("\n", 0, run.start()) + 1
        assert typed not in lists, (
            f"{page.name}:{line}: the list of core {' or '.join(lists[typed])}; use :spec:`core:<id>:sparsity`"
        )


def test_the_typed_list_check_catches_a_list():
    sample = "It takes 4:16, 4:12, 4:8, 2:8, 2:4,\n1:4 and 1:2; :spec:`core:v3:sparsity` is fine.\n"
    runs = [frozenset(re.findall(r"\d+:\d+", m.group(0))) for m in PATTERN_RUN.finditer(ROLE.sub("", sample))]
    assert runs == [frozenset(SPECS.cores["v3"].sparsity.patterns)]


def test_sparsity_paths_in_a_page_render_or_warn_with_file_and_line(make_app, tmp_path):
    """In process, on the made-up data: a core with patterns renders them; a core without them and
    an unknown core each warn, naming the file and the line, and render the path as an error."""
    mini = load_specs(MINI)
    with_patterns = next(c for c in mini.cores.values() if c.sparsity is not None)
    without = next(c for c in mini.cores.values() if c.sparsity is None)
    assert "c9" not in mini.cores
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["neuron_hw"]\nexclude_patterns = ["_build"]\n', encoding="utf-8")
    (src / "index.rst").write_text(
        "Sparsity\n========\n\n"
        f"Patterns: :spec:`core:{with_patterns.id}:sparsity`.\n\n"
        f"None here: :spec:`core:{without.id}:sparsity`.\n\n"
        "Nowhere: :spec:`core:c9:sparsity`.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"neuron_hw_data": str(MINI)})
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(rf"index\.rst:6: .*NeuronCore '{without.id}' has no sparsity patterns", warnings), warnings
    assert re.search(r"index\.rst:8: .*unknown NeuronCore 'c9'", warnings), warnings
    assert "index.rst:4" not in warnings, warnings
    html = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [s.get_text() for s in html.select("span.spec-value")] == [", ".join(with_patterns.sparsity.patterns)]
    assert len(html.select("span.spec-error")) == 2
