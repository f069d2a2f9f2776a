"""The built site in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1.

In CI these tests must run: a missing Chromium fails them.  On a developer machine without
Chromium they are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import chromium
import hostile
import pytest
from contract import CARDS, PAGES

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = list(chromium.FLAGS)
CONCEPT_PAGES = sorted(f"concepts/{p.stem}.html" for p in (Path(__file__).parent.parent / "concepts").glob("*.md"))
ALL_PAGES = [
    "index.html",
    "hardware/index.html",
    *(f"hardware/{p}.html" for p in PAGES),
    *CONCEPT_PAGES,
    "search.html",
    "404.html",
]
PHONE = {"width": 390, "height": 844}


def _chromium() -> str:
    path = chromium.executable()
    if not os.access(path, os.X_OK):
        reason = f"Chromium not found at {path} (install Debian's chromium package)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; browser tests must run in CI")
        pytest.skip(reason)
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free 127.0.0.1 port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def base_url(site):
    assert site.result.returncode == 0, site.result.stderr
    with serve(site.outdir) as url:
        yield url


@contextlib.contextmanager
def launched():
    """Chromium launched headless with the site's flags (tools/chromium.py), through Playwright.
    The browser tests share one per test process: the ``browser`` fixture in conftest.py."""
    executable = _chromium()
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page whose console problems and outgoing requests are recorded."""

    def __init__(self, context, base_url):
        self.page = context.new_page()
        self.problems: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.base_url = base_url
        origin = urlsplit(base_url).netloc
        self.page.on(
            "request",
            lambda req: (
                None
                if urlsplit(req.url).scheme == "data" or urlsplit(req.url).netloc == origin
                else self.foreign.append(req.url)
            ),
        )

    def forget(self) -> None:
        """Start a new record, on the same page, for the next visit; the origin's storage emptied."""
        self.problems.clear()
        self.foreign.clear()
        self.page.context.clear_cookies()
        if self.page.url.startswith(self.base_url):
            self.page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")


