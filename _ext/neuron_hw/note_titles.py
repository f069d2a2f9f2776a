"""Reader titles for the notes of the data file, grouped by what they concern (the sources page).

The titles are data, kept beside the data file in ``note-titles.toml``: one entry per note key,
``key = { group = "...", title = "..." }``.  A note's key stays its anchor; the title is what a
reader scans.  A note missing there is still listed, under a group read from the figures that
carry it and its first sentence as its title; a project without the file lists every note so.
An entry for a note the data file does not have, an unknown group or an empty title stops the
build with the file, the entry and what was expected.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .loader import SpecError

FILE_NAME = "note-titles.toml"

CHIPS, CORES, SYSTEMS, SOFTWARE, CONVENTIONS = "chips", "cores", "systems", "software", "conventions"

# The sections of the sources page, in this order.
GROUPS = {
    CHIPS: "Chips",
    CORES: "NeuronCores",
    SYSTEMS: "Instances and UltraServers",
    SOFTWARE: "Runtime, tools and guides",
    CONVENTIONS: "Units, rounding and this site's conventions",
}


@dataclass(frozen=True)
class NoteTitle:
    group: str
    title: str


def titles_path(data_file: Path) -> Path:
    return data_file.with_name(FILE_NAME)


def load_titles(path: Path, note_keys: set[str]) -> dict[str, NoteTitle]:
    """The titles in ``path`` (none when it does not exist), checked against the notes' keys."""
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"{path}: not a valid TOML file: {exc}") from None
    problems, titles = [], {}
    for key, entry in raw.items():
        where = f"{path}: [{key}]"
        if key not in note_keys:
            problems.append(f"{where}: no note of the data file has this key")
            continue
        if not isinstance(entry, dict) or set(entry) != {"group", "title"}:
            problems.append(f'{where}: expected {{ group = "...", title = "..." }}')
            continue
        group, title = entry["group"], entry["title"]
        if group not in GROUPS:
            problems.append(f"{where}: group {group!r} is not one of {', '.join(GROUPS)}")
        elif not isinstance(title, str) or not title.strip() or len(title) > 120:
            problems.append(f"{where}: the title must be text of 1 to 120 characters")
        else:
            titles[key] = NoteTitle(group, title)
    if problems:
        raise SpecError("\n".join(problems))
    return titles


def fallback_title(text: str, limit: int = 70) -> str:
    """A note's first sentence, cut at a word before ``limit`` characters."""
    first = text.split(". ")[0].split("; ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "\u2026"
