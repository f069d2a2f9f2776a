"""The block drawings (chip, NeuronCore, Logical NeuronCore numbering, memory hierarchy) in Chromium:
text never under 11 px on a phone or a desktop, in light and dark mode.

The topology drawings are measured with every page in ``test_readability.py``; these are the
drawings of ``diagrams_svg.py``, measured on the pages that carry one.
"""

from __future__ import annotations

import pytest
from test_browser import PHONE, base_url, browser  # noqa: F401 - fixtures used by name

DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
MIN_TEXT_PX = 11

TEXT_SIZES = """() => {
  const out = [];
  for (const svg of document.querySelectorAll("article svg.nhd-blocks")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const name = svg.getAttribute("aria-labelledby").split(" ")[0];
    for (const text of svg.querySelectorAll("text")) {
      const shown = text.getBoundingClientRect();
      out.push([name, text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale, shown.height]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def drawing_pages(site):
    pages = [
        str(path.relative_to(site.outdir))
        for path in site.pages()
        if 'class="nhd-blocks ' in path.read_text(encoding="utf-8")
    ]
    assert "concepts/memory-hierarchy.html" in pages
    return pages


@pytest.mark.parametrize("width", list(WIDTHS))
def test_block_drawing_text_is_never_smaller_than_11px(browser, base_url, drawing_pages, width):  # noqa: F811
    phone = width == "phone"
    context = browser.new_context(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone)
    tab = context.new_page()
    texts = []
    for path in drawing_pages:
        tab.goto(base_url + path, wait_until="load")
        texts += [(path, *t) for t in tab.evaluate(TEXT_SIZES)]
    context.close()
    assert any(name == "memory-hierarchy-title" for _, name, *_ in texts), "the memory drawing was not measured"
    small = [f"{p}: {svg} {text!r} at {size:.1f}px" for p, svg, text, size, _ in texts if size < MIN_TEXT_PX]
    assert not small, "\n".join(small)
