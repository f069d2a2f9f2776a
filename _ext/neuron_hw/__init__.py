"""Sphinx extension rendering AWS Neuron hardware figures from one data file.

Configuration:
    ``neuron_hw_data`` -- path of the TOML data file, relative to the source directory
    (default ``_data/hardware.toml``).

Directives (``directives/``, one module per family): ``chip-specs``, ``chip-comparison``,
``instance-sizes``, ``instance-chooser``,
``neuroncore-specs``, ``neuroncore-engines``, ``neuroncore-overview``, ``spec-note``,
``figure-table``, ``topology-diagram`` (an inline SVG drawing of how a system's chips are linked),
``figure-records`` (one record per figure: its sources, checked date, kind and notes; every figure
on a page links to its record, ``figure_links.py``).
Role: ``spec`` (an inline value, e.g. ``:spec:`chip:trainium2:device_memory```).
Downloads (``downloads.py``): the data as JSON and CSV in ``data/`` of an HTML build, and the
``data-downloads`` directive that lists them.  ``data-sources`` (``sources_page.py``): every source
and conflict note, with the pages and table rows that cite each.  ``llms.py``: llms.txt and
llms-full.txt at the site root and every page's Markdown twin (``page_twins.py``, ``markdown.py``),
written from the built doctrees.  ``releases.py``: the data's version, date and changelog
(``_data/changelog.toml``); ``dataset_jsonld.py``: the Dataset metadata of the downloads' page.

The data file is loaded and validated when the builder starts; a malformed file stops the
build with a message naming the file, the entry and what was expected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from . import (
    dataset_jsonld,
    directives,
    downloads,
    figure_links,
    figure_usage,
    llms,
    page_twins,
    records,
    releases,
    role,
    sources_page,
    static_files,
    tables,
)
from .data import SpecError
from .store import data_path, load

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"
logger = logging.getLogger(__name__)


def _validate_data(app: Sphinx) -> None:
    """Fail fast, before any page is read, when the data file is malformed.

    Sphinx reports any exception from an event handler, its own ExtensionError included, with a
    crash report and a request to file a bug against Sphinx; a data error is the author's to fix,
    so log just the message and stop with a non-zero exit status (SystemExit is the one exception
    Sphinx's command line lets through without that report).
    """
    try:
        load(data_path(app.env))
    except SpecError as exc:
        logger.error("%s: %s", exc.category, exc, type="neuron_hw", subtype="data")
        raise SystemExit(2) from None


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("neuron_hw_data", "_data/hardware.toml", "env", types=frozenset({str}))
    static_files.setup(app)
    tables.setup(app)
    directives.setup(app)
    role.setup(app)
    figure_usage.setup(app)
    downloads.setup(app)
    sources_page.setup(app)
    records.setup(app)
    figure_links.setup(app)
    llms.setup(app)
    page_twins.setup(app)
    releases.setup(app)
    dataset_jsonld.setup(app)
    app.connect("builder-inited", _validate_data)
    return {
        "version": __version__,
        # Bump when the doctrees this extension stores change shape, so old environments are re-read.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
