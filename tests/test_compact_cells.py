"""Table cells hold their text directly: no paragraph box per cell (``_ext/compact_cells.py``)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def lone_paragraph_cells(soup: BeautifulSoup) -> list[str]:
    """Cells whose whole content is one plain ``<p>``: what the transform should have flattened."""
    out = []
    for cell in soup.select("td, th"):
        children = [c for c in cell.children if not (isinstance(c, str) and not c.strip())]
        if len(children) == 1 and getattr(children[0], "name", None) == "p" and not children[0].attrs:
            out.append(cell.get_text(" ", strip=True))
    return out


@pytest.mark.sphinx("html", testroot="compact-cells", freshenv=True)
def test_a_one_paragraph_cell_loses_its_paragraph_and_nothing_else_does(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {row.td.get_text(strip=True): row.find_all("td")[1] for row in soup.select("tbody tr")}
    one = rows["one paragraph"]
    assert one.find("p") is None
    assert one.find("strong").get_text() == "bold" and one.find("a")["href"] == "https://example.org/"
    assert one.get_text(" ", strip=True) == "A sentence with bold and a link ."
    assert [p.get_text() for p in rows["two paragraphs"].find_all("p")] == ["First paragraph.", "Second paragraph."]
    assert [li.get_text(strip=True) for li in rows["a list"].find_all("li")] == ["one", "two"]
    assert soup.select_one("thead th").find("p") is None
    assert any(p.get_text() == "A paragraph outside any table." for p in soup.find_all("p"))


def test_no_table_cell_on_the_site_is_a_lone_paragraph(site):
    found = {
        page.name: cells
        for page in site.pages()
        if (cells := lone_paragraph_cells(site.html(str(page.relative_to(site.outdir)))))
    }
    assert not found, found
    cells = sum(len(site.html(str(p.relative_to(site.outdir))).select("td")) for p in site.pages())
    assert cells > 1000  # the site's tables were looked at, not an empty selection
