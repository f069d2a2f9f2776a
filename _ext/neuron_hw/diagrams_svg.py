"""The pieces the block drawings share (``diagrams_chip``, ``diagrams_core``, ``diagrams_memory``):
the ``<svg>`` element with its accessible name and description, boxes, centred lines of text and
arrows.

A drawing is at most ``WIDTH`` wide, the article column of a 390 px phone, so it is never scaled
down and its text keeps its CSS size (12 px, 11 px for the small print; see
``static/neuron-hw-blocks.css``).  Nothing here has a colour: every part carries a class that the
stylesheet colours from the theme's variables, so the drawings follow light and dark mode and print
in the theme's print colours.  Coordinates are written with one decimal, so the same input always
gives the same bytes.
"""

from __future__ import annotations

from html import escape

WIDTH = 340  # the article column of a 390 px phone (342 px), less a little
LINE = 15  # distance between two lines of text inside a box
CHAR = 6.9  # generous width of one character of 12 px text, to check that a label fits its box


def n(value: float) -> str:
    """A coordinate as written in the SVG: one decimal at most, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def open_svg(css: str, width: float, height: float, ident: str, title: str, description: str) -> list[str]:
    """The opening of an accessible drawing: role, name (title) and description (desc)."""
    ident = escape(ident, quote=True)
    opening = (
        f'<svg class="nhd-blocks {escape(css, quote=True)}" viewBox="0 0 {n(width)} {n(height)}" '
        f'width="{n(width)}" height="{n(height)}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
    )
    return [
        opening,
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def arrow_defs(ident: str) -> str:
    """One arrowhead marker per drawing (ids are unique on a page because ``ident`` is)."""
    ident = escape(ident, quote=True)
    return (
        f'<defs><marker id="{ident}-head" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path class="nhd-blocks__head" d="M0 0L8 4L0 8z"/>'
        f"</marker></defs>"
    )


def arrow(ident: str, x1: float, y1: float, x2: float, y2: float, *, both: bool, css: str = "") -> str:
    """A line from (x1, y1) to (x2, y2) with a head at the end, and at the start too if ``both``."""
    ident = escape(ident, quote=True)
    heads = f' marker-end="url(#{ident}-head)"'
    if both:
        heads += f' marker-start="url(#{ident}-head)"'
    extra = f" {css}" if css else ""
    return f'<line class="nhd-blocks__path{extra}" x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"{heads}/>'


def box(x: float, y: float, w: float, h: float, css: str, lines: list[str], *, data: str = "") -> str:
    """A rounded box with its lines of text centred in it; the first line is the box's name."""
    attributes = f" {data}" if data else ""
    parts = [f'<g class="{escape(css, quote=True)}"{attributes}>']
    parts.append(f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" rx="4"/>')
    top = y + h / 2 - (len(lines) - 1) * LINE / 2
    for i, line in enumerate(lines):
        small = ' class="nhd-blocks__small"' if i else ""
        parts.append(
            f'<text{small} x="{n(x + w / 2)}" y="{n(top + i * LINE)}" dy="0.35em" text-anchor="middle">'
            f"{escape(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def text(x: float, y: float, words: str, *, anchor: str = "start", css: str = "") -> str:
    """A line of text outside any box."""
    klass = f' class="{escape(css, quote=True)}"' if css else ""
    return f'<text{klass} x="{n(x)}" y="{n(y)}" dy="0.35em" text-anchor="{anchor}">{escape(words)}</text>'


def fits(lines: list[str], width: float) -> bool:
    """Whether every line, at 12 px, fits a box ``width`` wide with a little room either side."""
    return all(len(line) * CHAR <= width - 6 for line in lines)


def close_svg(parts: list[str]) -> str:
    return "".join([*parts, "</svg>"])
