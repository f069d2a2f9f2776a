"""Every page in Chromium, each loaded once for two checks: no console problem and no request to
another host (test_browser.Visits: a first visit with the cache off, a return visit on one page per
set of scripts), and axe (WCAG 2.2 A and AA) in light and dark (axe_checks.py), in two browsers at
once.  A file of its own so that under pytest-xdist it runs beside the other browser tests rather
than after them."""

# ruff: noqa: F811 - the fixtures of test_browser.py, imported by name, are the tests' arguments
from __future__ import annotations

import concurrent.futures
import re

import pytest
import tinycss2
from axe_checks import (
    AXE_RUNS,
    DRAWN_PROPERTIES,
    FRAME_PAGES,
    POSITIONAL_SUBJECTS,
    SAMPLE,
    axe_report,
    axe_violations,
    mark_repeats,
    set_mode,
)
from test_browser import (  # noqa: F401 - fixtures used by name
    ALL_PAGES,
    CHROMIUM_ARGS,
    Visits,
    _chromium,
    base_url,
    playwright_api,
    reused_tab,
    script_kinds,
)

BROWSERS = 2  # axe's contrast rule is CPU-bound in the page's renderer: two browsers use two cores


def _check(executable: str, base_url: str, paths: list[str], returning: set[str]) -> dict[str, dict]:
    """Each of ``paths`` checked in a browser of its own (Playwright's sync API is per thread): its
    console record (first visit, and return visit for the pages in ``returning``) and axe's report
    on the loaded page; the colour rules skip what an earlier page of the share has shown them."""
    found: dict[str, dict] = {}
    seen: set[str] = set()
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        visits = Visits.new_tab(browser, base_url)
        for path in paths:
            problems, foreign = visits.first(path)
            axe = axe_report(visits.page, path, frame=path in FRAME_PAGES, seen=seen)
            if path in returning:  # the reload drops what axe added to the page
                more, elsewhere = visits.again()
                problems, foreign = problems + more, foreign + elsewhere
            found[path] = {"problems": problems, "foreign": foreign, "axe": axe}
        visits.close()
        browser.close()
    return found


@pytest.fixture(scope="module")
def checked(base_url, site):
    executable = _chromium()
    returning = script_kinds(site, ALL_PAGES)
    shares = [ALL_PAGES[i::BROWSERS] for i in range(BROWSERS)]
    with concurrent.futures.ThreadPoolExecutor(BROWSERS) as pool:
        parts = list(pool.map(lambda paths: _check(executable, base_url, paths, returning), shares))
    return {path: result for part in parts for path, result in part.items()}


@pytest.mark.browser  # the checked fixture starts its own browsers
@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_console_problems_and_no_foreign_requests(checked, path):
    assert not checked[path]["problems"], "\n".join(checked[path]["problems"])
    assert not checked[path]["foreign"], f"requests to other hosts: {checked[path]['foreign']}"


@pytest.mark.browser
def test_axe_finds_no_wcag_violations_in_light_and_dark(checked):
    """Every page, checked by axe in both colour modes: one load per page, the mode switched the
    way the theme's own switcher does it (the html element's data-theme), axe asked for violations
    only (its passes are what makes a run slow).  Light mode gets every WCAG rule; dark mode the
    rules a colour mode can change (MODE_RULES), since the rest would see the same markup again."""
    assert sorted(checked) == sorted(ALL_PAGES)
    assert FRAME_PAGES <= set(ALL_PAGES), "the theme's frame is checked on pages that are checked"
    report = [line for result in checked.values() for line in result["axe"]]
    assert not report, f"{len(report)} axe violations:\n" + "\n".join(report)


# -- The colour rules' sample (axe_checks.MARK_REPEATS) ---------------------------------------------
FAINT = "#d8d8d8"  # on white: 1.4:1


def _faint_everywhere_but_once(tab, selector: str) -> int:
    """Make every element ``selector`` matches faint, each in its own inline style (which becomes
    part of its build), except the first: returns how many were made faint."""
    return tab.evaluate(
        """([selector, faint]) => {
          const all = [...document.querySelectorAll(selector)].slice(1);
          all.forEach((e) => e.style.setProperty("color", faint, "important"));
          return all.length;
        }""",
        [selector, FAINT],
    )


def _unmarked(tab) -> list[int]:
    """How many elements of the article the colour rules still check, and how many it has."""
    return tab.evaluate(
        "() => [document.querySelectorAll('article *:not([data-axe-repeat], [data-axe-repeat] *)').length,"
        " document.querySelectorAll('article *').length]"
    )


# The tests below share the module's tab: each starts with a navigation, so nothing of the last is left.
def test_the_colour_rules_skip_what_was_seen_but_not_under_a_new_stylesheet(reused_tab, base_url):
    """Most of a long page is repeats; a page whose every build was shown before is skipped whole;
    and a colour fault in the rows of every table, brought by a stylesheet, is still found on a
    page seen before (a build is only the same under the same stylesheets)."""
    tab = reused_tab
    seen: set[str] = set()
    page = base_url + "hardware/neuron-instances.html"
    tab.goto(page, wait_until="load")
    set_mode(tab, "light")
    repeated = mark_repeats(tab, frame=False, seen=seen)
    kept, total = _unmarked(tab)
    assert repeated > 0 and kept < total / 2, (repeated, kept, total)
    tab.goto(page, wait_until="load")
    set_mode(tab, "light")
    mark_repeats(tab, frame=False, seen=seen)
    assert _unmarked(tab)[0] == 0, "a page seen before is checked again"
    tab.goto(page, wait_until="load")
    tab.add_style_tag(content=f"tbody td {{ color: {FAINT} !important; }}")
    set_mode(tab, "light")
    mark_repeats(tab, frame=False, seen=seen)
    found = axe_violations(tab, SAMPLE, AXE_RUNS[1][2])
    assert [v["id"] for v in found] == ["color-contrast"]


