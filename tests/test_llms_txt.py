"""llms.txt and llms-full.txt: every page listed with its summary; every table row in the full text."""

from __future__ import annotations

import re

import pytest
from neuron_hw.llms import table_markdown


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def files(site):
    assert site.result.returncode == 0, site.result.stderr
    return (site.outdir / "llms.txt").read_text(encoding="utf-8"), (site.outdir / "llms-full.txt").read_text(
        encoding="utf-8"
    )


def test_llms_txt_has_the_llmstxt_org_shape(files):
    text, _ = files
    lines = text.splitlines()
    assert lines[0].startswith("# ") and any(line.startswith("> ") for line in lines[:4])
    assert "## Pages" in lines


def test_llms_txt_lists_every_page_with_its_description(site, files):
    text, _ = files
    linked = set(re.findall(r"\]\(([^)]+)\)", text))
    for path in site.pages():
        page = path.relative_to(site.outdir).as_posix()
        if page in ("search.html", "404.html"):
            continue
        # Absolute with SITE_URL, relative to the site root without it.
        assert any(url == page or url.endswith("/" + page) for url in linked), f"{page} is not in llms.txt"
        meta = site.html(page).find("meta", attrs={"name": "description"})
        if meta is not None:
            assert meta["content"] in text, f"{page}: its description is not its summary"


def test_llms_full_contains_every_table_row_of_every_page(site, files):
    _, full = files
    flat = squash(full)
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
                    assert squash(cell.replace("|", "\\|").replace("<", "\\<")) in flat, f"{page}: {cell!r}"
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
    comes from a page or the data is written as ``\\<``; the page text keeps its meaning."""
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
    assert re.findall(r"(?<!\\)<", prose) == [], "an unescaped < outside code blocks"
    assert r"neuron\<N>" in prose and code  # the sysfs path on the devices page, escaped
