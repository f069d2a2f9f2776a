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

Parsing the stylesheet is most of a trim's time, and the bundle changes only when a stylesheet
does, so the build keeps its parsed form (``plan``) in Sphinx's doctree folder (``cached_plan``).
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import cssselect2
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


# What a selector needs, worked out once per stylesheet (``plan``): True (nothing), a name,
# ("all", needs) or ("any", needs); ("any", ()) can never be met.
Need = bool | str | tuple


def _need(node) -> Need:
    """What the parsed selector ``node`` needs to match an element: the names it requires."""
    if isinstance(node, selectors.ClassSelector):
        return node.class_name
    if isinstance(node, selectors.IDSelector):
        return node.ident
    if isinstance(node, selectors.CompoundSelector):
        return _all([_need(simple) for simple in node.simple_selectors])
    if isinstance(node, selectors.CombinedSelector):
        return _all([_need(node.left), _need(node.right)])
    if isinstance(node, (selectors.MatchesAnySelector, selectors.SpecificityAdjustmentSelector)):
        return _any([_need(s.parsed_tree) for s in node.selector_list])
    if isinstance(node, selectors.RelationalSelector):  # :has()
        return _any([_need(rel.selector.parsed_tree) for rel in node.selector_list])
    return True  # :not(), element, attribute and other pseudo-class selectors need no name


def _all(needs: list[Need]) -> Need:
    needs = [n for n in needs if n is not True]
    return True if not needs else needs[0] if len(needs) == 1 else ("all", tuple(needs))


def _any(needs: list[Need]) -> Need:
    if True in needs:
        return True
    return needs[0] if len(needs) == 1 else ("any", tuple(needs))


def _met(need: Need, names: set[str]) -> bool:
    if need is True:
        return True
    if isinstance(need, str):
        return need in names
    if isinstance(need, tuple):
        kind, parts = need
        return (all if kind == "all" else any)(_met(part, names) for part in parts)
    return False


def selector_need(tokens) -> Need:
    """What one complex selector (a list of tinycss2 tokens) needs to match."""
    try:
        parsed = list(selectors.parse(tokens))
    except selectors.SelectorError:
        return True  # unknown to the parser (a vendor pseudo-element, say): keep it
    return _any([_need(s.parsed_tree) for s in parsed])


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
    return apply(plan(css), names)


# A stylesheet's plan: its rules in order, each what ``apply`` needs to keep or drop it without
# parsing the stylesheet again -- ("rule", ((selector, need), ...), body), ("keep", text) or
# ("group", head, plan).  Parsing is most of a trim's time; the plan of a stylesheet is cached.
def plan(css: str) -> list[tuple]:
    """The plan of ``css``: every rule parsed once, with what each of its selectors needs."""
    return _plan(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _plan(rules) -> list[tuple]:
    out: list[tuple] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            parts = [(tinycss2.serialize(p).strip(), selector_need(p)) for p in _split(rule.prelude)]
            out.append(("rule", tuple(parts), tinycss2.serialize(rule.content)))
        elif rule.type == "at-rule":
            head = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
            keyword = rule.lower_at_keyword
            if rule.content is None:
                out.append(("keep", f"{head.rstrip()};"))
            elif keyword == "font-face":
                if not _is_font_awesome_face(rule):
                    out.append(("keep", f"{head.rstrip()}{{{tinycss2.serialize(rule.content)}}}"))
            elif keyword in ("media", "supports", "layer", "container"):
                out.append(("group", head.rstrip(), _plan(tinycss2.parse_rule_list(rule.content, True, True))))
            else:  # @keyframes, @page, @property, ...: kept whole
                out.append(("keep", f"{head.rstrip()}{{{tinycss2.serialize(rule.content)}}}"))
        # parse errors (rule.type == "error") are dropped, as a browser drops them
    return out


def apply(rules: list[tuple], names: set[str]) -> str:
    """The stylesheet a plan describes, with only the rules that can match one of ``names``."""
    out = []
    for rule in rules:
        if rule[0] == "rule":
            _, parts, body = rule
            kept = [text for text, need in parts if _met(need, names)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
        elif rule[0] == "keep":
            out.append(rule[1])
        else:
            _, head, inner_rules = rule
            inner = apply(inner_rules, names)
            if inner:
                out.append(f"{head}{{{inner}}}")
    return "".join(out)


def cached_plan(css: str, cache: Path) -> list[tuple]:
    """``plan(css)``, kept in the folder ``cache`` (Sphinx's doctree folder: a clean build has none)
    under a name made of a checksum of the stylesheet, of this module and of the parsers' versions,
    so a changed stylesheet, way of trimming or parser is planned again."""
    parsers = f"tinycss2 {tinycss2.__version__} cssselect2 {cssselect2.__version__}"
    key = hashlib.sha256(css.encode("utf-8") + Path(__file__).read_bytes() + parsers.encode()).hexdigest()[:32]
    path = cache / f"css-trim-{key}.pickle"
    try:
        kept = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError):
        # none yet, or unreadable (cut short, say): planned again below
        kept = None
    if isinstance(kept, list):
        return kept
    rules = plan(css)
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("css-trim-*.pickle"):  # one plan kept: the last stylesheet's
            old.unlink()
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    return rules
