"""Figure records in Chromium: a figure's record opens in place by keyboard and touch, closes with
Escape (focus back on the figure), passes axe while open, and is reached by the plain link when
JavaScript is off.  Fixtures and helpers are those of test_browser.py."""

# ruff: noqa: F811 - the fixtures of test_browser.py, imported by name, are the tests' arguments
from __future__ import annotations

from urllib.parse import urldefrag

import hostile
from axe_checks import axe_report
from test_browser import (  # noqa: F401 - fixtures used by name
    PHONE,
    Watched,
    base_url,
    context,
    scripts_ready,
    serve,
)
from test_figure_records import BY_ANCHOR, SPECS, expected_sources

OPEN = ".nhw-record-pop:popover-open"
FIGURE = "table.spec-table a.nhw-fig"


def _expected_text(href: str) -> list[str]:
    """What the record of the figure a link points to must say, from the data file."""
    figure_id = BY_ANCHOR[urldefrag(href)[1]]
    out = []
    for key in expected_sources(figure_id):
        out += [SPECS.sources[key]["title"], f"checked {SPECS.sources[key]['checked']}"]
    return out


def test_a_record_opens_by_keyboard_and_closes_with_escape(context, base_url):
    tab = context.new_page()
    tab.goto(base_url + "hardware/trainium2.html", wait_until="load")
    scripts_ready(tab)
    link = tab.locator(FIGURE).first
    link.focus()
    tab.keyboard.press("Enter")
    popover = tab.locator(OPEN)
    popover.wait_for(timeout=5000)
    assert urldefrag(tab.url)[0].endswith("hardware/trainium2.html"), "the page stays where it was"
    assert tab.evaluate("document.activeElement.closest('.nhw-record-pop') !== null"), "focus moves into it"
    assert popover.get_attribute("role") == "dialog"
    label = tab.evaluate(
        "document.getElementById(document.querySelector('.nhw-record-pop').getAttribute('aria-labelledby'))?.textContent"
    )
    assert label, "the dialog is named by the record's heading"
    text = " ".join(popover.inner_text().split())
    for expected in _expected_text(link.get_attribute("href")):
        assert expected in text
    tab.keyboard.press("Escape")
    tab.locator(".nhw-record-pop").wait_for(state="hidden", timeout=3000)
    assert tab.evaluate("document.activeElement.classList.contains('nhw-fig')"), "focus returns to the figure"
    assert tab.evaluate("document.activeElement.getAttribute('href')") == link.get_attribute("href")
    # The close button works by keyboard too.
    tab.keyboard.press("Enter")
    popover.wait_for(timeout=5000)
    tab.locator(".nhw-record-pop__close").focus()
    tab.keyboard.press("Enter")
    tab.locator(".nhw-record-pop").wait_for(state="hidden", timeout=3000)


def test_a_record_in_a_sentence_and_in_a_chart_opens_in_place(context, base_url):
    tab = context.new_page()
    tab.goto(base_url + "hardware/compare.html", wait_until="load")
    scripts_ready(tab)
    chart = tab.locator("a.nhw-chart__record").first
    chart.scroll_into_view_if_needed()
    chart.click()
    tab.locator(OPEN).wait_for(timeout=5000)
    text = " ".join(tab.locator(OPEN).inner_text().split())
    for expected in _expected_text(chart.get_attribute("href")):
        assert expected in text
    tab.keyboard.press("Escape")
    tab.goto(base_url + "concepts/memory-hierarchy.html", wait_until="load")
    scripts_ready(tab)
    inline = tab.locator("a.spec-value.nhw-fig").first
    inline.click()
    tab.locator(OPEN).wait_for(timeout=5000)


def test_axe_is_clean_with_a_record_open_and_on_the_records_page(base_url, browser):
    tab = browser.new_page()
    report = []
    seen: set[str] = set()  # the colour rules skip on the records page what they checked on the first
    for path, open_one in (("hardware/trn2-arch.html", True), ("hardware/figure-records.html", False)):
        tab.goto(base_url + path, wait_until="load")
        if open_one:
            tab.locator(FIGURE).first.click()
            tab.locator(OPEN).wait_for(timeout=5000)
        report += axe_report(tab, path, frame=False, seen=seen)  # the frame: test_browser_axe's
    tab.close()
    assert not report, "\n".join(report)


def test_a_record_opens_by_touch_on_a_phone_and_fits_the_screen(browser, base_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(base_url + "hardware/neuron-instances.html", wait_until="load")
    scripts_ready(tab)
    link = tab.locator(FIGURE).first
    link.scroll_into_view_if_needed()
    link.tap()
    popover = tab.locator(OPEN)
    popover.wait_for(timeout=5000)
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert widths[0] <= widths[1], "the popover widens the page"


def test_without_javascript_a_figure_leads_to_its_record(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "hardware/trainium3.html", wait_until="load")
    link = tab.locator(FIGURE).first
    href = link.get_attribute("href")
    link.click()
    tab.wait_for_url("**/figure-records.html#rec-*")
    record = tab.locator(f"#{urldefrag(href)[1]}")
    assert record.is_visible()
    text = " ".join(record.inner_text().split())
    context.close()
    for expected in _expected_text(href):
        assert expected in text


def test_a_record_of_hostile_data_opens_as_text(context, tmp_path):
    app, _used = hostile.build(tmp_path)
    dialogs: list[str] = []
    with serve(app.outdir) as url:
        watched = Watched(context, url)
        tab = watched.page
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(url + "chips.html", wait_until="load")
        tab.locator("a.nhw-fig").first.click()
        tab.locator(OPEN).wait_for(timeout=5000)
        injected = tab.evaluate("document.querySelectorAll('img, [onerror], .nhw-record-pop script').length")
    assert not dialogs and not injected
    assert not [p for p in watched.problems if "page error" in p], watched.problems
