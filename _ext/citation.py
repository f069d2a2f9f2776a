"""``.. how-to-cite::`` -- how to cite the site's data, generated from ``CITATION.cff``.

``CITATION.cff`` at the repository root (Citation File Format 1.2.0) is the one place that holds the
data's title, version, release date, authors and licence; the directive renders them as a
reference in words and as a BibTeX entry.  A page that uses it is read again when the file
changes.  (The site's address is left out: it is configuration, and a page is not read again when
only that changes.)  A file that is
missing, not YAML, or lacks a field the reference needs fails the build with what is wrong.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILE = "CITATION.cff"
REQUIRED = ("cff-version", "message", "title", "authors", "version", "date-released", "license")
# SPDX identifier -> the licence's short name and its deed
LICENCES = {"CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")}


class CitationError(ValueError):
    """CITATION.cff cannot give a reference; the message says why."""


def load(path: Path) -> dict[str, Any]:
    """The fields of ``path``, checked for those the reference needs."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CitationError(f"{path.name}: cannot be read: {err}") from err
    if not isinstance(data, dict):
        raise CitationError(f"{path.name}: not a mapping of CFF fields")
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise CitationError(f"{path.name}: no {', '.join(missing)}")
    if data["license"] not in LICENCES:
        raise CitationError(f"{path.name}: licence {data['license']!r} is not one of {', '.join(LICENCES)}")
    if not isinstance(data["date-released"], datetime.date):
        raise CitationError(f"{path.name}: date-released must be a date (YYYY-MM-DD)")
    return data


def author_names(data: dict[str, Any]) -> list[str]:
    """Each author as cited: an entity's name, or a person's given and family names."""
    names = []
    for author in data["authors"]:
        person = " ".join(author.get(key, "") for key in ("given-names", "family-names")).strip()
        names.append(author.get("name") or person)
    return names


def reference(data: dict[str, Any]) -> str:
    """The reference in words."""
    licence = LICENCES[data["license"]][0]
    released = data["date-released"]
    return (
        f"{' and '.join(author_names(data))} ({released.year}). {data['title']}, version {data['version']} "
        f"[data set], released {released.isoformat()}. Licence: {licence}."
    )


def bibtex(data: dict[str, Any]) -> str:
    """The reference as a BibTeX entry."""
    released = data["date-released"]
    fields = {
        "author": "{" + " and ".join("{" + name + "}" for name in author_names(data)) + "}",
        "title": "{" + data["title"] + "}",
        "version": "{" + str(data["version"]) + "}",
        "year": "{" + str(released.year) + "}",
        "note": "{Data set, released " + released.isoformat() + ", licence " + LICENCES[data["license"]][0] + "}",
    }
    key = "".join(c for c in data["title"].lower().replace(" ", "-") if c.isalnum() or c == "-")
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


class HowToCite(SphinxDirective):
    """``.. how-to-cite::`` -- the data's reference in words and as BibTeX, from CITATION.cff."""

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, FILE)
        self.env.note_dependency(str(path))
        try:
            data = load(path)
        except CitationError as err:
            raise self.error(str(err)) from err
        licence, deed = LICENCES[data["license"]]
        intro = nodes.paragraph()
        intro += nodes.Text(f"{data['message']} This site shows version {data['version']} of the data, ")
        intro += nodes.Text(f"released {data['date-released'].isoformat()}, under the ")
        intro += nodes.reference(licence, licence, refuri=deed)
        intro += nodes.Text(f" licence. The file {FILE} at the root of the site's sources holds the same details.")
        quote = nodes.block_quote(classes=["citation-reference"])
        quote += nodes.paragraph(text=reference(data))
        entry = bibtex(data)
        block = nodes.literal_block(entry, entry, language="bibtex")
        return [intro, quote, block]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("how-to-cite", HowToCite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
