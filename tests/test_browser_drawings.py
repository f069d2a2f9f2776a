"""The drawings in Chromium.  The block drawings (chip, NeuronCore, Logical NeuronCore numbering,
memory hierarchy): text never under 11 px on a phone or a desktop (the topology drawings are
measured with every page in ``test_readability.py``).  Every drawing and chart, printed from light
or dark mode: its text dark enough for white paper, and the drawing never cut across two pages.

Each page is loaded once for all the tests that read it (once per width for the block drawings):
in Chromium a page load costs CPU, and a new tab costs more.
"""

from __future__ import annotations

import pytest
from test_browser import PHONE, base_url  # noqa: F401 - fixtures used by name

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

CENTRES = """() => [...document.querySelectorAll("article figure.nhd-blocks-figure")].map(figure => {
  const svg = figure.querySelector("svg").getBoundingClientRect();
  const caption = figure.querySelector("figcaption").getBoundingClientRect();
  return [figure.querySelector("svg").getAttribute("aria-labelledby").split(" ")[0],
          (svg.left + svg.right) / 2, (caption.left + caption.right) / 2, caption.width];
})"""


DRAWINGS = ("nhd-blocks", "nhd-topology", "nhw-chart")  # the classes of every drawing's <svg>
MODES = ("light", "dark")
MIN_PRINT_CONTRAST = 4.5  # WCAG AA for text, against white paper

PRINTED = """() => {
  const luminance = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(v => {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const out = [];
  for (const svg of document.querySelectorAll("article svg:is(.nhd-blocks, .nhd-topology, .nhw-chart)")) {
    const name = svg.getAttribute("aria-labelledby").split(" ")[0];
    const kept = getComputedStyle(svg.closest(".nhw-chart-box") || svg).breakInside;
    for (const text of svg.querySelectorAll("text")) {
      const fill = getComputedStyle(text).fill;
      const contrast = fill.startsWith("rgb") ? 1.05 / (luminance(fill) + 0.05) : 0;
      out.push([name, text.textContent, fill, contrast, kept]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def printed_pages(site):
    """The pages with a drawing or a chart."""
    marks = [f'<svg class="{css}' for css in DRAWINGS]
    return [
        str(path.relative_to(site.outdir))
        for path in site.pages()
        if any(mark in (html := path.read_text(encoding="utf-8")) for mark in marks) and "<article" in html
    ]


@pytest.fixture(scope="module")
def printed(browser, base_url, printed_pages):  # noqa: F811
    """Each mode's printed texts, ``(page, drawing, text, fill, contrast, break-inside)``.  The mode
    is only the attributes the theme's switch sets, so both modes are read from one load of each
    page: the mode set, print emulated, the drawings read, then back to the screen."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    texts = {mode: [] for mode in MODES}
    for path in printed_pages:
        tab.goto(base_url + path, wait_until="load")
        for mode in MODES:
            tab.evaluate(
                f"document.documentElement.dataset.theme = '{mode}'; document.documentElement.dataset.mode = '{mode}'"
            )
            tab.emulate_media(media="print")
            texts[mode] += [(path, *t) for t in tab.evaluate(PRINTED)]
            tab.emulate_media(media="screen")
    context.close()
    return texts


@pytest.mark.parametrize("mode", MODES)
def test_printed_drawings_keep_dark_text_on_white_paper_and_are_not_cut(printed, mode):
    texts = printed[mode]
    kinds = {name.split("-")[0] for _, name, *_ in texts}
    assert {"memory", "chip", "core", "lnc", "topology", "roofline"} <= kinds, kinds
    faint = [
        f"{p}: {svg} {text!r} in {fill} ({ratio:.2f}:1)"
        for p, svg, text, fill, ratio, _ in texts
        if ratio < MIN_PRINT_CONTRAST
    ]
    assert not faint, f"{len(faint)} texts too faint on paper:\n" + "\n".join(faint[:20])
    cut = sorted({f"{p}: {svg}" for p, svg, *_, kept in texts if kept != "avoid"})
    assert not cut, "may be cut across pages:\n" + "\n".join(cut)


@pytest.fixture(scope="module")
def drawing_pages(site):
    pages = [
        str(path.relative_to(site.outdir))
        for path in site.pages()
        if 'class="nhd-blocks ' in path.read_text(encoding="utf-8")
    ]
    assert "concepts/memory-hierarchy.html" in pages
    return pages


@pytest.fixture(scope="module")
def block_drawings(browser, base_url, drawing_pages):  # noqa: F811
    """Each width's block drawings, read on one load of each page: ``texts``, ``(page, drawing,
    text, font size in px, height)``, and ``figures``, ``(page, drawing, drawing's centre, caption's
    centre, caption's width)``.  The phone is a touch phone, for a phone's font sizes; it places
    the captions where a window of its width without touch does."""
    measured = {}
    for width, viewport in WIDTHS.items():
        phone = width == "phone"
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
        tab = context.new_page()
        texts, figures = [], []
        for path in drawing_pages:
            tab.goto(base_url + path, wait_until="load")
            texts += [(path, *t) for t in tab.evaluate(TEXT_SIZES)]
            figures += [(path, *f) for f in tab.evaluate(CENTRES)]
        context.close()
        measured[width] = {"texts": texts, "figures": figures}
    return measured


@pytest.mark.parametrize("width", list(WIDTHS))
def test_block_drawing_text_is_never_smaller_than_11px(block_drawings, width):
    texts = block_drawings[width]["texts"]
    assert any(name == "memory-hierarchy-title" for _, name, *_ in texts), "the memory drawing was not measured"
    small = [f"{p}: {svg} {text!r} at {size:.1f}px" for p, svg, text, size, _ in texts if size < MIN_TEXT_PX]
    assert not small, "\n".join(small)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_block_drawings_caption_is_centred_under_it(block_drawings, width):
    figures = block_drawings[width]["figures"]
    assert len(figures) >= 10, figures
    off = [
        f"{p}: {name} drawing centred at {svg:.0f}px, its caption at {caption:.0f}px"
        for p, name, svg, caption, _ in figures
        if abs(svg - caption) > 1.5
    ]
    assert not off, "\n".join(off)
    assert all(w <= 341 for *_, w in figures), "a caption is wider than its drawing"
