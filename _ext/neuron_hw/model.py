"""The typed model of the hardware data file (``_data/hardware.toml``), built on pydantic 2.

:class:`HardwareFile` is the whole file: its tables (:mod:`schema_models`, built from the blocks
of :mod:`schema_fields`), checked entry by entry, then across entries -- references between
entries (:mod:`reference_checks`), then published totals against computed ones and figures that
must agree with each other (:mod:`consistency`).

:func:`validate` runs every check and returns every problem, not the first stage's only:

* each entry's own fields (types, keys, units, plausible values), as pydantic's errors;
* every check across entries (:data:`CHECKS`), each skipping what names something the file does
  not hold (the reference check reports that).  What has an error of its own is set aside -- the
  figure or item it is in, or the whole entry when the error is the entry's (its id, a required
  key) -- and the checks across entries run on the rest; a problem resting on what was set aside
  (a reference to it, a figure computed from it) is left out, since its input is meaningless.  An
  entry or item set aside for its id or key (``[families."trn2-"]``) may be the one any reference
  that does not resolve meant, so those into its table are left out too.  A file-wide error (a
  required table missing or not a table) leaves nothing to check across entries: those are skipped.

The loader (``loader.py``) orders them, root causes first, and turns them into the project's
``SpecError`` messages with file and line.  ``HardwareFile.model_validate`` raises pydantic's
``ValidationError`` with the same problems.

Print the JSON Schema of the data file, for editors (Taplo / Even Better TOML) and tests (committed
as ``_data/hardware.schema.json``)::

    python _ext/neuron_hw/model.py --schema > _data/hardware.schema.json
"""

from __future__ import annotations

if __name__ == "__main__":  # run as a file: the command is main() of the package's own module
    import importlib
    import sys
    from pathlib import Path

    sys.path[0] = str(Path(__file__).resolve().parents[1])  # _ext, which holds the package
    sys.exit(importlib.import_module("neuron_hw.model").main(sys.argv[1:]))

import copy
import json
import sys
from typing import Any

from pydantic import ValidationError, model_validator
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError

from . import consistency
from .reference_checks import check_references
from .schema_models import FileTables, Problem
from .vocabulary import SECTIONS, Loc

# Every check runs; each skips what the ones before it report (a reference that does not resolve).
CHECKS = (
    check_references,
    consistency.check_topologies,
    consistency.check_published_totals,
    consistency.check_consistency,
    consistency.check_lnc_sizes,
    consistency.check_stated_factors,
)


# Checked across entries once each entry is valid.  (Its docstring is the schema's description.)
class HardwareFile(FileTables):
    """The whole data file."""

    @model_validator(mode="after")
    def check_across_entries(self):
        """Every problem every check finds."""
        problems = check_across_entries(self)
        if problems:
            raise PydanticCustomError(
                "cross_entity",
                "{text}",
                {"problems": problems, "text": "; ".join(f"{_dotted(p.loc)}: {p.message}" for p in problems)},
            )
        return self


def check_across_entries(data: FileTables) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(data)]


def validate(raw: dict[str, Any]) -> tuple[FileTables | None, list[dict[str, Any]], list[Problem]]:
    """``(the file's tables, or None if anything is wrong; pydantic's errors of the entries' own
    fields; the problems across entries)``."""
    try:
        data = FileTables.model_validate(raw)
    except ValidationError as exc:
        errors = _errors(exc)
    else:
        problems = check_across_entries(data)
        return (None if problems else data), [], problems
    rest, set_aside, found = copy.deepcopy(raw), set(), errors
    for _ in range(_MAX_SET_ASIDE_ROUNDS):
        for error in found:
            where = _set_aside_at(rest, tuple(error["loc"]))
            if where is None:
                return None, errors, []
            set_aside.add(where)
            _remove(rest, where)
        try:
            data = FileTables.model_validate(rest)
            break
        except ValidationError as exc:  # a required key was set aside: its entry goes next
            found = _errors(exc)
    else:
        return None, errors, []
    # Tables holding something set aside for its key: ("chips",), ("chips", "inferentia", "compute").
    unnamed = {tuple(e["loc"][:-2]) for e in errors if len(e["loc"]) >= 3 and e["loc"][-1] == "[key]"}

    def rests_on_set_aside(loc: Loc) -> bool:
        if any(loc[: len(where)] == where for where in set_aside):
            return True
        return any(loc[: len(t)] == t and len(loc) > len(t) and not _present(data, loc[: len(t) + 1]) for t in unnamed)

    problems = [p for p in check_across_entries(data) if not any(map(rests_on_set_aside, (p.loc, *p.inputs)))]
    return None, errors, problems


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    """pydantic's errors (``loc``, ``type``, ``msg``, ``input``, ``ctx``) as plain dicts."""
    return [dict(error) for error in exc.errors(include_url=False)]


