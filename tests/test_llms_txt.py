"""llms.txt and llms-full.txt: every page listed with its summary; every table row in the full text."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from neuron_hw.markdown import table_markdown


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def files(site):
    assert site.result.returncode == 0, site.result.stderr
    return (site.outdir / "llms.txt").read_text(encoding="utf-8"), (site.outdir / "llms-full.txt").read_text(
        encoding="utf-8"
    )


def test_llms_txt_parses_with_the_reference_parser(files):
    """llmstxt.org's own parser (the llms-txt package) reads the title, the summary and each
    section's links, and every line of a section is one ``- [name](url): note`` link."""
    from llms_txt import parse_llms_file

    text, _ = files
    parsed = parse_llms_file(text)
    assert parsed.title == "Neuron Hardware Docs" and parsed.summary
    assert list(parsed.sections) == ["Pages", "Data", "Optional"]
    for name, links in parsed.sections.items():
        body = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert len(links) == len([line for line in body.splitlines() if line.strip()]), name
        assert all(link["title"] and link["url"] for link in links), name


def test_llms_txt_lists_every_download(site, files):
    from llms_txt import parse_llms_file

    parsed = parse_llms_file(files[0])
    listed = {link["url"].rsplit("/", 1)[-1] for link in parsed.sections["Data"]}
    assert listed == {p.name for p in (site.outdir / "data").iterdir()}


def test_llms_txt_lists_every_page_with_its_description(site, files):
    text, _ = files
    linked = set(re.findall(r"\]\(([^)]+)\)", text))
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        if page in ("search.html", "404.html"):
            continue
        # Each page is listed as its Markdown twin: absolute with SITE_URL, relative to the site root without it.
        twin = page + ".md"
        assert any(url == twin or url.endswith("/" + twin) for url in linked), f"{page} is not in llms.txt"
        meta = site.html(page).find("meta", attrs={"name": "description"})
        if meta is not None:
            assert meta["content"] in text, f"{page}: its description is not its summary"


def test_llms_full_contains_every_table_row_of_every_page(site, files):
    _, full = files
    flat = squash(re.sub(r"\\(.)", r"\1", full))  # Markdown's backslash escapes undone
    rows = 0
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        if page in ("search.html", "404.html"):
            continue
        for table in site.html(page).select("article table"):
            for tr in table.select("tr"):
                cells = [
                    " ".join(td.get_text(" ", strip=True).replace("\u00a0", " ").split()) for td in tr.select("th, td")
                ]
                for cell in cells:  # compared without whitespace: the HTML parser spaces out inline elements
                    assert squash(cell) in flat, f"{page}: {cell!r}"
                rows += 1
    assert rows > 200


def test_a_table_becomes_one_whole_markdown_table():
    from docutils import nodes

    table = nodes.table()
    table += nodes.title("T", "T")
    group = nodes.tgroup(cols=2)
    table += group
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    for parent, cells in [(head, ["Quantity", "Value"]), (body, ["Memory", "96 GiB"])]:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph(cell, cell))
        parent += row
    assert table_markdown(table) == ["Table: T", "", "| Quantity | Value |", "|---|---|", "| Memory | 96 GiB |", ""]


def test_text_that_looks_like_html_is_escaped_for_markdown_readers(files):
    """A Markdown reader would render ``<script>`` in llms-full.txt as HTML: every ``<`` that
    comes from a page or the data is written as ``\\<`` outside code; the page text keeps its meaning."""
    from docutils import nodes

    table = nodes.table()
    group = nodes.tgroup(cols=1)
    table += group
    body = nodes.tbody()
    group += body
    row = nodes.row()
    row += nodes.entry("", nodes.paragraph("", "<script>alert(1)</script>"))
    body += row
    assert table_markdown(table)[-2] == r"| \<script>alert(1)\</script> |"
    _, full = files
    outside_comments = re.sub(r"<!-- \S+ -->", "", full)
    code = re.findall(r"```.*?```", outside_comments, flags=re.DOTALL)
    prose = re.sub(r"```.*?```", "", outside_comments, flags=re.DOTALL)
    spans = re.findall(r"(`+)(.+?)\1", prose)  # inline code: Markdown shows a < there as it is
    prose = re.sub(r"(`+)(.+?)\1", "", prose)
    assert re.findall(r"(?<!\\)<", prose) == [], "an unescaped < outside code"
    assert code and any("<N>" in span for _, span in spans)  # the sysfs path on the devices page, as code


def test_an_incremental_build_keeps_the_text_of_the_pages_it_did_not_write(rootdir, tmp_path):
    """The Markdown comes from the doctrees the build resolved to write the pages; a page that an
    incremental sphinx-build into the same folder does not write is resolved again for it, so
    llms-full.txt and the twins stay a full build's."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-snapshots", src)

    def build() -> Path:
        app = SphinxTestApp("html", srcdir=src)
        try:
            app.build()
            assert app.warning.getvalue() == "", app.warning.getvalue()
            return Path(app.outdir)
        finally:
            app.cleanup()

    def texts(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in [out / "llms-full.txt", *out.rglob("*.md")]}

    out = build()
    full, written = texts(out), {p: p.stat().st_mtime_ns for p in out.glob("*.html")}
    time.sleep(0.01)
    (src / "prose.rst").touch()
    build()
    rewritten = [p.name for p, mtime in written.items() if p.stat().st_mtime_ns != mtime]
    assert "prose.html" in rewritten and len(rewritten) < len(written), rewritten
    assert texts(out) == full
