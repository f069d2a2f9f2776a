"""Sphinx configuration for Neuron Hardware Docs."""

import os
import sys

sys.path.insert(0, os.path.abspath("_ext"))

# -- Project information -------------------------------------------------------------------------
project = "Neuron Hardware Docs"
author = "Neuron Hardware Docs contributors"
copyright = "2026, Neuron Hardware Docs contributors"

# Keep in sync with the Sphinx pin in requirements.txt.
needs_sphinx = "9.0.4"

# -- General configuration -----------------------------------------------------------------------
extensions = [
    "myst_parser",
    "neuron_hw",
    "sphinx_design",
]

# The repository root is the source directory: keep everything that is not a page out.
exclude_patterns = [
    ".ci",
    ".git",
    ".github",
    ".pytest_cache",
    ".tox",
    ".venv",
    ".venv-lock",
    "_build",
    "_data",
    "_ext",
    "README.md",
    "tests",
    "tools",
]
templates_path = ["_templates"]

nitpicky = True
myst_enable_extensions = ["colon_fence"]

# -- Options for neuron_hw -----------------------------------------------------------------------
neuron_hw_data = "_data/hardware.toml"

# -- Options for HTML output ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Neuron Hardware Docs"
html_static_path = ["_static"]
html_css_files = ["neuron-hw.css"]
html_show_sourcelink = False
html_theme_options = {
    "logo": {"text": "Neuron Hardware Docs"},
    "navbar_align": "left",
    "navbar_end": ["theme-switcher"],
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "show_prev_next": True,
    "footer_start": ["copyright", "independent-note"],
    "footer_end": [],
}
html_sidebars = {"index": []}

# -- Options for the link checker ----------------------------------------------------------------
linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_report_timeouts_as_broken = True
linkcheck_anchors_ignore_for_url = [
    # GitHub renders heading anchors with JavaScript, so the crawler cannot see them.
    r"https://github\.com/.*",
]
