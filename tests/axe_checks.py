"""axe-core (WCAG 2.2 A and AA) on a page loaded in Chromium: which rules run in which colour mode,
and which part of the page the colour rules look at.

axe's colour rules compute the colours behind every text element: most of a run's time on the long
tables, the sources list and the records page.  Which colours an element gets follows from the
elements it sits in and its own tag, classes, inline style, the attributes the stylesheets select
on and, where a stylesheet's rule that draws selects on it, its place among its siblings (first or
last; a table row's parity, for the striped rows), under the page's stylesheets: its *build*
(``MARK_REPEATS``).  An element whose whole subtree is built like elements the colour rules
already check (on this page, or on an earlier page of the same run) is marked, and the colour rules
skip it; every other rule sees the whole page.  The assumption this rests on, that no colour, size
or weight in the stylesheets depends on an element's siblings in any other way (``:nth-child`` but
for the rows, ``+``, ``~``, ``:has()``, ``:empty``), is checked by ``tests/test_browser_axe.py``
against the published stylesheet.
"""

from __future__ import annotations

import pytest

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2 adds target size (2.5.8)
# The rules whose outcome can change with the colour mode: the mode changes only CSS (colours, and
# which of a light/dark pair of images is shown), never the markup the other rules look at.
MODE_RULES = ["color-contrast", "link-in-text-block", "image-alt", "svg-img-alt", "role-img-alt"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_OPTIONS = {
    "light": {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    "dark": {"runOnly": {"type": "rule", "values": MODE_RULES}, "resultTypes": ["violations"]},
}

# Attributes whose value a stylesheet may select on (or, in SVG, that set a colour); of any other
# attribute only its presence counts (``[href]``, ``[open]``, ``[hidden]``).
STYLED_VALUES = [
    "type", "role", "aria-current", "aria-sort", "aria-selected", "aria-expanded", "lang", "dir",
    "data-mode", "data-theme", "data-bs-theme", "fill", "stroke", "color", "opacity", "fill-opacity",
    "stroke-opacity", "font-size", "font-weight", "font-family",
]  # fmt: skip
# The properties through which a rule changes what the colour rules measure (colours, and the size
# and weight that decide which contrast applies); custom properties too, as a colour may come
# through a variable.
DRAWN_PROPERTIES = (
    r"^(color|background(-color|-image)?|opacity|filter|fill|stroke|-webkit-text-fill-color|mix-blend-mode"
    r"|text-decoration(-line|-color)?|font-size|font-weight|border-bottom(-color|-style)?)$"
)
# Which elements' place among their siblings can change how they are drawn: each selector of the
# page's stylesheets with a positional pseudo-class (:first-child, :last-of-type, :nth-child(2n),
# ...) in a rule that sets a drawn property, cut after the compound that carries it, the pseudo-class
# made to match anything.  ``li:first-child a`` gives ``li:is(*)``: a list item's place counts, and
# the link's build holds its item's.  A selector that cannot be read this way makes every place count.
POSITIONAL_SUBJECTS = r"""(drawn) => {
  const pseudo = String.raw`:(?:first|last|only)-(?:child|of-type)|:nth-(?:last-)?(?:child|of-type)\([^()]*\)`;
  // :not(<positional>) first, so that it is taken whole
  const anyPositional = new RegExp(String.raw`:not\(\s*(?:${pseudo})\s*\)|${pseudo}`, "g");
  // What Element.matches() never matches (a pseudo-element) or matches only in a state axe does not
  // see (a hover, a focus): left out, so the rest of the compound decides.
  const unmatched = /::?(?:before|after|marker|placeholder|selection|first-line|first-letter|backdrop)\b|:(?:hover|active|focus|focus-visible|focus-within|visited|target)\b/g;
  const drawnName = new RegExp(drawn);
  // The index of the first character of ``text`` that ``stop`` accepts outside brackets,
  // parentheses and quotes (its length if none).
  const topLevel = (text, stop) => {
    let depth = 0, quote = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) { if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (depth === 0 && stop(c)) return i;
    }
    return text.length;
  };
  // Whether ``text`` (no top-level comma) closes every parenthesis and bracket it opens.
  const balanced = (text) => topLevel(text + ",", (c) => c === ",") === text.length;
  const split = (list) => {
    const out = [];
    for (let rest = list; rest.length; ) {
      const end = topLevel(rest, (c) => c === ",");
      out.push(rest.slice(0, end).trim());
      rest = rest.slice(end + 1);
    }
    return out;
  };
  const subjects = new Set();
  let readable = true;
  const visit = (rules) => {
    for (const rule of rules) {
      if (rule.selectorText && [...rule.style].some((name) => name.startsWith("--") || drawnName.test(name))) {
        for (const selector of split(rule.selectorText)) {
          if (/:(?:nth-|first-|last-|only-)/.test(selector.replace(anyPositional, ""))) readable = false;  // :nth-child(2n of :not(.x))
          for (const { index: at } of selector.matchAll(anyPositional)) {
            if (!balanced(selector.slice(0, at))) readable = false;  // in :is(), :where(), :not(a b): not read here
            const cut = at + 1 + topLevel(selector.slice(at + 1), (c) => " >+~".includes(c));
            subjects.add(selector.slice(0, cut).replace(anyPositional, ":is(*)").replace(unmatched, ""));
          }
        }
      }
      if (rule.cssRules) visit(rule.cssRules);  // @media, @supports, @layer, nested rules
      if (rule.styleSheet) visit(rule.styleSheet.cssRules);  // @import
    }
  };
  for (const sheet of document.styleSheets) visit(sheet.cssRules);
  const list = [...subjects].join(", ");
  try {
    document.documentElement.matches(list || "*");
  } catch {
    readable = false;
  }
  return readable ? list : "*";
}"""
MARK_REPEATS = """([seen, skip, styledValues, drawn]) => {
  // A build is kept as a 64-bit digest (two FNV-1a hashes) of the text that describes it: short
  // enough to hand from page to page, and two of the few thousand builds share one by chance with
  // a probability of the order of 10^-12.
  const digest = (text) => {
    let a = 0x811c9dc5, b = 0xcbf29ce4;
    for (let i = 0; i < text.length; i++) {
      a = Math.imul(a ^ text.charCodeAt(i), 16777619) >>> 0;
      b = Math.imul(b ^ text.charCodeAt(i), 2246822519) >>> 0;
    }
    return a.toString(36) + "." + b.toString(36);
  };
  // The page's stylesheets, as a short key: the same build under other stylesheets is another build.
  const sheets = [...document.querySelectorAll("link[rel~='stylesheet'], style")].map((s) => s.href || s.textContent);
  const key = digest(sheets.join("\\n"));
  const values = new Set(styledValues);
  const own = (e) => {
    const attrs = [...e.attributes]
      .filter((a) => !["class", "style", "data-axe-repeat"].includes(a.name))
      .map((a) => (values.has(a.name) ? `${a.name}=${a.value}` : a.name))
      .sort();
    const style = e.getAttribute("style") || "";
    // A wrapper with nothing a stylesheet can select on adds nothing (sections differ in depth only).
    if (["SECTION", "DIV", "SPAN"].includes(e.tagName) && !e.classList.length && !style && attrs.every((a) => a === "id"))
      return "";
    return `${e.tagName}.${[...e.classList].sort().join(".")}[${attrs.join(",")}]{${style}}${place(e)}`;
  };
  // Where it stands among its siblings, as far as the stylesheets select on it: first or last
  // (of all, of its tag) and, for a table row, its parity (the striped rows); only for an element
  // a positional selector of the stylesheets may match.
  const placed = (/*POSITIONAL_SUBJECTS*/)(drawn);
  const place = (e) => {
    if (!placed || !e.matches(placed)) return "";
    const siblings = e.parentElement ? [...e.parentElement.children] : [e];
    const kin = siblings.filter((s) => s.tagName === e.tagName);
    const marks = [siblings[0] === e, siblings.at(-1) === e, kin[0] === e, kin.at(-1) === e].map(Number).join("");
    return e.tagName === "TR" ? `#${marks}${siblings.indexOf(e) % 2}` : `#${marks}`;
  };
  const builds = new Map();
  const build = (e) => {
    if (!builds.has(e)) {
      const above = e.parentElement ? build(e.parentElement) : key;
      const part = own(e);
      builds.set(e, part ? digest(`${above}>${part}`) : above);
    }
    return builds.get(e);
  };
  const checked = new Set(seen);
  const covered = (e) => checked.has(build(e)) && [...e.querySelectorAll("*")].every((d) => checked.has(build(d)));
  let repeated = 0;
  const visit = (e) => {
    if (skip.some((s) => e.matches(s))) return;  // a part the colour rules leave out: nothing learnt from it
    if (!e.getClientRects().length) {
      // Not drawn now (an option, a hidden message): left in, axe checks it in a mode that draws it.
      for (const d of [e, ...e.querySelectorAll("*")]) checked.add(build(d));
      return;
    }
    if (covered(e)) {
      e.dataset.axeRepeat = "";
      repeated++;
      return;
    }
    checked.add(build(e));
    for (const child of e.children) visit(child);
  };
  visit(document.body);
  return [repeated, [...checked]];
}""".replace("/*POSITIONAL_SUBJECTS*/", POSITIONAL_SUBJECTS)
SAMPLE = {"exclude": ["[data-axe-repeat]"]}
# The theme's frame (header, sidebars, footers) is built of the same elements and classes on every
# page, the current page's entry included: its colours are checked on these pages, and left out
# of the colour rules on the others.
FRAME = [".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-footer", ".bd-footer-article"]
FRAME_PAGES = {"index.html", "hardware/trainium2.html", "concepts/glossary.html", "search.html", "404.html"}
AXE_RUNS = [  # (mode, part of the page, options)
    ("light", None, {**AXE_OPTIONS["light"], "rules": {rule: {"enabled": False} for rule in COLOUR_RULES}}),
    ("light", SAMPLE, {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}),
    (
        "dark",
        None,
        {
            "runOnly": {"type": "rule", "values": [r for r in MODE_RULES if r not in COLOUR_RULES]},
            "resultTypes": ["violations"],
        },
    ),
    ("dark", SAMPLE, {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}),
]

# axe-core as axe-playwright-python bundles it.  The library's run() injects the whole script
# before every run and returns every result; here it is injected once per page load and only the
# violations come back (the "no-passes" reporter: axe builds no report of what passed).
AXE_SCRIPT = axe_module.Axe().axe_script
RUN_AXE = """async ([context, options]) => {
  const results = await axe.run(context || document, { ...options, reporter: "no-passes" });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def axe_violations(tab, context: dict | None = None, options: dict | None = None) -> list[dict]:
    """axe's violations on the loaded page (``context`` and ``options`` as axe.run takes them)."""
    if not tab.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        tab.evaluate(AXE_SCRIPT)
    return tab.evaluate(RUN_AXE, [context, options or {"resultTypes": ["violations"]}])


def set_mode(tab, mode: str) -> None:
    """The colour mode, switched the way the theme's own switcher does it."""
    tab.evaluate("m => { const h = document.documentElement; h.dataset.mode = m; h.dataset.theme = m; }", mode)
    assert tab.locator("html").get_attribute("data-theme") == mode


def mark_repeats(tab, frame: bool, seen: set[str]) -> int:
    """Mark what the colour rules can skip on the loaded page; ``seen``: the builds already checked
    (updated).  Returns how many subtrees were marked."""
    skip = [] if frame else FRAME
    repeated, checked = tab.evaluate(MARK_REPEATS, [sorted(seen), skip, STYLED_VALUES, DRAWN_PROPERTIES])
    seen.update(checked)
    return repeated


def axe_report(tab, path: str, frame: bool = True, seen: set[str] | None = None) -> list[str]:
    """axe's violations on the loaded page, in light mode then dark; the colour rules skip the
    repeats (``seen``: builds checked on earlier pages of the same run, updated) and, unless
    ``frame``, the theme's frame."""
    sample = SAMPLE if frame else {"exclude": [*SAMPLE["exclude"], *FRAME]}
    # The theme animates colour changes; axe must see the settled colours of each mode.
    tab.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    set_mode(tab, "light")
    mark_repeats(tab, frame, set() if seen is None else seen)
    report = []
    for mode, part, options in AXE_RUNS:
        set_mode(tab, mode)
        for violation in axe_violations(tab, sample if part else None, options):
            report.append(
                f"{path} ({mode}): {violation['id']} ({violation['impact']}): {violation['help']} -> {violation['targets']}"
            )
    return report
