"""Cut stylesheets down to the rules the built pages can use (``front_end`` runs it on the bundle).

The theme ships one stylesheet for every site it might serve (Font Awesome's icon classes,
Bootstrap utilities, components this site never renders).  ``trim`` keeps a rule when one of its
selectors can match: every class and id the selector requires is a name the site can produce.
Stylesheets are parsed with tinycss2 and selectors with cssselect2 (no regular expressions):
``:is()``/``:where()``/``:has()`` need any one of their arguments, ``:not()`` needs nothing, and a
selector the parser does not know is kept.  Font Awesome's ``@font-face`` rules go: the site draws
its own icons, or loads Font Awesome's script when the configuration names an icon it does not draw.

The names (``used_names``) are the classes and ids in the built pages, plus every word of the
scripts those pages load (scripts add classes such as ``show`` at run time): which scripts a page
loads follows from the configuration (the theme options and extensions switched on).  Data files
that pages load as scripts (``searchindex.js``, ``language_data.js``) are not read: their words
are the site's prose, not class names.  The sources in the installed theme are never touched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import cssselect2.parser as selectors
import tinycss2

# Scripts that carry data, not code: their words say nothing about class names.
DATA_SCRIPTS = frozenset({"searchindex.js", "language_data.js"})
# An identifier-like word in a script (a class a script adds is a string literal in it).
_WORD = re.compile(r"[A-Za-z_][\w-]*")  # scanning script text for words, not parsing CSS


class _PageNames(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.names.update((values.get("class") or "").split())
        if values.get("id"):
            self.names.add(values["id"])
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])


def used_names(outdir: Path, extra: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Class names and ids the built site can put in a page: ``extra`` (a configured keep-list),
    those in the pages, and the words of the local scripts the pages load."""
    names = set(extra)
    scripts: set[Path] = set()
    for page in outdir.rglob("*.html"):
        parser = _PageNames()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        names |= parser.names
        base = "/" + page.relative_to(outdir).as_posix()
        for src in parser.scripts:
            url = urlsplit(urljoin(base, src))
            if not url.scheme and not url.netloc:
                scripts.add(outdir / url.path.lstrip("/"))
    for script in scripts:
        if script.name not in DATA_SCRIPTS and script.is_file():
            names.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return names


def _can_match(node, names: set[str]) -> bool:
    """Whether the parsed selector ``node`` can match an element, given the names in use."""
    if isinstance(node, selectors.ClassSelector):
        return node.class_name in names
    if isinstance(node, selectors.IDSelector):
        return node.ident in names
    if isinstance(node, selectors.CompoundSelector):
        return all(_can_match(simple, names) for simple in node.simple_selectors)
    if isinstance(node, selectors.CombinedSelector):
        return _can_match(node.left, names) and _can_match(node.right, names)
    if isinstance(node, (selectors.MatchesAnySelector, selectors.SpecificityAdjustmentSelector)):
        return any(_can_match(s.parsed_tree, names) for s in node.selector_list)
    if isinstance(node, selectors.RelationalSelector):  # :has()
        return any(_can_match(rel.selector.parsed_tree, names) for rel in node.selector_list)
    return True  # :not(), element, attribute and other pseudo-class selectors need no name


def selector_can_match(tokens, names: set[str]) -> bool:
    """Whether one complex selector (a list of tinycss2 tokens) can match."""
    try:
        parsed = list(selectors.parse(tokens))
    except selectors.SelectorError:
        return True  # unknown to the parser (a vendor pseudo-element, say): keep it
    return any(_can_match(s.parsed_tree, names) for s in parsed)


def _split(tokens) -> list[list]:
    """A selector list's tokens, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if tinycss2.serialize(p).strip()]


def _is_font_awesome_face(rule) -> bool:
    """Whether an @font-face rule declares Font Awesome (its family, quoted or not, or its files)."""
    for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if declaration.type == "declaration" and declaration.lower_name in ("font-family", "src"):
            value = "".join(
                getattr(t, "value", " ") if t.type in ("ident", "string", "url") else " " for t in declaration.value
            )
            if "font awesome" in value.lower() or "fontawesome" in value.lower():
                return True
    return False


def trim(css: str, names: set[str]) -> str:
    """``css`` without the rules no page can use (grouping at-rules are trimmed recursively)."""
    return _trim_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), names)


def _trim_rules(rules, names: set[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [tinycss2.serialize(p).strip() for p in _split(rule.prelude) if selector_can_match(p, names)]
            if kept:
                out.append(f"{','.join(kept)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule":
            head = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
            keyword = rule.lower_at_keyword
            if rule.content is None:
                out.append(f"{head.rstrip()};")
            elif keyword == "font-face":
                if not _is_font_awesome_face(rule):
                    out.append(f"{head.rstrip()}{{{tinycss2.serialize(rule.content)}}}")
            elif keyword in ("media", "supports", "layer", "container"):
                inner = _trim_rules(tinycss2.parse_rule_list(rule.content, True, True), names)
                if inner:
                    out.append(f"{head.rstrip()}{{{inner}}}")
            else:  # @keyframes, @page, @property, ...: kept whole
                out.append(f"{head.rstrip()}{{{tinycss2.serialize(rule.content)}}}")
        # parse errors (rule.type == "error") are dropped, as a browser drops them
    return "".join(out)
