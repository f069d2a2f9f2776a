"""An entity's figures read by key, for the drawings: a standard figure of the entity (``chip.figures``)
or one of its extra figures (``[chips.<id>.extra.<key>]``), remembering every figure read, since a
drawing cites the sources of what it drew and marks the figures that carry a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .vocabulary import figure_path

if TYPE_CHECKING:
    from .specs import Chip, Core, Figure, Specs


class EntityFigures:
    def __init__(self, specs: Specs, kind: str, entity: Chip | Core, used: list[Figure] | None = None):
        self.specs, self.kind, self.entity = specs, kind, entity
        self.used: list[Figure] = list(used or [])

    def figure(self, key: str) -> Figure | None:
        """The figure ``key`` of the entity, standard or extra; None where the data has none."""
        found = self.entity.figures.get(key)
        if found is None:
            extra = self.specs.figures.get(figure_path(self.kind, self.entity.id, key))
            found = extra.figure if extra is not None else None
        if found is not None:
            self.used.append(found)
        return found

    def written(self, key: str) -> str | None:
        """The figure ``key`` as the pages write it (value and unit), None where there is none."""
        found = self.figure(key)
        return None if found is None else found.text()

    def sources(self) -> tuple[str, ...]:
        """The sources of the figures read, each once, in the order they were first read."""
        return tuple(dict.fromkeys(f.source for f in self.used if f.source))