# Setting aside a key can leave an entry without a required one; then the entry goes, and then
# (at worst) a table is left empty: three rounds at most.
_MAX_SET_ASIDE_ROUNDS = 3
# Keys of an entry that hold items of their own: an error in one item sets aside that item only.
_ITEM_TABLES = ("compute", "engines", "extra", "published")


def _set_aside_at(raw: dict[str, Any], loc: Loc) -> Loc | None:
    """What an error at ``loc`` sets aside: the figure or item it is in (``("chips", "trainium2",
    "device_memory")``), or the whole entry if the error is the entry's own (its id, a required key),
    or an unknown top-level table; None if it is a required table (nothing left to check across)."""
    if not loc or not isinstance(loc[0], str):  # a top-level key is a table's name
        return None
    section = raw.get(loc[0])
    if len(loc) == 1:
        return loc if loc[0] not in SECTIONS and loc[0] in raw else None  # an unknown table: no check reads it
    if loc[0] not in SECTIONS or not isinstance(section, dict) or loc[1] not in section:
        return None
    entry = section[loc[1]]
    if len(loc) == 2 or loc[2] == "[key]" or not isinstance(entry, dict) or loc[2] not in entry:
        return loc[:2]
    items = entry[loc[2]]
    if len(loc) > 3 and loc[2] in _ITEM_TABLES and isinstance(items, dict) and loc[3] in items:
        return loc[:4]
    return loc[:3]


def _present(data: FileTables, loc: Loc) -> bool:
    node: Any = data
    for part in loc:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list):
            node = node[part] if isinstance(part, int) and part < len(node) else None
        else:
            node = getattr(node, part, None) if isinstance(part, str) else None
        if node is None:
            return False
    return True


def _remove(raw: dict[str, Any], loc: Loc) -> None:
    *parents, key = loc
    table: Any = raw  # tables and arrays, as TOML nests them
    for part in parents:
        table = table[part]
    table.pop(key, None)


def _dotted(loc: Loc) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc)


# -- The JSON Schema -------------------------------------------------------------------------------
class _TomlSchema(GenerateJsonSchema):
    """TOML has no null: an optional key is simply left out, so ``X | None`` is written as X."""

    def nullable_schema(self, schema):
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema):
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            del json_schema["default"]
        return json_schema

    def dict_schema(self, schema):
        """A table whose keys are ids: pydantic writes ``patternProperties``, which lets a key that
        does not match through unchecked; ``propertyNames`` rejects it."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            (pattern, values), *others = patterns.items()
            assert not others, "one pattern per table"
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema


def json_schema() -> dict:
    """JSON Schema 2020-12 of the data file, for editors (Taplo) and tests."""
    schema = HardwareFile.model_json_schema(schema_generator=_TomlSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by `python _ext/neuron_hw/model.py --schema`; do not edit by hand.",
        **schema,
    }


def main(argv: list[str]) -> int:
    if argv != ["--schema"]:
        print("usage: python _ext/neuron_hw/model.py --schema > _data/hardware.schema.json", file=sys.stderr)
        return 2
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0
