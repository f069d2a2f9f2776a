"""Site search: a Pagefind index of the built pages and of every figure in the data.

Sphinx's own search drops every word with a digit (``trn2.48xlarge``, ``1,536 GiB``), stems
identifiers apart and ranks by how often a term repeats.  This extension indexes the site with
Pagefind (https://pagefind.app) instead, at the end of every HTML build that passed (``make html``,
``make livehtml``, CI and Read the Docs alike), into ``<outdir>/pagefind/``:

* Pages are indexed from a copy made for the indexer; the published HTML is not changed.  In that
  copy each section's heading carries its section's id (Sphinx puts the id on ``<section>``, and
  Pagefind cuts a page into sub-results at headings with ids), glossary terms are headings of their
  own, what is not the page's text is ignored (navigation, header links ``#``, note numbers and
  their back-links, "n/a"/"n/p" marks), and each page gets its filters (kind of page, generation),
  its title and the names readers use for its subject (``ALIASES`` and the data's entity names),
  weighted like a title.  The sources page and the "Sources:" lines weigh less.
* Each page also lists the terms it defines, as filters: ``title`` (its title names the term) and
  ``defines`` (a glossary entry, a definition list's term, a settings table's row named by an
  identifier such as ``NEURON_RT_STOCHASTIC_ROUNDING_EN``, or an abbreviation written out, "Model
  FLOPs utilisation (MFU)").  The values are ``term_key`` of the term and of its ``ALIASES``:
  site-search.js lists the pages that define a query's term before those that only use it, which
  Pagefind's English stemming and word counts cannot tell apart (``TensorE`` is stemmed to
  "tensor", and a table that lists a variable once per row outweighs the sentence explaining it).
  An identifier where it is defined weighs like a glossary term.
* Every figure of ``data/neuron-hardware.json`` (written by the data downloads earlier in the same
  ``build-finished``) is a record of its own: entity, label, value with unit, scope, linked to the
  figure's anchor on its page.
* The reader's side is ``_static/site-search.js``: nothing of it is fetched until the search is
  opened (see ``_templates/layout.html``), and ``search.html?q=`` lists the same results.

Sphinx's own index, which the site search replaces, is not built (``_without_sphinx_index``).
``site_search = "sphinx"`` (``-D site_search=sphinx``) keeps Sphinx's own search instead: the
search benchmark (``tools/search_bench.py``) builds the site both ways.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import io
import json
import re
import subprocess
import tempfile
import threading
import time
import zlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import build_integrity
from bs4 import BeautifulSoup
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

OUTPUT = "pagefind"  # folder under the output directory
DATA_JSON = "data/neuron-hardware.json"
NOT_INDEXED = {"search.html", "404.html", "genindex.html"}
# Pagefind's own search interfaces and the index for pages of no language: site-search.js uses the
# JavaScript API, and every page is English.
UNUSED_BUNDLE_FILES = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
]
# Sphinx's search files, not published when Pagefind searches the site.
SPHINX_SEARCH_FILES = ["searchindex.js", "_static/searchtools.js", "_static/language_data.js"]

# What readers call things that the pages name otherwise: each group is one subject; a page or a
# glossary entry named by one of the names is found by all of them.
ALIASES: list[tuple[str, ...]] = [
    ("Inf1", "inf1", "Inferentia", "Inferentia1"),
    ("Inf2", "inf2", "Inferentia2"),
    ("Trn1", "trn1", "Trn1n", "Trainium", "Trainium1"),
    ("Trn2", "trn2", "Trainium2"),
    ("Trn3", "trn3", "Trainium3"),
    ("NeuronCore-v1", "NC-v1", "NCv1"),
    ("NeuronCore-v2", "NC-v2", "NCv2"),
    ("NeuronCore-v3", "NC-v3", "NCv3"),
    ("NeuronCore-v4", "NC-v4", "NCv4"),
    ("Tensor Engine", "TensorE", "PE array"),
    ("Vector Engine", "VectorE"),  # codespell:ignore vectore
    ("Scalar Engine", "ScalarE", "ACT"),
    ("GPSIMD Engine", "GpSimdE", "GPSIMD", "Pool Engine"),
    ("State Buffer", "SBUF", "SB"),
    ("Partial Sum Buffer", "PSUM"),
    ("Logical NeuronCore", "LNC", "logical core"),
    ("High Bandwidth Memory", "HBM"),
    ("Elastic Fabric Adapter", "EFA"),
    ("Collective Communication", "CC-Core", "CC Core"),
]

# The kind of page (a filter) for the pages no entity of the data owns; entities' pages are
# "Chip", "NeuronCore" and "Instance family" from the data.
PAGE_KINDS = {
    "hardware/neuroncores-arch": "NeuronCore",
    "hardware/neuron-instances": "Instance family",
    "hardware/neuron-devices": "Concept",
    "hardware/compare": "Data",
    "hardware/sources": "Data",
    "hardware/figure-records": "Data",
}
ENTITY_KINDS = {"chip": "Chip", "core": "NeuronCore", "family": "Instance family"}
# Pages whose words count for less: every figure and note of the site is listed there again.
TABLE_WEIGHT = "0.5"
LIGHT_PAGES = {"hardware/sources": "0.4", "hardware/figure-records": "0.4"}
# An identifier (a variable, a resource name) where a table defines it: like a glossary term.
DEFINED_WEIGHT = "4"

# Not the page's own words: header links, note numbers and back-links, absence marks, navigation,
# scripts and what is hidden from assistive technology (``excluded``).
EXCLUDED_CLASSES = frozenset(
    {
        "headerlink",
        "spec-note-ref",
        "spec-note-back",
        "spec-not-applicable",
        "spec-not-published",
        "bd-breadcrumbs",
        "prev-next-area",
        "last-reviewed",
    }
)
EXCLUDED_TAGS = frozenset({"nav", "script", "style"})


# The article's parts are found by name, class and attribute with BeautifulSoup's find_all: CSS
# selectors (soupsieve) cost several times as much per element, on pages of 10,000 elements, and
# were most of the indexing time.
def _body_row(tag) -> bool:
    """A row of a table's body (CSS ``table tbody tr``)."""
    return tag.name == "tr" and any(p.name == "tbody" and p.find_parent("table") is not None for p in tag.parents)


