"""schema.org ``Dataset`` metadata (JSON-LD) in the head of the page that lists the downloads.

Search engines and dataset catalogues read it: the data's name, description, licence, version and
date (``releases.py``), its creator, every download as a ``DataDownload`` with its media type, and
the main quantities it measures with their units.  The page is the one whose doctree holds the
``data-downloads`` list (``downloads.py``), so the metadata follows the list if it moves.

It goes into the page's ``metatags`` in ``html-page-context``, the place Sphinx's templates keep
for an extension's head elements, so no template is overridden.  Download addresses are absolute
when the site's address is known and relative to the page otherwise, as on the page itself.
Every ``<`` in the JSON is written ``\\u003c``: the text can never close the script element.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes

from . import downloads, export, releases

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOWNLOADS_CLASS = "data-downloads"  # the list downloads.py puts where `.. data-downloads::` stands
MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".txt": "text/plain",
}
SCHEMA_MEDIA_TYPE = "application/schema+json"
DESCRIPTION = (
    "Every published figure of AWS's machine-learning chips (Inferentia, Inferentia2, Trainium, "
    "Trainium2, Trainium3), their NeuronCores and the EC2 instances and UltraServers built from them: "
    "value, unit, scope, whether AWS publishes it or the site computes it, its sources with the day "
    "each was checked, and notes where AWS's documents disagree. As JSON (with its JSON Schema) and CSV."
)
KEYWORDS = ["AWS Neuron", "Inferentia", "Trainium", "NeuronCore", "EC2", "machine-learning accelerators"]
# The main quantities, in the SI units of the CSVs (the JSON's value_si and unit_si).
VARIABLES = [
    ("Device memory", "B", "per chip, and computed per instance and UltraServer"),
    ("Device memory bandwidth", "B/s", "per chip, and computed per instance and UltraServer"),
    (
        "Dense compute rate by data type (FP32, TF32, FP16, BF16, FP8, MX formats)",
        "FLOP/s",
        "per chip and per NeuronCore",
    ),
    ("Compute rate with structured sparsity", "FLOP/s", "per chip and per NeuronCore, where AWS gives one"),
    ("Integer compute rate (INT8)", "OP/s", "per chip, where AWS gives one"),
    ("NeuronCores", "count", "per chip"),
    ("Chips", "count", "per instance and UltraServer"),
    ("Engine clock frequency", "Hz", "per NeuronCore engine"),
    ("On-chip SRAM (SBUF, PSUM)", "B", "per NeuronCore and per chip"),
    ("NeuronLink bandwidth", "B/s", "per chip"),
    ("EFA network bandwidth", "bit/s", "per chip and per instance"),
]


def _format(name: str) -> str:
    if name == export.SCHEMA_NAME:
        return SCHEMA_MEDIA_TYPE
    return MEDIA_TYPES[posixpath.splitext(name)[1]]


def dataset(
    *,
    name: str,
    creator: str,
    version: str | None,
    date_modified: str | None,
    date_published: str | None,
    folder: str,
    page_url: str | None,
) -> dict[str, Any]:
    """The Dataset object; ``folder`` is the downloads' address (absolute, or relative to the page).
    Without a changelog there is no version and no date, and the object says none."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": DESCRIPTION,
        "license": export.LICENSE_URL,
        "version": version,
        "dateModified": date_modified,
        "datePublished": date_published,
        "isAccessibleForFree": True,
        "keywords": KEYWORDS,
        "creator": {"@type": "Organization", "name": creator},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": file,
                "description": what,
                "contentUrl": folder + file,
                "encodingFormat": _format(file),
            }
            for file, what in downloads.DESCRIPTIONS.items()
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": label, "unitText": unit, "description": scope}
            for label, unit, scope in VARIABLES
        ],
    }
    if page_url:
        data["url"] = page_url
    return {key: value for key, value in data.items() if value is not None}


def script(data: dict[str, Any]) -> str:
    """The ``<script>`` element; no ``<`` inside it, so no ``</script>`` can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def lists_downloads(doctree: nodes.document | None) -> bool:
    return doctree is not None and any(
        DOWNLOADS_CLASS in node.get("classes", ()) for node in doctree.findall(nodes.bullet_list)
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or not lists_downloads(doctree):
        return
    changelog = releases.for_build(app)  # checked when the build started
    current = changelog.current if changelog else None
    base, uri = app.config.html_baseurl, app.builder.get_target_uri(pagename)
    folder = f"{base}{export.FOLDER}/" if base else "../" * uri.count("/") + f"{export.FOLDER}/"
    data = dataset(
        name=f"{app.config.project} data",
        creator=app.config.author,
        version=current.version if current else None,
        date_modified=current.date.isoformat() if current else None,
        date_published=changelog.releases[-1].date.isoformat() if changelog else None,
        folder=folder,
        page_url=base + uri if base else None,
    )
    context["metatags"] = (context.get("metatags") or "") + "\n" + script(data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