def test_an_element_built_differently_is_checked_though_its_kind_was_seen(reused_tab, base_url):
    """An inline style, a class or a place among siblings makes a new build: the colour rules
    check it even where an element of its tag in its table was checked before."""
    tab = reused_tab
    tab.goto(base_url + "hardware/neuron-instances.html", wait_until="load")
    faint = _faint_everywhere_but_once(tab, "article tbody td")
    set_mode(tab, "light")
    mark_repeats(tab, frame=False, seen=set())
    found = axe_violations(tab, SAMPLE, AXE_RUNS[1][2])
    assert faint > 1 and [v["id"] for v in found] == ["color-contrast"], found


def test_a_place_is_part_of_the_build_only_where_a_drawing_rule_selects_on_it(reused_tab):
    """A rule that colours a list's last item: that item is checked though an item built like it
    but for its place was seen; a rule that sets only a margin by place splits no build."""
    tab = reused_tab
    tab.set_content(
        "<!doctype html><html lang=en><title>Places</title>"
        f"<style>li:last-child {{ color: {FAINT}; }} p:first-child {{ margin-top: 0; }}</style>"
        "<main><ul><li>one</li><li>two</li><li>three</li></ul><div><p>first</p><p>second</p></div></main>"
    )
    mark_repeats(tab, frame=False, seen=set())
    found = axe_violations(tab, SAMPLE, AXE_RUNS[1][2])
    repeats = tab.evaluate("() => [...document.querySelectorAll('[data-axe-repeat]')].map((e) => e.textContent)")
    assert [v["id"] for v in found] == ["color-contrast"], found
    assert repeats == ["second"]


POSITIONAL_CASES = {  # a stylesheet -> the elements whose place it makes count ("*": every element's)
    "li:first-child > a:last-child { color: red }": "li:is(*), li:is(*) > a:is(*)",
    ".x:not(:last-child) { background: red }": ".x:is(*)",
    "@media (min-width: 1px) { tr:nth-child(2n):hover td::before { color: red } }": "tr:is(*)",
    "ul > :first-child { --accent: red }": "ul > :is(*)",
    "p:first-child { margin-top: 0 } p { color: red }": "",
    ":is(li:first-child) a { color: red }": "*",
    "li:nth-child(2n of :not(.x)) { color: red }": "*",
}


def test_the_positional_selectors_are_read_from_the_stylesheets(reused_tab):
    tab = reused_tab
    found = {}
    for css in POSITIONAL_CASES:
        tab.set_content(f"<!doctype html><style>{css}</style><p>text</p>")
        found[css] = tab.evaluate(f"(drawn) => ({POSITIONAL_SUBJECTS})(drawn)", DRAWN_PROPERTIES)
    assert found == POSITIONAL_CASES


# Selectors that make an element's colour, size or weight depend on its siblings in ways the build
# does not record: any :nth-child but a table row's parity, :only-*, :empty, :has() and the sibling
# combinators (except for a ::before/::after, whose generated text axe does not check).  The
# user-action states (:hover, :focus, ...) are not checked by axe either.
SIBLING_DEPENDENT = re.compile(r":(nth-|only-|empty|has\()|[+~]")
ROW_PARITY = re.compile(r"\btr:nth-child\((odd|even|2n)\)")
UNCHECKED = re.compile(r"::?(before|after)\b|:(hover|active|focus|focus-visible|focus-within|visited|target)\b")
DRAWN = re.compile(DRAWN_PROPERTIES)


def _rules(items):
    for rule in items:
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            yield from _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))


def sibling_dependent_selectors(css: str) -> list[str]:
    found = []
    for rule in _rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
        content = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        # a custom property may carry a colour to the rules that use it, as the positional reader assumes
        if not any(d.type == "declaration" and (d.name.startswith("--") or DRAWN.match(d.lower_name)) for d in content):
            continue
        for selector in tinycss2.serialize(rule.prelude).split(","):
            rest = ROW_PARITY.sub("tr", re.sub(r"\[[^\]]*\]", "[]", selector))  # [class~=x] is no combinator
            if SIBLING_DEPENDENT.search(rest) and not UNCHECKED.search(rest):
                found.append(selector.strip())
    return found


def test_the_check_finds_a_colour_that_depends_on_siblings():
    css = (
        "td + td{color:red}.a:nth-child(3){background:#000}.b:nth-child(odd){color:#111}"
        "tr:nth-child(odd){background:#eee}li+li::before{color:red}td:first-child{color:#222}p ~ p{margin:0}"
        ".c ~ .c{--accent:red}"
    )
    assert sibling_dependent_selectors(css) == ["td + td", ".a:nth-child(3)", ".b:nth-child(odd)", ".c ~ .c"]


def test_no_colour_in_the_published_stylesheet_depends_on_siblings_in_a_way_the_build_misses(site):
    css = (site.outdir / "_static" / "site.css").read_text(encoding="utf-8")
    assert sibling_dependent_selectors(css) == []
