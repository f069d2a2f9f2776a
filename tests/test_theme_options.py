"""The theme's options and the extensions' components still work on this site's trimmed front end.

One extra build: a scratch copy of the small site (tests/small_site.py: the real configuration, theme
and data with short pages) with every option below switched on and one page that
uses sphinx-design's tabs, dropdowns and cards and a code block, served on 127.0.0.1 and driven in
Chromium (see test_browser.py for how Chromium is found; in CI a missing Chromium fails).
"""

from __future__ import annotations

import json
import re
import zlib

import pytest
from conftest import sphinx_build
from small_site import copy_small_site
from test_browser import Visits, Watched, serve

MATRIX_CONF = """
# -- test matrix: the theme options a maintainer may switch on ------------------------------------
html_theme_options.update(
    github_url="https://github.com/example/neuron-hw-docs",
    icon_links=[
        {"name": "Source mirror", "url": "https://github.com/example/mirror", "icon": "fa-brands fa-github"},
    ],
    search_as_you_type=True,
    announcement="Matrix build: <a href='index.html'>an announcement banner</a>.",
    switcher={"json_url": "_static/switcher.json", "version_match": "1.0"},
    check_switcher=False,
    navbar_end=["version-switcher", "theme-switcher", "navbar-icon-links"],
)
"""

SWITCHER = [
    {"name": "1.0 (stable)", "version": "1.0", "url": "/index.html"},
    {"name": "0.9", "version": "0.9", "url": "/hardware/index.html"},
]

