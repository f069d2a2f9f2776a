"""axe (WCAG 2.2 A and AA) over every page in light and dark, in two browsers at once, with the
shared runs of test_browser.py (``axe_report``); a file of its own so that under pytest-xdist it
runs beside the other browser tests rather than after them."""

# ruff: noqa: F811 - the fixtures of test_browser.py, imported by name, are the tests' arguments
from __future__ import annotations

import concurrent.futures

from test_browser import (  # noqa: F401 - fixtures used by name
    ALL_PAGES,
    AXE_RUNS,
    AXE_WORKERS,
    CHROMIUM_ARGS,
    FRAME_PAGES,
    MARK_REPEATS,
    SAMPLE,
    _chromium,
    axe_report,
    axe_violations,
    base_url,
    browser,
    playwright_api,
)


def _axe_report(executable: str, base_url: str, paths: list[str]) -> list[str]:
    """axe on ``paths`` in a browser of its own (Playwright's sync API is per thread)."""
    report = []
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        for path in paths:
            tab.goto(base_url + path, wait_until="load")  # deferred scripts have run by the load event
            report += axe_report(tab, path, frame=path in FRAME_PAGES)
        browser.close()
    return report


def test_the_colour_rules_still_see_every_kind_of_row(browser, base_url):
    """The repeats are only repeats: each table keeps its first rows, and a colour fault in the rows
    of a table is still found with the repeats left out."""
    tab = browser.new_page()
    tab.goto(base_url + "hardware/neuron-instances.html", wait_until="load")
    repeated = tab.evaluate(MARK_REPEATS)
    kept = tab.evaluate(
        "() => [...document.querySelectorAll('tbody')].map(b => b.querySelectorAll(':scope > tr:not([data-axe-repeat])').length)"
    )
    assert repeated > 0 and kept and min(kept) >= 1, (repeated, kept)
    tab.add_style_tag(content="tbody td { color: #d8d8d8 !important; }")
    found = axe_violations(tab, SAMPLE, AXE_RUNS[1][2])
    tab.close()
    assert [v["id"] for v in found] == ["color-contrast"]


def test_axe_finds_no_wcag_violations_in_light_and_dark(base_url):
    """Every page, checked by axe in both colour modes: one load per page, the mode switched the
    way the theme's own switcher does it (the html element's data-theme), axe asked for violations
    only (its passes are what makes a run slow).  Light mode gets every WCAG rule; dark mode the
    rules a colour mode can change (MODE_RULES), since the rest would see the same markup again."""
    executable = _chromium()
    shares = [ALL_PAGES[i::AXE_WORKERS] for i in range(AXE_WORKERS)]
    with concurrent.futures.ThreadPoolExecutor(AXE_WORKERS) as pool:
        reports = list(pool.map(lambda paths: _axe_report(executable, base_url, paths), shares))
    assert sorted(p for share in shares for p in share) == sorted(ALL_PAGES)
    assert FRAME_PAGES <= set(ALL_PAGES), "the theme's frame is checked on pages that are checked"
    report = [line for part in reports for line in part]
    assert not report, f"{len(report)} axe violations:\n" + "\n".join(report)