def scripts_ready(tab) -> None:
    """Wait until the page's scripts, fetched after its first paint, have run.

    The theme's script marks the active colour mode in its menu when it starts."""
    tab.wait_for_function("() => document.querySelector('.theme-change-button.active') !== null")


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def reused_tab(browser):
    """One tab for the tests that start with a page load and change nothing a later page keeps
    (no stored setting): a tab of its own per test would start a renderer process each time."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("title", "page"), [(c[0], c[3]) for c in CARDS], ids=[c[3] for c in CARDS])
def test_clicking_a_card_opens_its_page(reused_tab, base_url, title, page):
    tab = reused_tab
    tab.goto(base_url + "hardware/index.html")
    # The card's link is stretched over the whole card: click the card as a reader would.
    tab.locator(".sd-card", has=tab.locator(".sd-card-title", has_text=title)).first.click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == f"/hardware/{page}.html"
    assert tab.locator("h1").first.inner_text().strip().rstrip("#").strip() == title


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Trainium2", ["hardware/trainium2.html"]),
        ("SBUF", ["hardware/neuron-core-v2.html", "hardware/neuron-core-v3.html", "hardware/neuron-core-v4.html"]),
        ("NeuronLink", ["hardware/trn2-arch.html", "hardware/trainium3.html"]),
    ],
)
def test_search_finds_the_right_pages(reused_tab, base_url, query, expected):
    tab = reused_tab
    tab.goto(base_url + "hardware/index.html")
    scripts_ready(tab)
    tab.locator("button.search-button__button").first.click()
    field = tab.locator("#pst-search-dialog input[name=q]")
    field.fill(query)
    field.press("Enter")
    tab.wait_for_url("**/search.html?q=*")
    # The search page lists the results of ?q= once the status line says how many there are.
    tab.locator(".nhs-page .nhs-status", has_text="for “").wait_for(timeout=15000)
    links = tab.locator(".nhs-page .nhs-results a").all()
    found = {urlsplit(a.get_attribute("href")).path.lstrip("/") for a in links}
    missing = [p for p in expected if p not in found]
    assert not missing, f"search for {query!r} did not list {missing}; found {sorted(found)}"


def test_theme_switch_changes_and_persists_the_mode(context, base_url):
    tab = context.new_page()
    tab.goto(base_url + "hardware/trainium2.html")
    scripts_ready(tab)
    html = tab.locator("html")
    for mode in ("dark", "light", "dark"):
        header = tab.locator(".bd-header")
        header.locator(".theme-switch-button").click()
        header.locator(f".theme-change-button[data-mode={mode}]").click()
        assert html.get_attribute("data-theme") == mode
    tab.goto(base_url + "hardware/inf2-arch.html")
    assert html.get_attribute("data-theme") == "dark" and html.get_attribute("data-mode") == "dark"
    tab.reload()
    assert html.get_attribute("data-theme") == "dark"


# Seconds every script response is held back.  Playwright serves routed requests one at a time, so
# a page's four scripts arrive after four times this; long enough for a click to come first.
SCRIPT_DELAY = 0.5


def _slow_scripts(route):
    time.sleep(SCRIPT_DELAY)
    route.continue_()


def _first_action(tab, action: str) -> None:
    if action == "ctrl+k":
        tab.keyboard.press("Control+k")
    elif action == "search button":
        tab.locator(".bd-header button.search-button__button").first.click()
    else:
        tab.locator(".bd-header .theme-switch-button").first.click()


@pytest.mark.parametrize("action", ["ctrl+k", "search button", "theme switch"])
def test_the_first_action_after_load_takes_effect_with_slow_scripts(context, base_url, action):
    """With scripts served slowly, a reader's first key press or click once the page has loaded works."""
    tab = context.new_page()
    tab.route("**/*.js*", _slow_scripts)
    tab.goto(base_url + "hardware/trainium2.html", wait_until="load")
    _first_action(tab, action)
    if action == "theme switch":
        tab.locator(".bd-header .theme-switch-container .dropdown-menu.show").wait_for(timeout=3000)
    else:
        tab.locator("#pst-search-dialog[open]").wait_for(timeout=3000)
        assert tab.evaluate("document.activeElement.name") == "q"


class Visits:
    """A tab whose console problems and requests to other hosts are recorded page by page, reused
    from page to page (opening a tab starts a renderer process, which costs Chromium more CPU than
    loading a page).  A first visit has the browser's cache off and the origin's storage empty, so
    every file is requested; a return visit reloads the page with cache and storage kept.  Both
    wait for "networkidle" (nothing in flight for half a second) rather than "load": a request a
    script makes after the load event must be seen too."""

    def __init__(self, watched: Watched):
        self.base_url = watched.base_url
        self.watched = watched
        self.page = watched.page
        self._cache = self.page.context.new_cdp_session(self.page)

    @classmethod
    def new_tab(cls, browser, base_url: str) -> Visits:
        return cls(Watched(browser.new_context(), base_url))

    def first(self, path: str) -> tuple[list[str], list[str]]:
        self.watched.forget()
        self._cache.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.page.goto(self.base_url + path, wait_until="networkidle", timeout=30_000)
        self._cache.send("Network.setCacheDisabled", {"cacheDisabled": False})
        return self._record()

    def again(self) -> tuple[list[str], list[str]]:
        self.watched.problems.clear()
        self.watched.foreign.clear()
        self.page.reload(wait_until="networkidle", timeout=30_000)
        return self._record()

    def _record(self) -> tuple[list[str], list[str]]:
        return list(self.watched.problems), list(self.watched.foreign)

    def close(self) -> None:
        self.page.context.close()


def script_kinds(site, paths: list[str]) -> set[str]:
    """One page for each set of scripts a page loads (their addresses; inline scripts by text): a
    return visit differs from a first one only in what the scripts find stored or cached."""
    kinds: dict[tuple, str] = {}
    for path in paths:
        own_name = path.removesuffix(".html")  # inline scripts name their page (pagename)
        scripts = tuple(
            sorted(
                urljoin("/" + path, s["src"]) if s.get("src") else s.get_text().replace(own_name, "")
                for s in site.html(path).find_all("script")
            )
        )
        kinds.setdefault(scripts, path)
    return set(kinds.values())


