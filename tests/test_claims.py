"""Claims the pages may not make: sentences wider than their sources stay out, and the conflict
notes that replaced them are cited where they apply."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA, plain
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)

# Sentences (or the telling part of one) that said more than AWS's documents support. Each is
# matched against the text of every built page, with quotes and white space normalised.
REMOVED = [
    # Plain FP8 on NeuronCore-v4: AWS's sources disagree (note v4-plain-fp8).
    "FP8 on Trainium3 is storage, MX is the math",
    "plain FP8 matrix multiply runs at about the BF16 rate",
    "Plain FP8 on v4 falls back to about the BF16 rate",
    "plain (non-MX) FP8 matrix multiplies on NeuronCore-v4 run at about the BF16 rate",
    "Plain FP8 matrix multiplications run at about the BF16-class rate",
    "replacing plain FP8 as the fast 8-bit path",
    # SBUF and PSUM exist from NeuronCore-v1 in AWS's glossary (note sbuf-psum-v1).
    "from NeuronCore-v2 on, named SBUF and PSUM",
    "Each NeuronCore from v2 on has two on-chip SRAMs",
    # Stale references to tables that moved to the instances page.
    "The tables below count the cores a program sees",
    "puts these figures next to every other family's",
    "with the cores and peak rates software sees on each instance.",
    "with per-level figures",
    # The GPU map.
    "Kubernetes and containers hand out whole chips",
    "a memory, not in registers",
    "the engines' only working memory",
    "(no close term)",
    # Sizing prose.
    "Dividing AWS's chip rate by the cores per chip gives a higher number",
    "All three are upper bounds",
    "Inferentia has a BF16 rate only",
    "The tables and charts in this section are computed by this site",
    "may group several physical ones",
    # Memory hierarchy, glossary and NeuronCore-v4.
    "move the data between them on explicit instructions",
    "the working memory of every engine",
    "a software-managed SRAM that every engine reads and writes",
    "AWS publishes no host-to-device bandwidth",
    "it does not describe how priorities are assigned",
    "AWS describes it for Trainium2 at LNC=2",
    # Sparsity along the contraction dimension comes from a draft AWS has not published.
    "at most M of every N values along the contraction dimension",
    "consecutive values along the contraction dimension",
    "consecutive contraction elements",
    "The sparse peak quoted above assumes the highest compression ratio",
    # Trainium's purpose wider than its sources: AWS presents it and Trn1 for training.
    "single-chip inference",
    "Training and fine-tuning; also inference",
    "it serves them as well",
    # Allocation and advice stated as fact.
    "AWS does not say why libraries built on Neuron restrict core counts",
    "start with Inf2",
    "LNC=1 can suit",
    "can suit many small, independent models",
    "A common pattern is to evacuate",
    "Mixed-precision training on Trainium commonly keeps",
    "For inference, EFA is rarely the deciding factor",
    "Treat the C++ route as existing code on Trn1 and Inf2",
    # Trn3 fabrics: AWS's diagrams draw each chip's connections to the switches and one connection
    # per chip position between partner servers, but not how many links each one is.
    "links for each pair of servers",
    "whether a server reaches its second-level switch through its first-level switch or from each chip",
    "which chips of a server reach its NeuronSwitch-v1",
    # Promises the sources page cannot keep.
    "every conflict between AWS documents",
    "every conflict between AWS's documents",
    # Markup that rendered as text.
    ":term:`Logical NeuronCore`",
]

# Notes added with these fixes; each must be cited on at least one page (in a table or in prose).
NEW_NOTES = [
    "v4-plain-fp8",
    "sbuf-psum-v1",
    "trainium3-sparse",
    "unit-conventions",
    "memory-pyramid",
    "batching-inputs",
    "neuronlink-blocks-vs-links",
    "runtime-logging-defaults",
    "virtual-core-size",
    "ec2-core-count",
    "trn2n-name",
    "neuron-ls-scope",
    "neuron-monitor-version",
    "sysfs-names",
    "data-types-page-lists",
    "sram-total",
    "v3-tensor-outputs",
    "nki-support",
    "collectives-accelerator",
    "runtime-notes-inferentia",
    "lnc-guide-scope",
    "up-to-16-chips",
    "v2-chips",
    "nki-v4-api",
    "trainium2-neuronlink-split",
]


@pytest.fixture(scope="module")
def texts(site) -> dict[str, str]:
    """Every built page's article text (without the sources page, which quotes every note)."""
    out = {}
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        article = site.html(page).select_one("article")
        if article is not None and page != "hardware/sources.html":
            out[page] = plain(article.get_text(" "))
    return out


SPARSITY = re.compile(r"sparsity|sparse|\bM:N\b|\bM of every N\b", re.IGNORECASE)
# What AWS's published sparsity text leaves open; only its unpublished NKI draft says it.
DRAFT_ONLY = re.compile(r"contraction|stationary|moving matrix", re.IGNORECASE)


def test_sparsity_dimension_and_operand_come_only_with_the_draft_caveat(site):
    """AWS's published pages say one input has at most M non-zero values in every N contiguous
    ones, and no more: which input, and along which dimension, come from a draft section of the
    NKI Trainium2 guide that AWS has not published. A sentence of prose about structured sparsity
    that names the contraction dimension or the stationary or moving matrix must say it is the
    draft's."""
    checked, wrong = 0, []
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        article = site.html(page).select_one("article")
        if article is None or page == "hardware/sources.html":
            continue
        for block in article.select("p, li, dd"):
            if block.find_parent("table") is not None:
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", plain(block.get_text(" "))):
                if SPARSITY.search(sentence) and DRAFT_ONLY.search(sentence):
                    checked += 1
                    if "draft" not in sentence.lower():
                        wrong.append((page, sentence))
    assert not wrong, wrong
    assert checked  # the NeuronCore-v3 page reports the draft's reading, with the caveat


