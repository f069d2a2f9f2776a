"""Page sources: every figure comes from the data file, never typed by hand into prose."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

PAGES = sorted([*ROOT.glob("hardware/*.rst"), *ROOT.glob("concepts/*.md"), ROOT / "index.rst"])
UNITS = r"(?:[KMGT]i?B(?:/s)?|[PT]FLOPS|TOPS|[GM]bps|[GM]Hz|\u00b5s|ns|ms|MB)"
FIGURE = re.compile(rf"(?<![\w.-])\d[\d,.]*\s?{UNITS}(?![\w/])")
# Text that may legitimately hold numbers and units: roles, inline literals, substitutions.
ROLE_OR_LITERAL = re.compile(r":[\w-]+:`[^`]*`|``[^`]*``")


def prose_lines(text: str):
    """(line number, text) for prose lines, skipping code blocks and other literal blocks."""
    in_literal, literal_indent = False, 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if in_literal:
            if stripped and indent <= literal_indent:
                in_literal = False
            else:
                continue
        if re.match(r"\.\. (code-block|code|literalinclude|parsed-literal)::", stripped) or stripped.endswith("::"):
            in_literal, literal_indent = True, indent
            if not stripped.startswith(".."):
                yield number, line  # the paragraph before a "::" literal is prose
            continue
        yield number, line


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_no_hand_typed_figures(page):
    found = []
    for number, line in prose_lines(page.read_text(encoding="utf-8")):
        for match in FIGURE.finditer(ROLE_OR_LITERAL.sub("", line)):
            found.append(f"{page.name}:{number}: {match.group(0)!r} -- use :spec: and the data file")
    assert not found, "\n".join(found)


def test_the_check_catches_a_typed_figure():
    sample = "Trainium2 has 96 GiB of HBM and :spec:`chip:trainium2:memory_bandwidth` of bandwidth.\n"
    assert [FIGURE.findall(ROLE_OR_LITERAL.sub("", line)) for _, line in prose_lines(sample)] == [["96 GiB"]]
