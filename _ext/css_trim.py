"""Cut stylesheets down to the rules the built pages can use (``css_bundle`` calls this).

The theme ships one stylesheet for every site it might serve (Font Awesome's thousands of icon
classes, Bootstrap utilities, components this site never renders).  ``trim`` keeps a rule only
when every class and id its selector needs appears in some built page or in a script the pages
load (scripts add classes such as ``show`` at run time).  Font Awesome's ``@font-face`` rules go
too: the site draws its own icons.  The sources in the installed theme are never touched.
"""

from __future__ import annotations

import re
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z_][\w-]*")
CLASS_OR_ID = re.compile(r"[.#](-?[A-Za-z_][\w-]*)")
NEGATION = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def used_names(outdir: Path) -> set[str]:
    """Class names, ids and script identifiers that the built site can put in a page."""
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for value in re.findall(r'\b(?:class|id)="([^"]*)"', text):
            names.update(value.split())
    for script in outdir.rglob("*.js"):
        names.update(TOKEN.findall(script.read_text(encoding="utf-8", errors="replace")))
    return names


def _blocks(css: str):
    """Yield (prelude, body) for each top-level block, skipping strings and nested braces."""
    depth, start, prelude_start, i = 0, 0, 0, 0
    quote = None
    while i < len(css):
        ch = css[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                yield css[prelude_start:start].strip(), css[start + 1 : i]
                prelude_start = i + 1
        elif ch == ";" and depth == 0:  # a statement at-rule such as @import or @charset
            yield css[prelude_start : i + 1].strip(), None
            prelude_start = i + 1
        i += 1


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in prelude:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _selector_can_match(selector: str, names: set[str]) -> bool:
    required = CLASS_OR_ID.findall(NEGATION.sub("", selector))
    return all(name in names for name in required)


def trim(css: str, names: set[str]) -> str:
    """``css`` without the rules no page can use (at-rules are trimmed recursively)."""
    out = []
    for prelude, body in _blocks(COMMENT.sub("", css)):
        if body is None:
            out.append(prelude)
        elif prelude.startswith("@font-face"):
            if "Font Awesome" not in body:
                out.append(f"{prelude}{{{body}}}")
        elif prelude.startswith(("@media", "@supports", "@layer", "@container")):
            inner = trim(body, names)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")  # @keyframes, @page, ...: kept whole
        else:
            kept = [s for s in _split_selectors(prelude) if _selector_can_match(s, names)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)
