"""A small copy of the site, for tests of the build machinery rather than of the pages.

It is the real site (configuration, extensions, theme, static files and the real data file) with
a handful of short pages instead of thirty long ones, so a build takes a few seconds instead of
fifteen.  The staged build, the live preview and the build-integrity rules act on any pages in the
same way; the tests that use this copy edit its pages and the real data file, and every output a
full build has (sitemap, search index, downloads, llms.txt, figure values in tables and sentences)
is there too.  The full site is built and checked by the session build (``conftest.site``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from site_files import copy_site

REVIEWED = ":reviewed: 2026-12-07\n\n"

# The labels the chip tables link to (NeuronCore and instance pages), each a section of one page.
# Each chip page carries its chip's label, as the site's do: the downloads name it as the chip's page.
TARGETS = ("neuron-core-v1", "neuron-core-v3", "neuron-core-v4", "inf1-arch", "trn2-arch", "trn3-arch")

PAGES = {
    "index.rst": "Small site\n==========\n\nA small copy of the site for tests of the build itself.\n\n"
    ".. toctree::\n\n   hardware/inferentia\n   hardware/trainium\n   hardware/trainium2\n"
    "   hardware/trainium3\n   hardware/targets\n",
    "hardware/inferentia.rst": REVIEWED + ".. _inferentia:\n\nAWS Inferentia\n==============\n\n"
    "Its successor for inference moved to a newer NeuronCore and to HBM.\n\n.. chip-specs:: inferentia\n",
    "hardware/trainium.rst": REVIEWED + ".. _trainium:\n\nAWS Trainium\n============\n\n"
    "Each chip holds :spec:`chip:trainium:device_memory` of device memory.\n",
    "hardware/trainium2.rst": REVIEWED + ".. _trainium2:\n\nAWS Trainium2\n=============\n\n"
    "Trainium2 is the :spec:`chip:trainium2:line_generation|ordinal` Trainium.\n\n.. chip-specs:: trainium2\n",
    "hardware/trainium3.rst": REVIEWED
    + ".. _trainium3:\n\nAWS Trainium3\n=============\n\n.. chip-specs:: trainium3\n",
    "hardware/targets.rst": REVIEWED
    + "Targets\n=======\n\nThe pages the chip tables link to.\n\n"
    + "".join(f".. _{label}:\n\n{label}\n{'-' * len(label)}\n\nA stand-in section.\n\n" for label in TARGETS),
}


def copy_small_site(dest: Path) -> Path:
    """The site's build inputs copied into ``dest`` with the small set of pages; returns ``dest``."""
    copy_site(dest)
    for folder in ("hardware", "concepts"):
        shutil.rmtree(dest / folder)
        (dest / folder).mkdir()
    for name, text in PAGES.items():
        (dest / name).write_text(text, encoding="utf-8")
    return dest


def page_count() -> int:
    """The HTML pages a build of the small site lists in its sitemap."""
    return len(PAGES)