def _glossary(tag) -> bool:
    return tag.name == "dl" and "glossary" in (tag.get("class") or ())


def excluded(tag) -> bool:
    """Whether the indexer leaves ``tag`` (and what it holds) out."""
    return (
        tag.name in EXCLUDED_TAGS
        or tag.get("aria-hidden") == "true"
        or not EXCLUDED_CLASSES.isdisjoint(tag.get("class") or ())
    )


# -- What the data says about each page ---------------------------------------------------------
def _site_path(url: str | None, site: str) -> str | None:
    if not url:
        return None
    return url.removeprefix(site)


class Catalogue:
    """Pages, entities and figures, read from the published JSON."""

    def __init__(self, doc: dict):
        self.doc = doc
        site = doc.get("site") or ""  # null when the build had no address: paths are then relative
        self.entities = {e["id"]: e for e in doc.get("entities", [])}
        self.page_of = {eid: _site_path(e.get("page_url"), site) for eid, e in self.entities.items()}
        self.figures = [f for f in doc.get("figures", []) if f.get("url")]
        for figure in self.figures:
            figure["path"] = _site_path(figure["url"], site)
        # The generation of each chip, NeuronCore, family and system.
        self.generation: dict[str, int] = {}
        for eid, e in self.entities.items():
            if e["kind"] == "chip" and e["details"].get("ml_generation"):
                self.generation[eid] = e["details"]["ml_generation"]
                core = e["details"].get("core")
                if core:
                    self.generation.setdefault(core, e["details"]["ml_generation"])
        for eid, e in self.entities.items():
            chip = e["details"].get("chip")
            if chip in self.generation:
                self.generation[eid] = self.generation[chip]
        chips_of: dict[int, list[str]] = {}
        for eid, e in self.entities.items():
            if e["kind"] == "chip" and eid in self.generation:
                chips_of.setdefault(self.generation[eid], []).append(e["name"].removeprefix("AWS "))
        self.generation_label = {g: f"{g}: {', '.join(names)}" for g, names in sorted(chips_of.items())}

    def entities_on(self, docname: str) -> list[dict]:
        """The entities whose own page this is."""
        return [self.entities[eid] for eid, page in self.page_of.items() if page == f"{docname}.html"]

    def names_on(self, docname: str) -> list[str]:
        names: list[str] = []
        for entity in self.entities_on(docname):
            names += [entity["name"], entity["name"].removeprefix("AWS "), *aliases_for(entity["name"])]
        return list(dict.fromkeys(names))

    def page_kind(self, docname: str) -> str | None:
        if docname in PAGE_KINDS:
            return PAGE_KINDS[docname]
        if docname.startswith("concepts/") and docname != "concepts/index":
            return "Concept"
        for entity in self.entities_on(docname):
            if entity["kind"] in ENTITY_KINDS:
                return ENTITY_KINDS[entity["kind"]]
        return None

    def page_generations(self, docname: str) -> list[str]:
        found = {self.generation[e["id"]] for e in self.entities_on(docname) if e["id"] in self.generation}
        return [self.generation_label[g] for g in sorted(found) if g in self.generation_label]


