"""The dataset's version, its date and the changelog of its figures, from ``_data/changelog.toml``.

One file holds them: its first ``[[releases]]`` entry gives the version and the date the downloads
carry (the JSON's ``version`` and ``date``, the CSV README, the Dataset metadata of the page that
lists the downloads), and every entry lists the figures it changed, each with its old and new value,
unit, source and a sentence.  ``downloads.py`` publishes the changelog as
``neuron-hardware-changelog.csv``, one row per change (a release that changed no figure: one row
without a figure).

The file is checked before any page is read, the way the data file is: its shape (pydantic), then
against the data: each figure id (or an earlier id of it), unit and source must exist.  A project
without the file (the test projects under ``tests/roots``) publishes no version and no changelog.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sphinx.util import logging

from . import export, ids, units
from .store import data_path, load

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .specs import Specs

logger = logging.getLogger(__name__)

CSV_COLUMNS = ["version", "date", "figure", "old_value", "new_value", "unit", "source_id", "source_url", "summary"]
VERSION = r"^\d+\.\d+\.\d+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Change(_Strict):
    figure: str = Field(min_length=1, description="the figure's id, kind:entity:metric")
    old: Decimal | None = Field(None, description="the value before the change; none for a new figure")
    new: Decimal | None = Field(None, description="the value after the change; none for a removed figure")
    unit: str
    source: str = Field(min_length=1, description="key of [sources]: the document behind the change")
    summary: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _a_value(self) -> Change:
        if self.old is None and self.new is None:
            raise ValueError("a change needs an old value, a new value or both")
        return self


class Release(_Strict):
    version: str = Field(pattern=VERSION, description="MAJOR.MINOR.PATCH")
    date: dt.date
    summary: str = Field(min_length=1, max_length=500)
    changes: list[Change] = Field(default_factory=list)


class Changelog(_Strict):
    releases: list[Release] = Field(min_length=1, description="newest first")

    @model_validator(mode="after")
    def _ordered(self) -> Changelog:
        for newer, older in zip(self.releases, self.releases[1:], strict=False):
            if _key(newer.version) <= _key(older.version):
                raise ValueError(f"versions must go down entry by entry: {newer.version} comes before {older.version}")
            if newer.date < older.date:
                raise ValueError(f"dates must not go up entry by entry: {newer.date} comes before {older.date}")
        return self

    @property
    def current(self) -> Release:
        return self.releases[0]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class ChangelogError(Exception):
    pass


def load_changelog(path: Path) -> Changelog:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        return Changelog.model_validate(raw)
    except FileNotFoundError:
        raise ChangelogError(f"{path}: no such file (it holds the data's version and changelog)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ChangelogError(f"{path}: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}" for err in exc.errors(include_url=False)
        )
        raise ChangelogError(f"{path}: {problems}") from None


def check(changelog: Changelog, specs: Specs, path: Path | str = "changelog") -> None:
    """Every change names a figure, a unit and a source the data has."""
    known = {entry.id for entry in ids.catalogue(specs)} | set(ids.ALIASES)
    problems = []
    for release in changelog.releases:
        for n, change in enumerate(release.changes):
            where = f"release {release.version}, change {n + 1}"
            if change.figure not in known:
                problems.append(f"{where}: no figure has the id {change.figure!r}")
            if change.unit not in units.UNITS:
                problems.append(f"{where}: unknown unit {change.unit!r}")
            if change.source not in specs.sources:
                problems.append(f"{where}: {change.source!r} is not a key of [sources]")
    if problems:
        raise ChangelogError(f"{path}: " + "; ".join(problems))


def changelog_path(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.neuron_hw_changelog).resolve()


def for_build(app: Sphinx) -> Changelog | None:
    """The changelog of this build's sources, checked against the data; None without the file."""
    path = changelog_path(app)
    if not path.is_file():
        return None
    changelog = load_changelog(path)
    check(changelog, load(data_path(app.env)), path)
    return changelog


def _number(value: Decimal | None) -> int | float | None:
    return None if value is None else export.number(value)


def changelog_csv(changelog: Changelog, specs: Specs) -> str:
    """One row per change, newest first; a release that changed no figure is one row without one."""
    rows: list[list[str | int | float | None]] = []
    for release in changelog.releases:
        head = [release.version, release.date.isoformat()]
        if not release.changes:
            rows.append([*head, None, None, None, None, None, None, release.summary])
        for change in release.changes:
            url = specs.sources[change.source]["url"] if change.source in specs.sources else None
            rows.append(
                [
                    *head,
                    change.figure,
                    _number(change.old),
                    _number(change.new),
                    change.unit,
                    change.source,
                    url,
                    change.summary,
                ]
            )
    return export._csv(CSV_COLUMNS, rows)


def _validate(app: Sphinx) -> None:
    """Stop the build before any page is read when the changelog is malformed (as for the data)."""
    try:
        for_build(app)
    except ChangelogError as exc:
        logger.error("changelog: %s", exc, type="neuron_hw", subtype="changelog")
        raise SystemExit(2) from None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("neuron_hw_changelog", "_data/changelog.toml", "env", types=frozenset({str}))
    # After the data file's own check (neuron_hw's setup connects it last, at the default priority).
    app.connect("builder-inited", _validate, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