COMPONENTS_PAGE = """\
:orphan:

Components
==========

.. tab-set::

   .. tab-item:: PyTorch
      :sync: torch

      Torch first.

   .. tab-item:: JAX
      :sync: jax

      JAX first.

.. tab-set::

   .. tab-item:: PyTorch
      :sync: torch

      Torch second.

   .. tab-item:: JAX
      :sync: jax

      JAX second.

.. dropdown:: More detail

   Hidden until opened.

.. grid:: 2

   .. grid-item-card:: First card
      :link: index
      :link-type: doc

      A card.

   .. grid-item-card:: Second card

      Another card.

.. code-block:: console

   $ neuron-ls --json-output
"""


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    # The small copy of the site (real configuration, theme and data, short pages): the options
    # act on the theme's frame, which every page shares.
    src = copy_small_site(root / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(MATRIX_CONF)
    (src / "_static" / "switcher.json").write_text(json.dumps(SWITCHER), encoding="utf-8")
    (src / "components.rst").write_text(COMPONENTS_PAGE, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ninclude_patterns.append("components.rst")  # an extra page, outside site_layout.PAGES\n')
    out = root / "html"
    result = sphinx_build(src, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def matrix_url(matrix):
    with serve(matrix) as url:
        yield url


def _watched_context(browser, matrix_url, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return Watched(context, matrix_url)


@pytest.fixture(scope="module")
def shared_tab(browser, matrix_url):
    """One watched tab for the tests that load a page and read it or click in it, and keep no
    setting a later page would read (a tab of their own would each start a renderer process)."""
    watched = _watched_context(browser, matrix_url)
    yield watched
    watched.page.context.close()
    assert not watched.problems, "\n".join(watched.problems)


@pytest.fixture
def watched(shared_tab):
    """The shared tab with a record of its own for the test (and the origin's storage emptied)."""
    shared_tab.forget()
    yield shared_tab
    assert not shared_tab.problems, "\n".join(shared_tab.problems)


@pytest.fixture
def fresh_watched(browser, matrix_url):
    """A watched tab in a context of its own, for a test that stores a setting and reads it back."""
    watched = _watched_context(browser, matrix_url)
    yield watched
    watched.page.context.close()
    assert not watched.problems, "\n".join(watched.problems)


def _digest_of(page_html: str) -> str:
    return re.search(r"_static/site\.css\?digest=([0-9a-f]+)", page_html).group(1)


def test_the_stylesheet_digest_follows_the_published_bytes(matrix, site):
    """A dropdown and tabs change the trimmed stylesheet, so its digest must change too."""
    digests = {}
    for out in (matrix, site.outdir):
        published = (out / "_static" / "site.css").read_bytes()
        expected = f"{zlib.crc32(published):08x}"
        for page in ("index.html", "hardware/trainium2.html", "search.html"):
            assert _digest_of((out / page).read_text(encoding="utf-8")) == expected, f"{out}/{page}"
        digests[out] = (expected, published)
    (matrix_digest, matrix_css), (site_digest, site_css) = digests.values()
    assert matrix_css != site_css and matrix_digest != site_digest


def test_tab_script_is_published_and_loaded_only_where_there_are_tabs(matrix):
    assert (matrix / "_static" / "design-tabs.js").is_file()
    assert "design-tabs.js" in (matrix / "components.html").read_text(encoding="utf-8")
    assert "design-tabs.js" not in (matrix / "hardware" / "trainium2.html").read_text(encoding="utf-8")


def test_icon_links_draw_their_icons(watched, matrix_url):
    tab = watched.page
    tab.goto(matrix_url + "hardware/trainium2.html", wait_until="networkidle")
    links = tab.locator(".bd-header .navbar-icon-links a")
    assert links.count() == 2
    for i in range(2):
        icon = links.nth(i).locator("i, svg").first
        box = icon.bounding_box()
        assert box and box["width"] >= 10 and box["height"] >= 10
        # Drawn either as our masked SVG or as Font Awesome's inline SVG: never a plain filled box.
        drawn = icon.evaluate(
            """el => el.tagName.toLowerCase() === 'svg' ? el.querySelector('path') !== null
                 : getComputedStyle(el).maskImage.startsWith('url(')"""
        )
        assert drawn, f"icon {i} ({links.nth(i).get_attribute('href')}) is drawn as an empty box"


def test_search_as_you_type_lists_results(watched, matrix_url):
    """With the theme's search_as_you_type on, the site search's dialog lists results as the
    reader types (the theme's option, which would run Sphinx's search script, is set aside)."""
    tab = watched.page
    tab.goto(matrix_url + "hardware/trainium2.html", wait_until="load")
    tab.keyboard.press("Control+k")
    field = tab.locator("#pst-search-dialog input[name=q]")
    field.wait_for()
    field.press_sequentially("Trainium2", delay=20)
    tab.locator("#pst-search-dialog .nhs-results li a").first.wait_for()
    assert tab.evaluate("DOCUMENTATION_OPTIONS.search_as_you_type") is False


def test_announcement_banner_shows(watched, matrix_url):
    tab = watched.page
    tab.goto(matrix_url + "index.html", wait_until="load")
    banner = tab.locator(".bd-header-announcement")
    assert "an announcement banner" in banner.inner_text()
    assert banner.is_visible()


def test_version_switcher_lists_the_versions(watched, matrix_url):
    tab = watched.page
    tab.goto(matrix_url + "index.html", wait_until="load")
    button = tab.locator(".bd-header .version-switcher__button").first
    button.wait_for()
    button.click()
    items = tab.locator(".bd-header .version-switcher__menu a")
    items.first.wait_for()
    assert items.count() == 2 and "0.9" in items.nth(1).inner_text()


def test_tabs_sync_and_persist(fresh_watched, matrix_url):
    tab = fresh_watched.page
    tab.goto(matrix_url + "components.html", wait_until="load")
    tab.locator(".sd-tab-set").first.locator("label", has_text="JAX").click()
    second = tab.locator(".sd-tab-set").nth(1)
    assert second.locator(".sd-tab-content", has_text="JAX second").is_visible()
    tab.reload(wait_until="load")
    assert tab.locator(".sd-tab-content", has_text="JAX first").is_visible()


def test_dropdowns_and_cards_work(watched, matrix_url):
    tab = watched.page
    tab.goto(matrix_url + "components.html", wait_until="load")
    hidden = tab.get_by_text("Hidden until opened.")
    assert not hidden.is_visible()
    tab.locator("details.sd-dropdown summary").click()
    assert hidden.is_visible()
    cards = tab.locator(".sd-row .sd-card")
    assert cards.count() == 2 and cards.first.is_visible()
    cards.first.click()
    tab.wait_for_url("**/index.html")


def test_copy_button_copies_the_command(browser, matrix_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    watched = Watched(context, matrix_url)
    tab = watched.page
    tab.goto(matrix_url + "components.html", wait_until="load")
    tab.locator("div.highlight").first.hover()
    tab.locator("button.copybtn").first.click()
    copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.strip() == "neuron-ls --json-output"
    assert not watched.problems, "\n".join(watched.problems)


CONSOLE_PAGES = ["index.html", "hardware/trainium2.html", "components.html", "search.html"]


def _address(path: str) -> str:
    return path + ("?q=SBUF" if path == "search.html" else "")


@pytest.fixture(scope="module")
def visited(shared_tab):
    """Each page's console problems, every page visited twice in the shared tab (test_browser.Visits:
    the cache off and the origin's storage empty, then a reload with cache and storage kept)."""
    visits = Visits(shared_tab)
    found = {}
    for path in CONSOLE_PAGES:
        first, _ = visits.first(_address(path))
        again, _ = visits.again()
        found[path] = first + again
    return found  # the shared tab's fixture checks the last page again when its context closes


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_no_console_problems_with_every_option_on(visited, path):
    problems = visited[path]
    assert not problems, "\n".join(problems)
