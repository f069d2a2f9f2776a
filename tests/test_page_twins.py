"""Every page's Markdown twin: published beside the page, named in its head, its tables the page's.

They read the session's one build of the site (the ``site`` fixture).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes
from neuron_hw.markdown import escape, table_markdown

# Pages with many tables, notes and marks: their twins' tables are compared cell by cell.
TABLE_PAGES = ["hardware/compare.html", "hardware/neuron-instances.html", "hardware/trainium2.html"]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell)


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of a twin: rows of cell texts, the separator row left out, escapes undone."""
    tables, rows = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("| ") and line.endswith(" |"):
            cells = re.split(r"(?<!\\)\|", line[1:-1])
            rows.append([unescape(cell.strip()) for cell in cells])
        elif line.startswith("|---"):
            continue
        elif rows:
            tables.append(rows)
            rows = []
    return tables


def html_tables(site, page: str) -> list[list[list[str]]]:
    return [
        [[flat(cell.get_text("", strip=False)) for cell in tr.select("th, td")] for tr in table.select("tr")]
        for table in site.html(page).select("article table")
    ]


# -- The twins ------------------------------------------------------------------------------------
def test_every_page_has_a_twin_named_in_its_head(built):
    for page in built.source_pages():
        links = built.html(page).select('head link[rel="alternate"][type="text/markdown"]')
        assert len(links) == 1, f"{page}: {len(links)} Markdown links"
        href = links[0]["href"]
        assert href == Path(page).name + ".md", f"{page}: {href}"
        twin = (built.outdir / page).parent / href  # the link resolves to the published twin
        assert twin.is_file(), f"{page}: {href} is not published"
        title = built.html(page).select_one("article h1").get_text(strip=True).rstrip("#")
        assert twin.read_text(encoding="utf-8").startswith(f"# {escape(title)}\n"), page


@pytest.mark.parametrize("page", TABLE_PAGES)
def test_a_twins_tables_hold_the_html_tables_cell_for_cell(built, page):
    html = html_tables(built, page)
    twin = markdown_tables((built.outdir / (page + ".md")).read_text(encoding="utf-8"))
    assert len(html) >= 2 and len(twin) == len(html)
    for n, (ours, theirs) in enumerate(zip(twin, html, strict=True)):
        assert len(ours) == len(theirs), f"{page}, table {n + 1}: row count"
        for mine, shown in zip(ours, theirs, strict=True):
            # Whitespace aside: the HTML spaces cells' inline elements its own way.
            assert [c.replace(" ", "") for c in mine] == [c.replace(" ", "") for c in shown], f"{page}, table {n + 1}"


def test_a_twin_keeps_units_notes_and_sources(built):
    text = (built.outdir / "hardware" / "trainium2.html.md").read_text(encoding="utf-8")
    assert "| Device memory | 96 GiB |" in text
    assert re.search(r"\| \d[\d,.]* TFLOPS \[\d+\] \|", text), "a rate with its note marker"
    assert re.search(r"^\*\*Notes\*\*\n\n1\. \S", text, flags=re.MULTILINE), "the numbered notes"
    assert re.search(r"^\*\*Sources:\*\* \[[^]]+\]\(https://", text, flags=re.MULTILINE), "a sources line"
    assert "Back to" not in text  # the notes' links back to their tables are navigation only


def test_a_drawing_becomes_its_caption_and_description(built):
    text = (built.outdir / "hardware" / "trn2-arch.html.md").read_text(encoding="utf-8")
    assert "<svg" not in text
    assert re.search(r"^Figure: trn2\.48xlarge: 16 AWS Trainium2 chips linked in a 2D torus", text, flags=re.MULTILINE)


def test_data_in_a_cell_cannot_break_its_table_or_become_markup():
    table = nodes.table()
    group = nodes.tgroup(cols=2)
    table += group
    body = nodes.tbody()
    group += body
    row = nodes.row()
    for text in ("a | b", "<b>`x`</b> *y*"):
        row += nodes.entry("", nodes.paragraph("", text))
    body += row
    assert table_markdown(table)[-2] == r"| a \| b | \<b>\`x\`\</b> \*y\* |"
