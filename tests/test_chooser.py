"""The instance chooser, built and in Chromium; the sizing charts in Chromium.

Static checks read the built site; the browser checks reuse the server, the Chromium launch and
the fixtures of ``test_browser.py``. Expected values come from the data file.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import pytest
from conftest import DATA, plain, table_captioned
from neuron_hw.data import load_specs

SPECS = load_specs(DATA)
PAGE = "hardware/neuron-instances.html"
CAPTION = "Choose an instance: every size and UltraServer (sort and filter)"
SCRIPT = "nhw-chooser.js"
MARKS = ("n/a", "n/p")
SYSTEMS = list(SPECS.systems.values())


def _table(soup):
    return table_captioned(soup, CAPTION)


def _text(cell) -> str:
    cell = copy.copy(cell)  # the page's tree is shared by the tests: edit a copy
    for ref in cell.select("a.spec-note-ref"):
        ref.decompose()
    return cell.get_text(" ", strip=True)


def _number(text: str) -> Decimal | None:
    return None if text in MARKS else Decimal(text.replace(",", ""))


def _has_efa(system) -> bool | None:
    """EFA on the size: its own ``efa`` figure; none on a size the sources describe; unknown
    without a chip count."""
    if "efa" in system.figures:
        return True
    if "chips" not in system.figures:
        return None
    return False


# -- the built page, no JavaScript involved --------------------------------------------------------
def test_the_table_lists_every_size_with_every_column(site):
    table = _table(site.html(PAGE))
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = [[_text(c) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert [r[0] for r in rows] == [s.name for s in SYSTEMS]
    assert all(len(r) == len(heads) for r in rows)
    assert all(cell for r in rows for cell in r), "no blank cell"
    memory = heads.index("Device memory (GiB)")
    chips = heads.index("Chips")
    for system, row in zip(SYSTEMS, rows, strict=True):
        chip = SPECS.chips[system.chip]
        if "chips" not in system.figures:
            assert row[memory] == "n/p" and row[chips] == "n/p"
            continue
        assert _number(row[chips]) == system.figures["chips"].value
        assert _number(row[memory]) == system.figures["chips"].value * chip.figures["device_memory"].value


def test_numeric_columns_name_one_unit_and_hold_numbers(site):
    table = _table(site.html(PAGE))
    heads = table.select("thead th")
    sortable = [i for i, th in enumerate(heads) if "nhw-sort" in th.get("class", [])]
    assert len(sortable) >= 8
    for i in sortable:
        for tr in table.select("tbody tr"):
            text = _text(tr.find_all(["th", "td"])[i])
            assert text in MARKS or re.fullmatch(r"\d[\d,]*(\.\d+)?", text), (heads[i].get_text(), text)
    units = {th.get_text(" ", strip=True): re.search(r"\(([^()]*)\)$", th.get_text(" ", strip=True)) for th in heads}
    assert units["Device memory (GiB)"] and units["Memory bandwidth (TB/s)"] and units["EFA (Gbps)"]


def test_rows_carry_their_filter_keys(site):
    table = _table(site.html(PAGE))
    for system, tr in zip(SYSTEMS, table.select("tbody tr"), strict=True):
        classes = tr.get("class", [])
        assert f"nhw-f-{system.family}" in classes
        efa = _has_efa(system)
        assert f"nhw-efa-{'unknown' if efa is None else 'yes' if efa else 'no'}" in classes, system.id


def test_controls_are_labelled_and_hidden_until_the_script_runs(site):
    soup = site.html(PAGE)
    form = soup.select_one(".nhw-chooser form")
    status = soup.select_one(".nhw-chooser .nhw-chooser-status")
    assert form.has_attr("hidden") and status.has_attr("hidden")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    for control in form.select("select, input"):
        label = form.select_one(f'label[for="{control["id"]}"]')
        assert label and label.get_text(strip=True), control["id"]
    families = [o["value"] for o in form.select("select[name=family] option") if o["value"]]
    assert families == list(SPECS.families)


def test_the_script_is_small_local_deferred_and_only_where_a_chooser_is(site):
    script = site.outdir / "_static" / SCRIPT
    assert script.stat().st_size < 4096
    assert not re.search(r"https?:|//[a-z]|fetch\(|XMLHttpRequest|import\(", script.read_text(encoding="utf-8"))
    for page in site.pages():
        soup = site.html(page.relative_to(site.outdir).as_posix())
        tags = [s for s in soup.select("script[src]") if SCRIPT in s["src"]]
        if soup.select_one(".nhw-chooser"):
            assert len(tags) == 1 and tags[0].has_attr("defer"), page
        else:
            assert not tags, f"{page} loads the chooser script without a chooser"


def test_the_chooser_css_is_in_the_bundle(site):
    css = (site.outdir / "_static" / "site.css").read_text(encoding="utf-8")
    for selector in (".nhw-chooser-form", ".nhw-sort-button", ".nhw-chart__bar"):
        assert selector in css, selector
    assert not (site.outdir / "_static" / "nhw-chooser.css").exists()  # joined into site.css


# -- in Chromium -----------------------------------------------------------------------------------
browser_helpers = pytest.importorskip("test_browser")
axe_checks = pytest.importorskip("axe_checks")
base_url = browser_helpers.base_url  # fixtures from test_browser.py
PHONE = browser_helpers.PHONE


def _context(browser, javascript=True, viewport=None, mode="light"):
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    context.set_default_timeout(10_000)
    return context


def _load(tab, base_url, javascript=True):
    tab.goto(base_url + PAGE, wait_until="load")
    if javascript:
        tab.locator(".nhw-chooser form:not([hidden])").wait_for()
        # The chooser keeps nothing in storage: a fresh load starts it with every filter empty and
        # no column sorted, whatever an earlier test did in the same tab.
        fresh = tab.evaluate(
            """() => [...document.querySelectorAll('.nhw-chooser form select, .nhw-chooser form input')]
                 .every(c => c.value === '') && !document.querySelector('.nhw-chooser th[aria-sort]')"""
        )
        assert fresh, "the chooser kept a filter or a sort across a page load"
    return tab


@pytest.fixture(scope="module")
def chooser_tab(browser):
    """JavaScript on, the default viewport, light mode: one tab for the tests below, each of which
    loads the page afresh (a tab of their own would each start a renderer process)."""
    context = _context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def chooser(chooser_tab, base_url):
    """The chooser page, freshly loaded in the shared tab."""
    return _load(chooser_tab, base_url)


def _visible_names(tab) -> list[str]:
    return tab.eval_on_selector_all(
        ".nhw-chooser-table tbody tr:not([hidden])",
        "rows => rows.map(r => { const c = r.cells[0].cloneNode(true);"
        " c.querySelectorAll('.spec-note-ref').forEach(a => a.remove()); return c.textContent.trim(); })",
    )


def _column(tab, header: str) -> list[str]:
    return tab.evaluate(
        """(header) => {
          const table = document.querySelector('.nhw-chooser-table');
          const i = [...table.tHead.rows[0].cells].findIndex(th => th.innerText.trim().startsWith(header));
          return [...table.tBodies[0].rows].filter(r => !r.hidden).map(r => {
            const c = r.cells[i].cloneNode(true);
            c.querySelectorAll('.spec-note-ref').forEach(a => a.remove());
            return c.innerText.trim();
          });
        }""",
        header,
    )


def test_without_javascript_the_whole_table_shows_and_no_control(browser, base_url):
    context = _context(browser, javascript=False)
    tab = _load(context.new_page(), base_url, javascript=False)
    assert _visible_names(tab) == [s.name for s in SYSTEMS]
    assert tab.locator(".nhw-chooser form").is_hidden()
    assert tab.locator(".nhw-chooser-table button").count() == 0
    context.close()


def test_sort_buttons_sort_and_set_aria_sort(chooser):
    tab = chooser
    button = tab.get_by_role("button", name=re.compile(r"^Device memory"))
    header = tab.locator("th", has=button)
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = [_number(v) for v in _column(tab, "Device memory")]
    known = [v for v in values if v is not None]
    assert known == sorted(known) and values[: len(known)] == known, "figures ascending, marks last"
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [_number(v) for v in _column(tab, "Device memory")]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and values[: len(known)] == known
    # Only one column is marked as sorted.
    assert tab.locator("th[aria-sort]").count() == 1
    assert "Sorted by Device memory" in tab.locator(".nhw-chooser-status").inner_text()


def test_every_numeric_column_sorts(chooser):
    tab = chooser
    buttons = tab.locator(".nhw-sort-button")
    for i in range(buttons.count()):
        label = buttons.nth(i).inner_text().strip()
        buttons.nth(i).click()
        values = [_number(v) for v in _column(tab, label.split(" (")[0])]
        known = [v for v in values if v is not None]
        assert known == sorted(known), label


def test_filters_narrow_the_rows_and_the_count_is_announced(chooser):
    tab = chooser
    status = tab.locator(".nhw-chooser-status")
    assert status.inner_text().startswith(f"{len(SYSTEMS)} of {len(SYSTEMS)}")
    form = tab.locator(".nhw-chooser form")
    form.locator("select[name=family]").select_option("trn2")
    expected = [s.name for s in SPECS.systems_of("trn2")]
    assert _visible_names(tab) == expected
    assert status.inner_text().startswith(f"{len(expected)} of {len(SYSTEMS)} sizes shown")
    form.locator("select[name=family]").select_option("")
    form.locator("select[name=efa]").select_option("no")
    assert _visible_names(tab) == [s.name for s in SYSTEMS if _has_efa(s) is False]
    form.locator("select[name=efa]").select_option("")
    role = next(c.role for c in SPECS.chips.values())
    form.locator("select[name=role]").select_option(label=role)
    assert _visible_names(tab) == [s.name for s in SYSTEMS if SPECS.chips[s.chip].role == role]
    form.locator("select[name=role]").select_option("")
    least = SPECS.chips["trainium2"].figures["device_memory"].value * 16  # a threshold taken from the data
    form.locator("input[name=memory]").fill(str(least))
    expected = [
        s.name
        for s in SYSTEMS
        if "chips" in s.figures
        and s.figures["chips"].value * SPECS.chips[s.chip].figures["device_memory"].value >= least
    ]
    assert _visible_names(tab) == expected


def test_no_match_shows_a_message_and_a_reset_in_place_of_the_table(chooser):
    tab = chooser
    form = tab.locator(".nhw-chooser form")
    most = max(
        s.figures["chips"].value * SPECS.chips[s.chip].figures["device_memory"].value
        for s in SYSTEMS
        if "chips" in s.figures
    )
    form.locator("input[name=memory]").fill(str(most + 1))  # more memory than any size has
    message = tab.locator(".nhw-chooser-empty")
    assert message.is_visible() and "No size matches these filters" in message.inner_text()
    assert not tab.locator(".nhw-chooser table").is_visible()
    assert tab.locator(".nhw-chooser-status").inner_text() == "No size matches these filters."
    message.get_by_role("button", name="Reset filters").click()
    assert form.locator("input[name=memory]").input_value() == ""
    assert len(_visible_names(tab)) == len(SYSTEMS) and not message.is_visible()
    form.locator("select[name=family]").select_option("trn2")
    form.get_by_role("button", name="Reset filters").click()  # the form's own reset
    assert len(_visible_names(tab)) == len(SYSTEMS)


def test_keyboard_tab_to_a_sort_button_and_enter_sorts(chooser):
    tab = chooser
    tab.locator(".nhw-chooser form select[name=efa]").focus()
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('nhw-sort-button')"):
            break
    else:
        pytest.fail("Tab never reached a sort button")
    label = tab.evaluate("document.activeElement.innerText.trim()")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.closest('th').getAttribute('aria-sort')") == "ascending"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.closest('th').getAttribute('aria-sort')") == "descending"
    values = [_number(v) for v in _column(tab, label.split(" (")[0])]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True)
    # The focus ring is visible on the button.
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_axe_is_clean_on_the_chooser_after_use(chooser):
    """Sorted and filtered: every WCAG rule in light mode, the colour rules in both (the theme's
    frame is test_browser_axe's)."""
    tab = chooser
    tab.get_by_role("button", name=re.compile(r"^EFA")).click()
    tab.locator(".nhw-chooser form select[name=family]").select_option("trn1")
    problems = axe_checks.axe_report(tab, PAGE, frame=False)
    assert not problems, "\n".join(problems)


# -- the sizing charts in Chromium ----------------------------------------------------------------
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_chart_text_is_at_least_11_px_and_colours_follow_the_theme(browser, base_url, mode):
    context = browser.new_context(viewport=PHONE, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    tab = context.new_page()
    tab.goto(base_url + "hardware/compare.html", wait_until="load")
    sizes = tab.eval_on_selector_all(
        "svg.nhw-chart text",
        "els => els.map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })",
    )
    assert sizes and min(sizes) >= 11, min(sizes)
    colours = tab.evaluate(
        """() => {
          const bar = document.querySelector('svg.nhw-chart rect.nhw-chart__bar');
          const text = document.querySelector('svg.nhw-chart text');
          const root = getComputedStyle(document.documentElement);
          const probe = document.createElement('span');
          document.body.append(probe);
          const resolve = (v) => { probe.style.color = v; return getComputedStyle(probe).color; };
          return {
            bar: getComputedStyle(bar).fill, primary: resolve(root.getPropertyValue('--pst-color-primary')),
            text: getComputedStyle(text).fill, base: resolve(root.getPropertyValue('--pst-color-text-base')),
          };
        }"""
    )
    assert colours["bar"] == colours["primary"] and colours["text"] == colours["base"], colours
    widths = tab.eval_on_selector_all("svg.nhw-chart", "els => els.map(e => e.getBoundingClientRect().right)")
    assert max(widths) <= PHONE["width"]
    context.close()


def test_efa_cells_keep_the_note_of_the_systems_efa_figure(site):
    """The chooser is the page's only all-sizes table, so an EFA figure that carries a note (a
    total AWS publishes differently, or one that sums per-chip adapters) keeps it here, as on the
    family pages."""
    soup = site.html(PAGE)
    table = _table(soup)
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    efa = heads.index("EFA (Gbps)")
    rows = {_text(tr.find_all(["th", "td"])[0]): tr.find_all(["th", "td"]) for tr in table.select("tbody tr")}
    noted = [s for s in SYSTEMS if "efa" in s.figures and s.figures["efa"].note]
    assert noted  # the case is in the data
    for system in noted:
        targets = [a["href"].lstrip("#") for a in rows[system.name][efa].select("a.spec-note-ref")]
        notes = [plain(soup.find(id=t).get_text(" ", strip=True)) for t in targets]
        assert any(n.startswith(plain(SPECS.notes[system.figures["efa"].note])) for n in notes), system.name
