"""Search benchmark: the site search (Pagefind) against Sphinx's built-in search, on the same queries.

The queries are the tables of ``tests/search_queries.md``: reader queries (a wanted page among the
first results) and figure queries (the figure's own anchor among the first three), each in a
reference set and a held-out set.  The site is built twice from a copy of its sources, the way
`make html` builds it: as it is, and with ``-D site_search=sphinx`` (Sphinx's search page and
index).  Every query then goes through ``search.html?q=`` of each build in Chromium, served on
127.0.0.1, and the first results are read off the page.

It prints, side by side: hits in the top 3 and top 1 for each set, the size of the index, the
bytes a reader's first search downloads (from opening the search on a page to its results), and
the build time of each (the extra is the site search's indexing).  Usage:
python tools/search_bench.py [--json _build/search-bench.json] [--site DIR --sphinx-site DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import chromium
from site_files import ROOT, copy_site

QUERIES = ROOT / "tests" / "search_queries.md"
ENGINES = {"pagefind": [], "sphinx": ["-D", "site_search=sphinx"]}
TOP = 3


@dataclass(frozen=True)
class Case:
    query: str
    set: str  # "reference", "held-out", or "held-out 2" and so on for later held-out sets
    pages: tuple[str, ...] = ()  # wanted pages (paths under the site), for a reader query
    entity: str = ""  # for a figure query: the figure's entity and metric
    metric: str = ""

    @property
    def figure(self) -> bool:
        return bool(self.metric)


def load_cases(path: Path = QUERIES) -> list[Case]:
    """The queries of every table in ``path``; a table under a "Held-out" heading is held out, in
    the set its heading names ("Held-out queries, set 2" is "held-out 2")."""
    cases: list[Case] = []
    which = "reference"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s*<!--.*?-->", "", line)  # a comment in a row is not a cell
        if line.startswith("#"):
            numbered = re.search(r"\bset (\d+)", line.lower())
            which = "reference"
            if "held-out" in line.lower():
                which = f"held-out {numbered.group(1)}" if numbered and numbered.group(1) != "1" else "held-out"
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not cells or set(cells[0]) <= {"-"} or cells[0] in ("query", "figure query"):
            continue
        if len(cells) == 2:
            pages = tuple(f"{p.strip()}.html" for p in cells[1].split(","))
            cases.append(Case(cells[0], which, pages=pages))
        elif len(cells) == 3:
            cases.append(Case(cells[0], which, entity=cells[1], metric=cells[2]))
    return cases


def figure_anchor(doc: dict, case: Case) -> str:
    """The anchor of a figure query's figure in ``data/neuron-hardware.json``."""
    for figure in doc["figures"]:
        if figure["entity"].split(":", 1)[1] == case.entity and figure["metric"] == case.metric:
            return figure["anchor"]
    raise LookupError(f"no figure {case.entity} {case.metric} in the data")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free 127.0.0.1 port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def site_path(href: str, base: str) -> str:
    """A result link as a path under the site, with its fragment: ``hardware/x.html#id``."""
    url = urlsplit(href if "://" in href else base + href.lstrip("/"))
    path = url.path.lstrip("/")
    return path + (f"#{url.fragment}" if url.fragment else "")


# The site search's page is done with a query when its status names the query and it is not busy.
SETTLED = """q => { const s = document.querySelector('.nhs-page .nhs-status');
  return s && s.textContent.includes('\u201c' + q + '\u201d') && !s.closest('[aria-busy]'); }"""


