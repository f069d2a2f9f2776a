"""Sphinx configuration for Neuron Hardware Docs."""

import contextlib
import html
import io
import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.abspath("_ext"))

import published_url  # needs the path above
import repository_url
import site_layout

# -- Project information -------------------------------------------------------------------------
project = "Neuron Hardware Docs"
author = "Neuron Hardware Docs contributors"
copyright = "2026, Neuron Hardware Docs contributors"

# Keep in sync with the Sphinx pin in requirements.txt.
needs_sphinx = "9.0.4"

# sphinxext-opengraph prints a notice on import when matplotlib (only needed for social-card
# images, which this site does not use) is missing; import it once quietly so builds stay silent.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# -- General configuration -----------------------------------------------------------------------
extensions = [
    "build_integrity",
    "citation",
    "compact_cells",
    "front_end",
    "gc_thresholds",
    "local_links",
    "myst_parser",
    "neuron_hw",
    "notfound.extension",
    "published_url",
    "quiet_build",
    "site_polish",
    "site_search",
    "sphinx_copybutton",
    "sphinx_design",
    "template_cache",
]

# The repository root is the source directory: only the pages are read (see _ext/site_layout.py).
include_patterns = site_layout.include_patterns()
exclude_patterns = site_layout.exclude_patterns()
templates_path = ["_templates"]

nitpicky = True
# MyST syntax beyond CommonMark that the Markdown pages (concepts/) use: none so far. Directives are
# written as backtick fences, labels as (name)=, and meta data in front matter, all built in.
myst_enable_extensions: list[str] = []

# -- Options for neuron_hw -----------------------------------------------------------------------
neuron_hw_data = "_data/hardware.toml"

# -- Where the site is published -----------------------------------------------------------------
# Used for the canonical link, sitemap.xml, robots.txt and OpenGraph URLs.  Set SITE_URL when
# building for a host; Read the Docs provides its own.  Unset, the build publishes no address: no
# canonical links, sitemap or OpenGraph tags, and relative links elsewhere.
# A value that is not a plain absolute http(s) URL stops the build here (_ext/published_url.py).
html_baseurl = published_url.from_environment_or_exit()
if html_baseurl:
    extensions += published_url.NEEDS_ADDRESS

# Where the sources live: REPOSITORY_URL (a GitHub or GitLab repository's address), unset by default.
# It adds the theme's edit link and repository icon, and the data file's address to the JSON.
repository = repository_url.from_environment_or_exit()

# -- Options for HTML output ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Neuron Hardware Docs"
html_static_path = ["_static"]
# The site's own look (icons, logo, print, tables, captions, cards); the neuron_hw extension links
# the stylesheets of its tables and drawings itself.
html_css_files = ["neuron-hw.css"]
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navbar_align": "left",
    "navbar_end": ["theme-switcher"],
    "navigation_with_keys": False,
    # Results appear on the search page; as-you-type results would load the index on every page.
    "search_as_you_type": False,
    # Pages with tables of many columns give the right-hand sidebar's room to the article, so every
    # table is whole at desktop widths (the theme's documented per-page form of this option).
    "secondary_sidebar_items": {
        "**": ["page-toc"],
        **{
            f"hardware/{page}": []
            for page in (
                "compare",
                "inf1-arch",
                "inf2-arch",
                "neuron-devices",
                "neuron-instances",
                "neuroncores-arch",
                "trn1-arch",
                "trn2-arch",
                "trn3-arch",
            )
        },
    },
    "article_footer_items": ["last-reviewed"],
    "show_prev_next": True,
    "footer_start": ["copyright", "independent-note"],
    "footer_end": [],
}
html_context = {"default_mode": "auto"}
if repository:
    html_theme_options["use_edit_page_button"] = True
    html_theme_options["article_footer_items"].append("edit-this-page")
    html_theme_options["icon_links"] = [repository_url.icon_link(repository)]
    html_theme_options["navbar_end"].append("navbar-icon-links")
    html_context |= repository_url.html_context(repository)
    neuron_hw_data_url = repository_url.file_url(repository, neuron_hw_data)
html_sidebars = {"index": []}
html_use_index = False  # no index entries: the search page and the navigation serve readers

# -- Options for extensions ----------------------------------------------------------------------
# The stylesheets the theme links itself, first in the one stylesheet every page loads
# (see _ext/css_bundle.py); the other stylesheets Sphinx and the extensions add follow them.
css_bundle_theme_files = [
    "_static/basic.css",
    "_static/styles/pydata-sphinx-theme.css",
]

copybutton_prompt_text = r"\$ |# "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False

notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address. It may have moved when the site was reorganised.</p>"
        '<p>Start again from the <a href="' + html.escape(notfound_urls_prefix) + 'hardware/index.html">'
        "hardware overview</a> "
        "or use the search box above.</p>"
    ),
    "metatags": '<meta name="description" content="The page you asked for does not exist on Neuron Hardware Docs; '
    'start again from the hardware overview or search the site.">',
}
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False
sitemap_excludes = ["404.html", "genindex.html", "search.html"]

ogp_site_url = html_baseurl
ogp_site_name = project
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False  # the pages' own meta descriptions are used as they are

# -- Options for the link checker ----------------------------------------------------------------
linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_report_timeouts_as_broken = True
linkcheck_anchors_ignore_for_url = [
    # GitHub renders heading anchors with JavaScript, so the crawler cannot see them.
    r"https://github\.com/.*",
]