def test_the_visits_record_each_pages_own_problems_and_late_requests(browser, tmp_path):
    """One reused tab keeps each page's record apart, a request made after the load event is seen,
    and a return visit is recorded on its own.  (Every page of the site is visited this way by
    tests/test_browser_axe.py, which checks the console and axe on the same load.)"""
    pages = {
        "clean.html": "<p>Nothing wrong.</p>",
        "noisy.html": "<script>console.error('broken')</script><img src='http://example.invalid/a.png' alt=''>",
        "late.html": "<script>addEventListener('load', () => setTimeout(() => fetch('http://example.invalid/late'), 100))</script>",
        "remembers.html": "<script>if (localStorage.getItem('seen')) console.error('seen before');"
        " localStorage.setItem('seen', '1')</script>",
        "clean-again.html": "<p>Nothing wrong either.</p>",
    }
    for name, body in pages.items():
        (tmp_path / name).write_text(
            f'<!doctype html><link rel=icon href="data:,"><title>{name}</title>{body}', encoding="utf-8"
        )
    with serve(tmp_path) as url:
        visits = Visits.new_tab(browser, url)
        found = {}
        for name in pages:
            found[name] = visits.first(name)
            if name == "remembers.html":
                returned = visits.again()
        remembered = visits.first("remembers.html")  # a first visit again: the storage was emptied
        visits.close()
    assert found["clean.html"] == found["clean-again.html"] == found["remembers.html"] == ([], []), found
    assert any("seen before" in p for p in returned[0]) and remembered == ([], []), (returned, remembered)
    assert any("broken" in p for p in found["noisy.html"][0]), found["noisy.html"]
    assert "http://example.invalid/a.png" in found["noisy.html"][1]
    assert "http://example.invalid/late" in found["late.html"][1]


def test_wide_tables_scroll_inside_their_container_on_a_phone(browser, base_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    tab.goto(base_url + "hardware/neuron-instances.html", wait_until="load")
    container = tab.locator(".pst-scrollable-table-container", has=tab.locator("table.spec-table")).first
    scroll, client = container.evaluate("el => [el.scrollWidth, el.clientWidth]")
    context.close()
    assert scroll > client, "the instance table should be wider than a phone and scroll in its container"


def test_print_shows_the_article_without_navigation(browser, base_url):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base_url + "hardware/trainium2.html", wait_until="load")
    tab.emulate_media(media="print")
    hidden = {
        selector: tab.locator(selector).first.is_hidden()
        for selector in (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".prev-next-area", ".bd-footer")
    }
    article_visible = tab.locator("article").first.is_visible()
    context.close()
    assert article_visible
    assert all(hidden.values()), f"visible when printing: {[s for s, h in hidden.items() if not h]}"


def test_hostile_data_runs_no_script_and_opens_no_dialog(context, tmp_path):
    """Pages built from data with markup in every name, label and note and in the family and
    topology ids (tests/hostile.py): Chromium shows them as text, runs none of it and opens no
    dialog, the chooser's filters included."""
    app, _used = hostile.build(tmp_path)
    dialogs: list[str] = []
    injected: list[str] = []
    with serve(app.outdir) as url:
        watched = Watched(context, url)
        tab = watched.page
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for page in sorted(p.relative_to(app.outdir).as_posix() for p in app.outdir.glob("*.html")):
            tab.goto(url + page, wait_until="load")
            if tab.evaluate("document.querySelectorAll('img, [onerror]').length"):
                injected.append(page)
            if page == "chooser.html":
                for option in tab.locator("select[name=family] option").all()[1:]:
                    tab.select_option("select[name=family]", value=option.get_attribute("value"))
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not injected, f"injected elements on {injected}"
    assert not [p for p in watched.problems if "page error" in p], watched.problems