def results(tab, base: str, engine: str, query: str, wait_ms: int = 15000) -> list[str]:
    """The result links of a query, in order.  The first query of a tab opens ``search.html?q=``;
    on the site search's page the next ones are typed into its form and submitted, as a reader
    does (the same ranking and rendering, without loading the page and the index again)."""
    if engine == "sphinx":
        tab.goto(f"{base}search.html?q={quote(query)}", wait_until="load")
        tab.locator("#search-results .search-summary", has_text="Search finished").wait_for(timeout=wait_ms)
        links = tab.locator("#search-results ul.search > li > a")
    else:
        form = ".nhs-page form.bd-search"
        if tab.url.split("?")[0] == f"{base}search.html" and tab.locator(f"{form} input[name=q]").count():
            tab.fill(f"{form} input[name=q]", query)
            tab.press(f"{form} input[name=q]", "Enter")
        else:
            tab.goto(f"{base}search.html?q={quote(query)}", wait_until="load")
        tab.wait_for_function(SETTLED, arg=query.strip(), timeout=wait_ms)
        links = tab.locator(".nhs-page .nhs-results > li > a.nhs-link")
    return [site_path(href, base) for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")]


def hit(case: Case, found: list[str], anchor: str | None, depth: int) -> bool:
    if case.figure:
        return any(f.endswith(f"#{anchor}") for f in found[:depth])
    return any(f.split("#")[0] in case.pages for f in found[:depth])


def score(site: Path, base: str, engine: str, cases: list[Case], browser) -> list[dict]:
    doc = json.loads((site / "data" / "neuron-hardware.json").read_text(encoding="utf-8"))
    tab = browser.new_page()
    rows = []
    for case in cases:
        anchor = figure_anchor(doc, case) if case.figure else None
        found = results(tab, base, engine, case.query)
        rows.append(
            {
                "query": case.query,
                "set": case.set,
                "figure": case.figure,
                "top3": hit(case, found, anchor, TOP),
                "top1": hit(case, found, anchor, 1),
                "first": found[:TOP],
            }
        )
    tab.close()
    return rows


# What each search downloads for itself (the rest of a page is the page's).
SEARCH_FILES = {
    "pagefind": ("/pagefind/", "/_static/site-search."),
    "sphinx": ("/searchindex.js", "/_static/searchtools.js", "/_static/language_data.js"),
}


def first_search_bytes(base: str, engine: str, browser, query: str = "trn2.48xlarge") -> int:
    """Bytes a reader downloads for a first search, from a loaded page to its results (the search's
    own files, as served: Pagefind's are compressed already, the server compresses nothing): for the
    site search, opening the dialog (Ctrl+K) and typing; for Sphinx's, its search page's scripts and
    index (its dialog only submits to that page)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base + "hardware/index.html", wait_until="networkidle")
    sizes: list[int] = []

    def count(response):
        if any(part in urlsplit(response.url).path for part in SEARCH_FILES[engine]):
            with contextlib.suppress(Exception):
                sizes.append(len(response.body()))

    tab.on("response", count)
    if engine == "sphinx":
        tab.goto(f"{base}search.html?q={quote(query)}", wait_until="load")
        tab.locator("#search-results .search-summary", has_text="Search finished").wait_for(timeout=15000)
    else:
        tab.keyboard.press("Control+k")
        tab.locator("#pst-search-dialog input[name=q]").fill(query)
        tab.locator("#pst-search-dialog .nhs-results > li").first.wait_for(timeout=15000)
    tab.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes)


def tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(src: Path, engine: str) -> tuple[Path, float]:
    out = src / "_build" / engine
    cmd = [
        sys.executable,
        str(ROOT / "tools" / "build.py"),
        str(src),
        str(out),
        "-d",
        str(src / "_build" / f"doctrees-{engine}"),
        "--",
        "-q",
        *ENGINES[engine],
    ]
    start = time.perf_counter()
    result = subprocess.run(
        cmd, check=False, capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed ({engine}):\n{result.stderr}")
    return out, time.perf_counter() - start


def summary(rows: list[dict]) -> dict:
    out = {}
    for which in dict.fromkeys(r["set"] for r in rows):
        for kind, figure in (("pages", False), ("figures", True)):
            part = [r for r in rows if r["set"] == which and r["figure"] == figure]
            if part:
                out[f"{which} {kind}"] = {
                    "queries": len(part),
                    "top3": sum(r["top3"] for r in part),
                    "top1": sum(r["top1"] for r in part),
                }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site with the site search (skips building)")
    parser.add_argument("--sphinx-site", type=Path, help="a built site with Sphinx's search (skips building)")
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's first results")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    cases = load_cases()
    report: dict = {"date": time.strftime("%Y-%m-%d"), "engines": {}}
    with tempfile.TemporaryDirectory() as tmp:
        sites: dict[str, tuple[Path, float | None]] = {}
        given = {"pagefind": args.site, "sphinx": args.sphinx_site}
        src = None
        for engine in engines:
            if given[engine]:
                sites[engine] = (given[engine], None)
                continue
            if src is None:
                src = copy_site(Path(tmp) / "src")
            print(f"building the site with {engine} search...", flush=True)
            sites[engine] = build(src, engine)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium.executable(), args=list(chromium.FLAGS))
            for engine in engines:
                site, seconds = sites[engine]
                with serve(site) as base:
                    rows = score(site, base, engine, cases, browser)
                    first = first_search_bytes(base, engine, browser)
                index = site / ("pagefind" if engine == "pagefind" else "searchindex.js")
                report["engines"][engine] = {
                    "build_s": seconds,
                    "index_bytes": tree_bytes(index),
                    "first_search_bytes": first,
                    "sets": summary(rows),
                    "queries": rows,
                }
                if args.verbose:
                    for r in rows:
                        mark = "ok " if r["top1"] else "ok3" if r["top3"] else "MISS"
                        print(f"{engine:8} {mark} {r['query']!r:40} -> {r['first']}")
            browser.close()
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def print_report(report: dict) -> None:
    engines = list(report["engines"])
    print(f"\n{'':28}" + "".join(f"{e:>18}" for e in engines))
    sets = sorted({s for e in engines for s in report["engines"][e]["sets"]}, key=lambda s: (s.split()[-1], s))
    for name in sets:
        for depth in ("top3", "top1"):
            cells = []
            for e in engines:
                s = report["engines"][e]["sets"].get(name)
                cells.append(f"{s[depth]}/{s['queries']}" if s else "-")
            print(f"{name + ' ' + depth:28}" + "".join(f"{c:>18}" for c in cells))
    for key, label, fmt in (
        ("index_bytes", "index size", lambda v: f"{v / 1024:.0f} KiB"),
        ("first_search_bytes", "first search downloads", lambda v: f"{v / 1024:.0f} KiB"),
        ("build_s", "clean build", lambda v: "-" if v is None else f"{v:.1f} s"),
    ):
        print(f"{label:28}" + "".join(f"{fmt(report['engines'][e][key]):>18}" for e in engines))


if __name__ == "__main__":
    sys.exit(main())
