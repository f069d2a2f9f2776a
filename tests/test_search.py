"""The site search (_ext/site_search.py): the query file, what the index holds, what pages load.

The search in a browser is tested in test_browser_search.py.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import search_bench
import site_search

CASES = search_bench.load_cases()
REFERENCE = [c for c in CASES if c.set == "reference"]
HELD_OUT = [c for c in CASES if c.set.startswith("held-out")]


def _doc(site) -> dict:
    return json.loads((site.outdir / "data" / "neuron-hardware.json").read_text(encoding="utf-8"))


# -- The query file ------------------------------------------------------------------------------
def test_the_query_file_has_both_sets_of_both_kinds():
    sets = list(dict.fromkeys(c.set for c in CASES))
    assert sets[0] == "reference" and "held-out" in sets and "held-out 2" in sets
    for name in sets:
        which = [c for c in CASES if c.set == name]
        assert len([c for c in which if not c.figure]) >= 20, name
        assert len([c for c in which if c.figure]) >= 6, name


def test_every_wanted_page_and_figure_exists(site):
    doc = _doc(site)
    for case in CASES:
        if case.figure:
            anchor = search_bench.figure_anchor(doc, case)
            page = next(f["url"] for f in doc["figures"] if f["anchor"] == anchor).split("#")[0]
            html = (site.outdir / page.removeprefix(doc["site"] or "")).read_text(encoding="utf-8")
            assert f'id="{anchor}"' in html, f"{case.query}: no #{anchor} on {page}"
        else:
            for page in case.pages:
                assert (site.outdir / page).is_file(), f"{case.query}: {page} is not built"


# -- The index -----------------------------------------------------------------------------------
def test_the_index_holds_every_page_and_every_shown_figure(site):
    entry = json.loads((site.outdir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = [
        p for p in site.outdir.rglob("*.html") if p.relative_to(site.outdir).as_posix() not in site_search.NOT_INDEXED
    ]
    shown = [f for f in _doc(site)["figures"] if f.get("url")]
    assert entry["languages"]["en"]["page_count"] == len(pages) + len(shown)


def test_only_the_files_the_search_uses_are_published(site):
    bundle = site.outdir / "pagefind"
    for name in site_search.UNUSED_BUNDLE_FILES:
        assert not (bundle / name).exists(), name
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.en.pagefind"))


def test_filter_indexes_are_in_a_stable_order(site):
    """Pagefind writes a filter's values in hash-map order; stable_order sorts them."""
    import cbor2

    for path in (site.outdir / "pagefind" / "filter").iterdir():
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(site_search.SIGNATURE) :])
        assert [v[0] for v in values] == sorted(v[0] for v in values), name


def test_no_page_loads_anything_of_the_search_until_it_is_opened(site):
    """A page links no script or stylesheet of the search: a few inline lines load it on demand."""
    for page in site.outdir.rglob("*.html"):
        rel = page.relative_to(site.outdir).as_posix()
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        searching = [s for s in sources if "pagefind" in s or "site-search" in s]
        if rel == "search.html":
            assert len(searching) == 1 and "_static/site-search.js?v=" in searching[0]
        else:
            assert not searching, f"{rel} loads {searching}"


def test_every_page_links_the_search_page(site):
    """Sphinx's index is not built (site_search turns it off), but the search page is, and every
    page names it as the site's search (``<link rel="search">``)."""
    assert (site.outdir / "search.html").is_file()
    for page in site.source_pages():
        link = site.html(page).find("link", rel="search")
        assert link is not None and link["href"].endswith("search.html"), page


