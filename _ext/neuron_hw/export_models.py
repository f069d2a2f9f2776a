"""The JSON download's document as pydantic models (its JSON Schema comes from them), with the
names and words it is written in.  ``export.py`` fills them from the data; ``export_csv.py`` and
``csv_columns.py`` read them, so they live apart from both.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSION = 1
# The data, like the site's text and drawings, is published under CC BY 4.0 (the repository's LICENSE).
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
JSON_NAME = "neuron-hardware.json"
SCHEMA_NAME = "neuron-hardware.schema.json"
FIGURES_CSV = "neuron-hardware-figures.csv"
CHIPS_CSV = "neuron-hardware-chips.csv"
CORES_CSV = "neuron-hardware-neuroncores.csv"
SYSTEMS_CSV = "neuron-hardware-systems.csv"
README_NAME = "README.txt"
CHANGELOG_CSV = "neuron-hardware-changelog.csv"  # written by downloads.py from releases.py
FOLDER = "data"  # the downloads' folder in the output root

# Every dimension's SI (or plain) unit, the unit of ``value_si`` and of the wide CSVs.
SI_UNITS = {
    "bytes": "B",
    "bytes per second": "B/s",
    "bits per second": "bit/s",
    "floating-point rate": "FLOP/s",
    "integer rate": "OP/s",
    "frequency": "Hz",
    "time": "s",
    "bits": "bit",
}

# The words the downloads allow in a figure's or an entity's fields (the JSON Schema lists them).
EntityKind = Literal["chip", "core", "family", "instance", "ultraserver", "software"]
Density = Literal["dense", "sparse"]
Direction = Literal["one way", "both ways"]
Status = Literal["published", "derived"]
ENTITY_KIND_WORDS: tuple[EntityKind, ...] = get_args(EntityKind)
DENSITY_WORDS: tuple[Density, ...] = get_args(Density)
STATUS_WORDS: tuple[Status, ...] = get_args(Status)

# Words in a figure's label that say which way a bandwidth is counted.
DIRECTIONS: dict[str, Direction] = {
    "both directions": "both ways",
    "per direction": "one way",
    "each direction": "one way",
}

Number = int | float
_Word = TypeVar("_Word", bound=str)


def _checked(value: str, options: tuple[_Word, ...]) -> _Word:
    """``value`` as one of ``options`` (the words of a Literal type), or an error naming them."""
    for option in options:
        if value == option:
            return option
    raise ValueError(f"{value!r} is none of {', '.join(options)}")


# -- The JSON document ---------------------------------------------------------------------------
class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceRef(Out):
    id: str = Field(description="key of the source in the data file")
    title: str
    url: str
    checked: str = Field(description="the day the figures citing the source were last checked against it (ISO date)")
    section: str | None = Field(default=None, description="the part of the document the figures come from, where known")
    by_aws: bool = Field(description="whether the source is AWS's own Neuron documentation")


class SourceOut(SourceRef):
    figures: int = Field(description="how many figures of this document cite the source")


class NoteOut(Out):
    id: str = Field(description="key of the conflict note in the data file")
    text: str


class Location(Out):
    page: str = Field(description="the page, relative to the site root")
    anchor: str = Field(description="the HTML id of the figure's first occurrence on the page")
    url: str = Field(description="address of the figure on the page (relative to the site root when site is null)")


class EntityOut(Out):
    id: str = Field(description="kind:key, e.g. chip:trainium2")
    kind: EntityKind
    key: str
    name: str
    page_url: str | None = Field(default=None, description="the entity's own page, where it has one")
    details: dict[str, str | int | list[str] | None] = Field(default_factory=dict)


class FigureOut(Out):
    id: str = Field(description="stable id, kind:entity:metric; changes only with a notice and an alias")
    entity: str = Field(description="id of the entity the figure belongs to")
    entity_kind: EntityKind
    metric: str
    label: str
    value: Number
    unit: str
    value_si: Number = Field(description="the value in unit_si")
    unit_si: str
    scope: str | None = Field(description="where the figure applies: per chip, per NeuronCore, per instance...")
    density: Density | None = Field(description="compute rates: without or with structured sparsity")
    direction: Direction | None = Field(description="bandwidths, where the data says")
    dtypes: list[str] = Field(description="compute rates: the data types the rate applies to")
    published_or_derived: Status
    derived_from: list[str] = Field(description="computed totals: ids of the figures multiplied")
    provenance: Literal["published by AWS", "computed by this site", "from another source"] = Field(
        description="whether AWS publishes the figure, this site computes it, or another source gives it"
    )
    formula: str | None = Field(
        description="computed figures: how it is obtained, in words and numbers (for a total, the multiplication, "
        "with AWS's total where it has one)"
    )
    source: SourceRef | None = Field(description="the figure's own source (none for a computed total: see sources)")
    sources: list[SourceRef] = Field(
        description="every document behind the figure (a total: the chip count's and the per-chip figure's)"
    )
    note: NoteOut | None = Field(
        description="the conflict note that goes with the figure, if any: the first of notes other than 'derived'"
    )
    notes: list[NoteOut] = Field(description="every note the pages print with the figure, in their order")
    record_url: str | None = Field(
        default=None, description="the figure's record: its sources, checked dates, kind and notes"
    )
    anchor: str = Field(description="the HTML id the figure carries on the pages that show it")
    url: str | None = Field(description="where the figure appears first (its entity's page where possible)")
    not_shown: str | None = Field(
        default=None, description="why no page shows the figure, when none does (then url is null and locations empty)"
    )
    locations: list[Location]
    aliases: list[str] = Field(description="earlier ids of this figure")


class Document(Out):
    schema_: str = Field(default=SCHEMA_NAME, alias="$schema")
    title: str
    format_version: int = FORMAT_VERSION
    site: str | None = Field(
        description="the address the site was built for; null when the build was not given one, and then "
        "every address in this file is relative to the site root"
    )
    license: str = Field(default=LICENSE_ID, description="SPDX identifier of the data's licence")
    license_url: str = LICENSE_URL
    data_file: str | None = Field(
        default=None, description="the public address of the data file these figures are generated from, where known"
    )
    sources: list[SourceOut]
    notes: list[NoteOut]
    entities: list[EntityOut]
    figures: list[FigureOut]
    version: str | None = Field(
        default=None, description="the data's version (MAJOR.MINOR.PATCH), from the first entry of the changelog"
    )
    date: str | None = Field(default=None, description="the day that version was released (ISO date)")