def aliases_for(text: str) -> list[str]:
    """The other names of every subject ``text`` names (whole words, any case)."""
    found: list[str] = []
    for group in ALIASES:
        if any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE) for name in group):
            for name in group:
                if name.lower() not in text.lower() and name.lower() not in {f.lower() for f in found}:
                    found.append(name)
    return found


# -- Terms and where they are defined ----------------------------------------------------------
def term_key(text: str) -> str:
    """A term as the search compares it: lower case, ``-`` and runs of spaces as one space, and a
    plural ``s`` dropped (``NeuronCores`` and ``NeuronCore``, ``CC-Cores`` and ``CC Core`` are one
    term).  site-search.js computes the same key of the query (``termKey``)."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def term_keys(term: str) -> list[str]:
    """The keys of ``term`` and of the other names of its subject (an ``ALIASES`` group it is one of)."""
    key = term_key(term)
    keys = [key]
    for group in ALIASES:
        if key in {term_key(name) for name in group}:
            keys += [term_key(name) for name in group]
    return list(dict.fromkeys(k for k in keys if k))


SHORT_FORM = re.compile(r"^[A-Za-z][\w-]{1,9}$")
# A long form starts with the word its short form's first letter stands for, not with one of these.
NOT_A_FIRST_WORD = {"a", "an", "and", "at", "by", "for", "from", "in", "it", "of", "on", "or", "the", "to", "with"}


def _long_form(short: str, candidate: str) -> str | None:
    """The end of ``candidate`` that ``short`` abbreviates, or None (Schwartz and Hearst, "A simple
    algorithm for identifying abbreviation definitions in biomedical text", 2003): every letter and
    digit of the short form appears in the long form in order, its first at the start of a word."""
    s, text = short.lower(), candidate.lower()
    si, li = len(s) - 1, len(text) - 1
    while si >= 0:
        c = s[si]
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    start = text.rfind(" ", 0, li + 1) + 1
    found = candidate[start:].strip()
    words = found.lower().split()
    if len(found) <= len(short) or short.lower() in words or not words or words[0] in NOT_A_FIRST_WORD:
        return None
    return found


def abbreviations(text: str) -> list[tuple[str, str]]:
    """The abbreviations ``text`` writes out, as (short form, long form): "Model FLOPs utilisation
    (MFU)" and "SBUF (state buffer)" alike."""
    found: list[tuple[str, str]] = []
    for match in re.finditer(r"\(([^()]{1,60})\)", text):
        inside = match.group(1).strip()
        before = re.split(r"[.;:!?()\[\]]", text[: match.start()])[-1].split()
        if SHORT_FORM.match(inside) and any(ch.isupper() for ch in inside):
            limit = min(len(inside) + 5, len(inside) * 2)
            long = _long_form(inside, " ".join(before[-limit:]))
            if long:
                found.append((inside, long))
        elif before and len(inside.split()) >= 2 and "," not in inside:
            short = before[-1].strip(",")
            if SHORT_FORM.match(short) and any(ch.isupper() for ch in short):
                long = _long_form(short, inside)
                if long == inside:  # the whole bracket is the long form
                    found.append((short, inside))
    return found


def _own_text(element) -> str:
    """The text of ``element`` without what the indexer ignores (header links, note numbers)."""
    parts = [
        s
        for s in element.find_all(string=True)
        if not any(p.get("data-pagefind-ignore") for p in s.parents if getattr(p, "get", None))
    ]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def defined_terms(article) -> list[str]:
    """The terms ``article`` defines: glossary entries and other definition lists' terms, the
    identifier that names a row of a table (the first cell, one code literal), and abbreviations
    written out.  Marks each such identifier cell to weigh like a glossary term."""
    terms: list[str] = [_own_text(dt) for dt in article.find_all("dt") if dt.parent.name == "dl"]
    for row in article.find_all(_body_row):
        cell = row.find(["th", "td"])
        code = cell.find("code") if cell is not None else None
        if code is not None and _own_text(code) == _own_text(cell):
            terms.append(_own_text(code))
            cell["data-pagefind-weight"] = DEFINED_WEIGHT
    for block in article.find_all(["p", "li", "dd", "td", "th", "h2", "h3", "h4", "h5", "h6"]):
        if block.name == "li" and block.find("p"):
            continue  # its paragraphs are read on their own
        for short, long in abbreviations(_own_text(block)):
            terms += [short, long]
    return [t for t in dict.fromkeys(terms) if t and len(t) <= 80]


# -- The copy of a page that the indexer reads --------------------------------------------------
def indexed_html(html: str, docname: str, catalogue: Catalogue) -> tuple[str, str]:
    """The page as the indexer reads it, and its title; ("", "") for a page without an article."""
    start, end = html.find('<article class="bd-article"'), html.rfind("</article>")
    if start < 0 or end < 0:
        return "", ""
    # Only the article is indexed: parse that (the navigation around it is most of a page).
    soup = BeautifulSoup(f'<html lang="en"><body>{html[start : end + len("</article>")]}</body></html>', "html.parser")
    article = soup.article
    if article is None:  # the parsed text starts with the article's opening tag
        raise ValueError(f"{docname}: the page's article was not parsed")
    article["data-pagefind-body"] = ""
    if docname in LIGHT_PAGES:
        article["data-pagefind-weight"] = LIGHT_PAGES[docname]
    for element in article.find_all(excluded):
        element["data-pagefind-ignore"] = "all"
    # The terms this page defines (the sources page and the figure records quote every page).
    defined = [] if docname in LIGHT_PAGES else defined_terms(article)
    # Sections are addressable: their heading carries the section's id.
    for section in article.find_all("section", id=True):
        heading = section.find(re.compile(r"^h[1-6]$"), recursive=False)
        if heading is not None and not heading.get("id"):
            heading["id"] = section["id"]
    # Glossary terms are results of their own, weighted like headings.
    for term in [dt for dt in article.find_all("dt", id=True) if _glossary(dt.parent)]:
        term.name = "h4"
        term["data-pagefind-weight"] = "4"
    for sources in article.find_all(class_="spec-sources"):
        sources["data-pagefind-weight"] = "0.3"
    # A table's labels repeat on every row: its figures are results of their own (figure records),
    # so on its page a table counts for less than the prose and the headings.
    for table in article.find_all("table"):
        table["data-pagefind-weight"] = TABLE_WEIGHT
    h1 = article.find("h1")
    title = h1.get_text(" ", strip=True).rstrip("#").strip() if h1 else docname
    head = soup.new_tag("div")
    head["data-pagefind-meta"] = f"title:{title}"
    kind = catalogue.page_kind(docname)
    if kind:
        filter_tag = soup.new_tag("span", attrs={"data-pagefind-filter": f"kind:{kind}"})
        head.append(filter_tag)
    for generation in catalogue.page_generations(docname):
        head.append(soup.new_tag("span", attrs={"data-pagefind-filter": f"generation:{generation}"}))
    # The terms the page is the page of (its title) and those it defines, as keys (term_key).
    for key in term_keys(title):
        head.append(soup.new_tag("span", attrs={"data-pagefind-filter": f"title:{key}"}))
    for key in dict.fromkeys(k for term in defined for k in term_keys(term)):
        head.append(soup.new_tag("span", attrs={"data-pagefind-filter": f"defines:{key}"}))
    # What the page is about: the names of the entities it is the page of (a chip, a core, a
    # family and its instances), so that a query naming one of them finds this page first.
    for about in catalogue.names_on(docname):
        head.append(soup.new_tag("span", attrs={"data-pagefind-filter": f"about:{about}"}))
    names = [e["name"] for e in catalogue.entities_on(docname) if e["kind"] in ENTITY_KINDS]
    also = aliases_for(" ".join([title, *names]))
    also = [n for n in [*names, *also] if n.lower() not in title.lower()]
    if also:
        words = soup.new_tag("p", attrs={"data-pagefind-weight": "7"})
        words.string = "Also: " + ", ".join(dict.fromkeys(also))
        head.append(words)
    if h1 is not None:
        h1.insert_after(head)
    else:
        article.insert(0, head)
    # Glossary entries are found by the other names of their term too.
    for term in article.find_all("h4", id=lambda value: value is not None and value.startswith("term-")):
        extra = aliases_for(term.get_text(" ", strip=True))
        if extra:
            span = soup.new_tag("span", attrs={"data-pagefind-weight": "6"})
            span.string = " (" + ", ".join(extra) + ")"
            term.append(span)
    return str(soup), title


# -- Figure records -----------------------------------------------------------------------------
def _quantity(figure: dict) -> str:
    from neuron_hw.units import format_quantity  # the pages' own formatting

    value = figure["value"]
    if isinstance(value, (int, float)):
        return format_quantity(Decimal(str(value)), figure["unit"])
    return str(value)


def figure_records(catalogue: Catalogue, titles: dict[str, str]) -> list[dict]:
    """One record per figure shown on a page: its entity, label, value and scope, at its anchor."""
    records = []
    for figure in catalogue.figures:
        entity = catalogue.entities.get(figure["entity"], {})
        name = entity.get("name", figure["entity"])
        quantity = _quantity(figure)
        label = figure["label"]
        scope = figure.get("scope") or ""
        # The memory a memory figure is about (HBM, DDR), from the chip's details.
        chip = catalogue.entities.get(entity.get("details", {}).get("chip", figure["entity"]), {})
        memory = chip.get("details", {}).get("memory_type") if "memory" in figure["metric"] else None
        names = [name, *aliases_for(name)]
        if memory and memory not in label:
            names.append(memory)
        page = figure["path"].split("#")[0]
        content = f"{', '.join(dict.fromkeys(names))}: {label}, {quantity} ({scope})."
        meta = {
            "title": f"{name}: {label}",
            "figure": quantity,
            "scope": scope,
            "entity": name,
            "page_title": titles.get(page, page),
        }
        # The names a query may give the entity by (site-search.js: a query that names an entity
        # and something more, or holds a number, is looking for a figure).
        called = [name, name.removeprefix("AWS "), *aliases_for(name)] if entity.get("kind") != "software" else []
        filters = {"kind": ["Data"], "result": ["figure"], "entity": list(dict.fromkeys(called))}
        generation = catalogue.generation.get(figure["entity"])
        if generation in catalogue.generation_label:
            filters["generation"] = [catalogue.generation_label[generation]]
        others = [n for n in dict.fromkeys(names) if n not in (name, memory)]
        records.append(
            {
                "url": "/" + figure["path"],
                "content": content,
                "meta": meta,
                "filters": filters,
                "heading": f"{name}: {label}" + (f", {memory}" if memory and memory not in label else ""),
                "text": f"{quantity} {scope}",
                "also": ", ".join(others),
            }
        )
    return records


def record_html(record: dict) -> str:
    """A figure record as the page Pagefind indexes: entity and label weighted like a title, the
    value and scope as text, the entity's other names (and the memory a memory figure is about)
    weighted like a heading; its meta data and filters as Pagefind's attributes."""
    e = html.escape
    meta = "".join(f'<span data-pagefind-meta="{e(k)}">{e(v)}</span>' for k, v in record["meta"].items() if v)
    filters = "".join(
        f'<span data-pagefind-filter="{e(k)}">{e(v)}</span>' for k, values in record["filters"].items() for v in values
    )
    also = f'<p data-pagefind-weight="5">{e(record["also"])}</p>' if record["also"] else ""
    return (
        f'<html lang="en"><body data-pagefind-body><h1>{e(record["heading"])}</h1><p>{e(record["text"])}</p>{also}'
        f"<div data-pagefind-ignore>{meta}{filters}</div></body></html>"
    )


# -- Writing the index --------------------------------------------------------------------------
def _run_service(requests: list[dict]) -> list[dict]:
    """Send ``requests`` to the Pagefind binary's service mode; returns the responses in order.

    The service reads base64-encoded JSON messages, each ended by a comma, on stdin, handles them
    one after the other and answers each the same way on stdout (the protocol of the Python and
    Node wrappers).  The Python wrapper's client waits 0.1 s before reading each answer, which
    makes 400 figure records take 40 s; here every request is written at once and the answers are
    read as they come (about a second for the whole site).
    """
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise RuntimeError("the pagefind binary is not installed (pip install 'pagefind[bin]')")
    encoded = b"".join(
        base64.b64encode(json.dumps({"message_id": i, "payload": r}).encode("utf-8")) + b","
        for i, r in enumerate(requests, 1)
    )
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
        # With pipes and the default buffer size, stdout is a buffered reader (read1 returns what
        # has arrived) and stdin a writer; typeshed declares both only as IO[bytes] or None.
        stdout, stdin = process.stdout, process.stdin
        if not isinstance(stdout, io.BufferedReader) or stdin is None:
            raise RuntimeError("pagefind's service was started without its pipes")
        writer = threading.Thread(target=_write_all, args=(stdin, encoded), daemon=True)
        writer.start()
        responses: dict[int, dict] = {}
        buffer = b""
        try:
            while len(responses) < len(requests):
                chunk = stdout.read1(1 << 16)
                if not chunk:
                    break
                buffer += chunk
                *messages, buffer = buffer.split(b",")
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    payload = answer["payload"]
                    if payload.get("type") == "Error":
                        raise RuntimeError(f"pagefind: {payload.get('message')}")
                    responses[answer["message_id"]] = payload
        finally:
            writer.join()
            stdin.close()
            process.wait()
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace").strip()
        if len(responses) < len(requests):
            raise RuntimeError(f"pagefind stopped after {len(responses)} of {len(requests)} requests: {stderr}")
    return [responses[i] for i in range(1, len(requests) + 1)]


def _write_all(stream, data: bytes) -> None:
    stream.write(data)
    stream.flush()


def _write_index(outdir: Path, pages: list[tuple[str, str]], records: list[dict]) -> dict:
    config = {"force_language": "en", "include_characters": "_-"}
    requests: list[dict] = [{"type": "NewIndex", "config": config}]
    # The service numbers indexes from 0: a fresh service's first index is 0.
    requests += [{"type": "AddFile", "index_id": 0, "url": url, "file_contents": html} for url, html in pages]
    requests += [
        {"type": "AddFile", "index_id": 0, "url": record["url"], "file_contents": record_html(record)}
        for record in records
    ]
    # The files come back in the answer and are written here: with WriteFiles, the service could
    # answer before its writes had landed, and a build then read an empty pagefind-entry.json.
    requests.append({"type": "GetFiles", "index_id": 0})
    responses = _run_service(requests)
    if responses[0].get("index_id") != 0:
        raise RuntimeError(f"pagefind: unexpected answer to NewIndex: {responses[0]}")
    bundle = outdir / OUTPUT
    for file in responses[-1]["files"]:
        path = bundle / file["path"]
        if bundle.resolve() not in path.resolve().parents:
            raise RuntimeError(f"pagefind: a file outside its folder: {file['path']!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    return {"pages": len(pages), "records": len(records)}


SIGNATURE = b"pagefind_dcd"  # what Pagefind's compressed index files start with, once gunzipped


def _read(path: Path):
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise RuntimeError(f"pagefind: {path.name} is not an index file this version knows")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: tuple[str, str], length: int, value) -> str:
    """Write ``value`` compressed as Pagefind writes it, named by its checksum between the two parts
    of ``suffix``; returns the name's hash."""
    import cbor2

    data = SIGNATURE + cbor2.dumps(value)
    digest = f"{prefix}{hashlib.sha256(data).hexdigest()[:length]}"
    (folder / f"{suffix[0]}{digest}{suffix[1]}").write_bytes(gzip.compress(data, mtime=0))
    return digest


def stable_order(bundle: Path) -> None:
    """Rewrite the filter indexes, and the metadata that lists them, in a stable order.

    Pagefind 1.5 writes a filter's values and the list of filters in hash-map order, which changes
    from run to run (its fragments and word indexes are stable), so two builds of the same sources
    would differ.  The values are sorted by name, each file is renamed by the checksum of its
    content, and the entry file points at the rewritten metadata.  Nothing else changes."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        prefix = language["hash"].split("_")[0] + "_"
        renamed = {}
        for filter_name, old in meta[3]:
            path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read(path)
            path.unlink()
            new = _write(bundle / "filter", prefix, ("", ".pf_filter"), 7, [name, sorted(values)])
            renamed[old] = new
        meta[3] = sorted([filter_name, renamed[old]] for filter_name, old in meta[3])
        meta_path.unlink()
        language["hash"] = _write(bundle, prefix, ("pagefind.", ".pf_meta"), 10, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def build_index(outdir: Path, doc: dict) -> dict:
    """Index the pages of ``outdir`` and the figures of ``doc`` into ``outdir/pagefind``."""
    catalogue = Catalogue(doc)
    pages = []
    titles = {}
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel in NOT_INDEXED or rel.startswith(f"{OUTPUT}/"):
            continue
        html, title = indexed_html(page.read_text(encoding="utf-8"), rel.removesuffix(".html"), catalogue)
        if html:
            pages.append(("/" + rel, html))
            titles[rel] = title
    stats = _write_index(outdir, pages, figure_records(catalogue, titles))
    for name in UNUSED_BUNDLE_FILES:
        (outdir / OUTPUT / name).unlink(missing_ok=True)
    stable_order(outdir / OUTPUT)
    return stats


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    if app.builder.name != "html" or not build_integrity.succeeded(app, exception):
        return
    outdir = Path(app.outdir)
    if app.config.site_search != "pagefind":  # Sphinx's search: the site search's files go
        for name in ("site-search.js", "site-search.css"):
            (outdir / "_static" / name).unlink(missing_ok=True)
        return
    for rel in SPHINX_SEARCH_FILES:
        (outdir / rel).unlink(missing_ok=True)
    data = outdir / DATA_JSON
    doc = json.loads(data.read_text(encoding="utf-8")) if data.exists() else {}
    started = time.perf_counter()
    stats = build_index(outdir, doc)
    logger.info(
        "site_search: %d pages and %d figures indexed into %s/ (%.1f s)",
        stats["pages"],
        stats["records"],
        OUTPUT,
        time.perf_counter() - started,
    )


STATIC = Path(__file__).resolve().parent.parent / "_static"


def digest() -> str:
    """The ``?v=`` of site-search.js and site-search.css: a checksum of both."""
    data = b"".join((STATIC / name).read_bytes() for name in ("site-search.js", "site-search.css"))
    return f"{zlib.crc32(data):08x}"


# -- Sphinx's own index, not built when the site search replaces it -------------------------------
def _replaces_sphinx_search(app: Sphinx) -> bool:
    """Whether this build publishes the site search instead of Sphinx's (``_finish``)."""
    return app.config.site_search == "pagefind" and app.builder.name == "html"


def _without_sphinx_index(app: Sphinx) -> None:
    """With the site search, Sphinx's index would be built only for ``_finish`` to delete it: its
    word collection and dump are about a twelfth of a build.  The builder's ``search`` switch (the
    one Sphinx's help-file builders turn off) stops them; what the same switch also drops, the
    search page and each page's ``<link rel="search">``, is added back (``_search_page``,
    ``_page_context``).  ``tests/test_theme_contract.py`` fails if Sphinx stops reading the switch."""
    if _replaces_sphinx_search(app):
        app.builder.search = False  # type: ignore[attr-defined]  # an HTML builder's attribute


def _search_page(app: Sphinx):
    if _replaces_sphinx_search(app):
        yield "search", {}, "search.html"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["site_search"] = app.config.site_search
    context["site_search_digest"] = digest()
    if _replaces_sphinx_search(app):
        hasdoc = context["hasdoc"]
        context["hasdoc"] = lambda name: name == "search" or hasdoc(name)


def _check_config(app: Sphinx, config) -> None:
    if config.site_search not in ("pagefind", "sphinx"):
        raise ValueError(f"site_search must be 'pagefind' or 'sphinx', not {config.site_search!r}")
    # The site search lists results as the reader types, in the theme's dialog.  The theme's own
    # option would run Sphinx's search script (not published with Pagefind) on every key press.
    options = config.html_theme_options
    if config.site_search == "pagefind" and options.get("search_as_you_type"):
        config.html_theme_options = {**options, "search_as_you_type": False}
        logger.info("site_search: results show as you type; the theme's search_as_you_type is not used")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("site_search", "pagefind", "html", types=frozenset({str}))
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _without_sphinx_index)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", _page_context)
    # After the downloads (500) wrote the JSON this reads, and after front_end (900) published the
    # pages' assets; before build_integrity (1000), so a warning here still counts.
    app.connect("build-finished", _finish, priority=960)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