def test_sphinx_indexes_the_pages_only_when_its_search_is_published(make_app, tmp_path):
    """With the site search, Sphinx's index (which _finish would delete) is not built at all, and
    the search page is written all the same; with ``site_search = "sphinx"`` Sphinx's is."""
    (tmp_path / "conf.py").write_text('extensions = ["site_search"]\n', encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nSome words to index.\n", encoding="utf-8")
    for engine, indexed in (("pagefind", False), ("sphinx", True)):
        app = make_app("html", srcdir=tmp_path, builddir=tmp_path / engine, confoverrides={"site_search": engine})
        app.build()
        out = Path(app.outdir)
        assert (app.builder.indexer is not None) is indexed, engine
        assert (out / "searchindex.js").is_file() is indexed, engine
        assert (out / "search.html").is_file(), engine
        assert 'rel="search"' in (out / "index.html").read_text(encoding="utf-8"), engine


def test_the_search_styles_live_in_their_own_file(site):
    """The bundle keeps the rules the pages use; the results are styled by a file loaded with them."""
    css = (site.outdir / "_static" / "site-search.css").read_text(encoding="utf-8")
    assert ".nhs-result" in css and "var(--pst-color-" in css
    assert "site-search.css" in (site.outdir / "_static" / "site-search.js").read_text(encoding="utf-8")


def test_the_indexed_copy_of_a_page():
    html = (
        '<html><body><nav>menu</nav><article class="bd-article"><section id="trn2-architecture">'
        '<h1>Trn2 Architecture<a class="headerlink" href="#trn2-architecture">#</a></h1>'
        '<section id="sizes"><h2>Sizes<a class="headerlink" href="#sizes">#</a></h2>'
        '<table><tr><td>16<a class="spec-note-ref" href="#n">[7]</a></td></tr></table>'
        '<ol><li id="n"><p>A note.</p><p class="spec-note-back"><a href="#r">Back to the table</a></p></li></ol>'
        '</section></section><dl class="glossary"><dt id="term-SBUF">SBUF</dt><dd>On-chip memory.</dd></dl>'
        "</article></body></html>"
    )
    catalogue = site_search.Catalogue(
        {
            "site": "https://x/",
            "entities": [
                {
                    "id": "family:trn2",
                    "kind": "family",
                    "name": "Trn2",
                    "page_url": "https://x/hardware/trn2-arch.html",
                    "details": {},
                }
            ],
            "figures": [],
        }
    )
    indexed, title = site_search.indexed_html(html, "hardware/trn2-arch", catalogue)
    assert title == "Trn2 Architecture"
    assert "menu" not in indexed  # only the article
    assert '<h2 id="sizes">' in indexed  # the section's id, on its heading
    for ignored in ("headerlink", "spec-note-ref", "spec-note-back"):
        assert re.search(rf'class="{ignored}"[^>]*data-pagefind-ignore="all"', indexed), ignored
    assert '<h4 data-pagefind-weight="6" id="term-SBUF">SBUF' in indexed or re.search(r"<h4[^>]*term-SBUF", indexed)
    assert "State Buffer" in indexed  # the term's other name
    assert 'data-pagefind-filter="kind:Instance family"' in indexed
    assert 'data-pagefind-filter="about:Trn2"' in indexed
    assert "Trainium2" in indexed  # what readers also call it


def test_aliases_cover_the_names_readers_use():
    for text, other in [
        ("Trainium2", "Trn2"),
        ("Trn2", "Trainium2"),
        ("NeuronCore-v3", "NC-v3"),
        ("NC-v3", "NeuronCore-v3"),
        ("Tensor Engine", "TensorE"),
        ("TensorE", "Tensor Engine"),
        ("SBUF", "State Buffer"),
        ("State Buffer", "SBUF"),
        ("LNC", "Logical NeuronCore"),
        ("logical NeuronCore", "LNC"),
    ]:
        assert other in site_search.aliases_for(text), (text, other)
    assert site_search.aliases_for("inf2") == [] or "Inf2" not in site_search.aliases_for("inf2")


def test_a_figure_record_is_escaped():
    record = {
        "url": "/x.html#fig",
        "meta": {"title": "<b>t</b>", "figure": "1 GiB"},
        "filters": {"kind": ["Data"]},
        "heading": "<img src=x onerror=alert(1)>",
        "text": "1 GiB",
        "also": "",
    }
    page = site_search.record_html(record)
    assert "<img" not in page and "&lt;img" in page and "<b>" not in page


def test_term_keys_join_spellings_and_other_names():
    assert site_search.term_key("Logical  NeuronCores") == site_search.term_key("logical NeuronCore")
    assert site_search.term_key("CC-Cores") == site_search.term_key("CC Core") == "cc core"
    assert site_search.term_key("NEURON_RT_NUM_CORES") == "neuron_rt_num_core"
    assert site_search.term_key("cross") == "cross"  # "ss" is not a plural
    assert "tensore" in site_search.term_keys("Tensor Engine")
    assert set(site_search.term_keys("Tensor Engines")) == set(site_search.term_keys("TensorE"))
    assert site_search.term_keys("Tensor Engine throughput") == ["tensor engine throughput"]  # no alias


def test_abbreviations_written_out_are_found():
    found = site_search.abbreviations
    assert found("A model FLOPs utilisation (MFU) figure") == [("MFU", "model FLOPs utilisation")]
    assert found("Round to nearest, ties to even (RNE) picks") == [("RNE", "Round to nearest, ties to even")]
    assert found("SBUF (state buffer) is the engines' memory") == [("SBUF", "state buffer")]
    assert found("collective-communication cores (CC-Cores)") == [("CC-Cores", "collective-communication cores")]
    # Brackets that are not abbreviations
    for text in (
        "A utilisation figure (MFU) is",
        "Inferentia (Inf1) and",
        "by matching it against address ranges (BARs).",
        "Kubernetes nodes (EKS): a node",
        "Inf1 (Inferentia, NeuronCore-v1)",
    ):
        assert found(text) == [], text


def test_a_page_lists_the_terms_it_defines():
    html = (
        '<html><body><article class="bd-article"><section id="data-types">'
        '<h1>Data types<a class="headerlink" href="#data-types">#</a></h1>'
        "<ul><li><p><strong>Stochastic rounding (<a><span>SR</span></a>)</strong> rounds at random.</p></li></ul>"
        "<p>The runtime's <code>NEURON_RT_STOCHASTIC_ROUNDING_EN</code> selects it.</p>"
        "<table><tbody><tr><td><code>NEURON_RT_VISIBLE_CORES</code></td><td>Which cores</td></tr>"
        "<tr><td>Trn2 (<code>trn2</code>)</td><td>x</td></tr></tbody></table>"
        '<dl class="glossary"><dt id="term-Tensor-Engine">Tensor Engine<a class="headerlink" href="#x">#</a></dt>'
        "<dd>The matrix engine.</dd></dl><dl><dt><code>neuron-ls</code></dt><dd>Lists devices.</dd></dl>"
        "</section></article></body></html>"
    )
    catalogue = site_search.Catalogue({"site": "", "entities": [], "figures": []})
    indexed, _ = site_search.indexed_html(html, "concepts/data-types", catalogue)
    defines = set(re.findall(r'data-pagefind-filter="defines:([^"]*)"', indexed))
    assert {"stochastic rounding", "sr", "neuron_rt_visible_core", "tensor engine", "tensore", "neuron ls"} <= defines
    assert "neuron_rt_stochastic_rounding_en" not in defines  # named in a sentence, not defined there
    assert "trn2" not in defines  # a cell that is more than its code
    assert re.findall(r'data-pagefind-filter="title:([^"]*)"', indexed) == ["data type"]
    # The identifier where a table defines it weighs like a glossary term.
    assert re.search(r'<td data-pagefind-weight="4"><code>NEURON_RT_VISIBLE_CORES', indexed)
    # The sources page and the figure records quote every page: they define nothing.
    light, _ = site_search.indexed_html(html, "hardware/sources", catalogue)
    assert "defines:" not in light