@pytest.mark.parametrize("phrase", REMOVED)
def test_removed_phrase_is_on_no_page(texts, phrase):
    found = [page for page, text in texts.items() if plain(phrase) in text]
    assert not found, f"{phrase!r} is back on {found}"


def test_the_removed_phrases_are_not_in_the_notes_either():
    """A note is printed on pages too, so it must not say what the pages may not."""
    notes = {key: plain(text) for key, text in SPECS.notes.items()}
    for phrase in REMOVED:
        assert not [k for k, t in notes.items() if plain(phrase) in t], phrase


@pytest.fixture(scope="module")
def cited_texts(site) -> set[str]:
    """The text of every note the pages print (but the sources page, which lists them all): in a
    table's notes or in a note admonition.  Read once for the module's tests."""
    texts = set()
    for name in (page.relative_to(site.outdir).as_posix() for page in site.pages()):
        if name == "hardware/sources.html":
            continue
        soup = site.html(name)
        texts.update(plain(li.p.get_text(" ")) for li in soup.select("ol.spec-notes > li"))
        texts.update(
            plain(p.get_text(" ")) for p in soup.select("article div.admonition.note > p:not(.admonition-title)")
        )
    return texts


@pytest.mark.parametrize("key", NEW_NOTES)
def test_new_note_is_in_the_data_and_cited_on_a_page(cited_texts, key):
    assert key in SPECS.notes, f"note {key!r} is not in the data"
    assert plain(SPECS.notes[key]) in cited_texts, f"no page cites note {key!r}"


def _sparse_key(chip_id: str) -> str:
    return next(key for key, figure in SPECS.chips[chip_id].compute.items() if figure.mode == "sparse")


def test_trainium3_sparse_rate_carries_its_note_in_the_data():
    figure = SPECS.chips["trainium3"].compute[_sparse_key("trainium3")]
    assert figure.note == "trainium3-sparse"


@pytest.mark.parametrize("page", ["hardware/trainium3.html", "hardware/compare.html"])
def test_trainium3_sparse_rate_carries_its_note_on_the_page(site, page):
    """The cell showing the rate (its figure anchor) has a marker that points at the note."""
    key = _sparse_key("trainium3")
    figure = SPECS.chips["trainium3"].compute[key]
    soup = site.html(page)
    anchor = f"fig-chip-trainium3-compute-{key}"
    value = soup.find(id=anchor)
    assert value is not None and plain(value.get_text()) == plain(figure.text()), (page, anchor)
    cell = value.find_parent(["td", "th"])
    assert cell is not None, (page, "the rate is not in a table cell")
    notes = {plain(soup.find(id=a["href"].lstrip("#")).p.get_text(" ")) for a in cell.select("a.spec-note-ref")}
    assert plain(SPECS.notes[figure.note]) in notes, (page, notes)


def test_trainium3_sparse_rate_carries_its_note_in_the_json(site):
    key = _sparse_key("trainium3")
    figure = SPECS.chips["trainium3"].compute[key]
    data = json.loads((site.outdir / "data" / "neuron-hardware.json").read_text(encoding="utf-8"))
    entry = next(f for f in data["figures"] if f["id"] == f"chip:trainium3:compute.{key}")
    assert entry["value"] == figure.value
    assert entry["note"] == {"id": figure.note, "text": SPECS.notes[figure.note]}


def test_no_page_states_a_plain_fp8_rate_for_trainium3():
    """AWS publishes none: the chip's only 8-bit rates are the MX formats."""
    for figure in SPECS.chips["trainium3"].compute.values():
        assert not ({"FP8", "cFP8"} & set(figure.types)), figure


def test_guidance_admonitions_say_they_are_the_sites_reading(site):
    """Advice has one form, and each instance says that it is this site's reading."""
    found = 0
    for path in site.pages():
        for box in site.html(path.relative_to(site.outdir).as_posix()).select("div.admonition.guidance"):
            found += 1
            assert plain(box.select_one(".admonition-title").get_text()) == "Guidance"
            assert "site's reading" in plain(box.get_text(" ")), path.name
    assert found >= 7


@pytest.mark.parametrize("name", ["llms.txt", "llms-full.txt"])
def test_llms_files_do_not_promise_every_conflict(site, name):
    text = plain((site.outdir / name).read_text(encoding="utf-8"))
    assert "every conflict between AWS" not in text


def test_trainium_is_labelled_for_training_as_its_sources_present_it(site):
    """AWS's overview card calls Trainium a training accelerator, and its chip page and the Trn1
    page speak of training only; only a glossary entry shared with Inferentia2 mentions inference.
    The chip's role, printed as "Designed for" and beside every Trn1 size in the chooser, says
    training and nothing wider."""
    role = SPECS.chips["trainium"].role
    assert "inference" not in role
    family = next(f.name for f in SPECS.families.values() if f.chip == "trainium")
    chooser = site.html("hardware/neuron-instances.html")
    cells = [tr.find_all(["th", "td"]) for tr in chooser.select("article table tbody tr")]
    shown = [c[1].get_text(" ", strip=True) for c in cells if len(c) > 1]
    trn1 = [t for t in shown if t.startswith(f"{family} (")]
    assert trn1 and all(t == f"{family} ({role})" for t in trn1), trn1
