"""The loader's messages: every problem the model finds as one line, ``<file>:<line>: <entry> <key>:
<what was expected>``, e.g. ``_data/hardware.toml:196: [chips.trainium2] hbm_capacity: unknown key;
expected one of: ...``.

The lines are listed root causes first, by one rule:

1. A problem computed from a figure that has a problem of its own (a system's total from the chip's
   device memory, when the chip's figures disagree) is a consequence: it says so -- "this follows
   from the error at line N ([chips.trainium2] device_memory): fix that first" -- instead of
   inviting an edit of the figure it was checked against, and is listed after every root cause.
2. Otherwise in the order the data depends on itself, :data:`DEPENDENCY_ORDER`: errors of the
   file as a whole, then [sources], [notes], [software], [cores], [chips], [families],
   [instances], [ultraservers], [topologies], [comparisons] -- what a figure is computed from
   comes before what is computed from it.
3. Within a table, by line; a problem the model cannot place on a line first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, TypeGuard, get_args, get_origin

from pydantic import BaseModel

from .id_syntax import ID_KINDS, id_problem
from .schema_fields import TEXT_PATTERN, FigureBase
from .schema_models import Problem
from .schema_paths import annotation_at
from .vocabulary import SECTIONS, Loc

# Sections whose entry ids are written quoted in messages: [instances."trn2.48xlarge"].
QUOTED = ("instances", "ultraservers")
# Sections that are one table of key = value lines rather than one table per entry.
FLAT = ("sources", "notes")
# The order in which problems are listed: what figures are computed from before what is computed
# from them (sources and notes are cited by every entry; a chip's SBUF total from its core's, its
# LNC size from the software's; families, instances and UltraServers from chips and each other).
DEPENDENCY_ORDER = (
    "sources",
    "notes",
    "software",
    "cores",
    "chips",
    "families",
    "instances",
    "ultraservers",
    "topologies",
    "comparisons",
)


def messages(path: Path, text: str, problems: list[Problem]) -> list[str]:
    """One line per problem, root causes first (the rule is in the module's docstring)."""
    lines = text.splitlines()
    line = {p: _line_of(lines, p.loc) for p in problems}
    cause = {p: _root_cause(p, problems) for p in problems}

    def order(p: Problem) -> tuple:
        section = DEPENDENCY_ORDER.index(p.loc[0]) if p.loc and p.loc[0] in DEPENDENCY_ORDER else -1
        return cause[p] is not None, section, line[p] or 0

    out = []
    for p in sorted(dict.fromkeys(problems), key=order):
        root = cause[p]
        if root is not None:
            at = f"at line {line[root]} " if line[root] else ""
            message = f"{p.message}; this follows from the error {at}({_where(root.loc)}): fix that first"
        else:
            message = f"{p.message}; {p.fix}" if p.fix else p.message
        where = _where(p.loc)
        prefix = f"{path}:{line[p]}" if line[p] else f"{path}"
        out.append(f"{prefix}: {where}: {message}" if where else f"{prefix}: {message}")
    return out


def _root_cause(problem: Problem, problems: list[Problem]) -> Problem | None:
    """The first problem at a figure or table ``problem`` was computed from, followed back to one
    that rests on no other; None when ``problem`` is a root cause itself."""
    seen, current = {problem}, problem
    while True:
        cause = next(
            (
                q
                for q in problems
                if q not in seen and q.loc and any(loc[: len(q.loc)] == q.loc for loc in current.inputs)
            ),
            None,
        )
        if cause is None:
            return None if current is problem else current
        seen.add(cause)
        current = cause


def _is_figure(annotation: Any) -> TypeGuard[type[FigureBase]]:
    return isinstance(annotation, type) and issubclass(annotation, FigureBase)


def _fields(annotation: Any) -> list[str]:
    return sorted(annotation.model_fields) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []


EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
}


def translate(error: dict) -> Problem:
    """One pydantic error as a problem in the project's words."""
    return Problem(*_translated(error))


def _translated(error: dict) -> tuple[tuple, str]:
    kind, loc, got = error["type"], tuple(error["loc"]), error.get("input")
    if loc and loc[-1] == "[key]":  # a table key that is not allowed: an engine name, an id
        if kind == "literal_error":
            choices = get_args(_key_type(loc[:-2]))
            return loc[:-1], f"unknown key; expected one of: {', '.join(choices)}"
        return loc[:-1], f"the key {_string_problem(kind, got, error.get('ctx') or {}) or error['msg']}"
    key = loc[-1] if loc else None
    parent = annotation_at(loc[:-1]) if loc else None
    # A figure's own keys are reported on the figure: "[chips.x] device_memory: missing 'unit'".
    if _is_figure(parent) and isinstance(key, str):
        units = ", ".join(parent.units)
        if kind == "missing":
            return loc[:-1], f"missing {key!r}" + (f"; expected one of: {units}" if key == "unit" else "")
        if kind == "extra_forbidden":
            return loc[:-1], f"unknown key {key!r}; expected only: {', '.join(_fields(parent))}"
        if kind == "literal_error" and key == "unit":
            return loc[:-1], f"unit {got!r} is not valid here; expected one of: {units}"
        if kind in EXPECTED:
            return loc[:-1], f"{key!r} must be {EXPECTED[kind]}, got {got!r}"
        if kind == "number":  # the message names 'value' already
            return loc[:-1], error["msg"]
    if kind == "missing":
        if len(loc) == 1:
            return (), f"missing required table [{key}]"
        return loc[:-1], f"missing required key {key!r}"
    if kind == "extra_forbidden":
        if len(loc) == 1:
            return (), f"unknown top-level table [{key}]; expected one of: {', '.join(SECTIONS)}"
        return loc, f"unknown key; expected one of: {', '.join(_fields(parent))}"
    if kind == "literal_error":
        choices = get_args(annotation_at(loc))
        return loc, f"expected one of {', '.join(choices)}, got {got!r}"
    if kind == "too_short" and key == "patterns":
        return loc, "expected at least one M:N pattern"
    if kind == "too_short":
        return loc, "expected a table with at least one entry"
    if kind == "string_pattern_mismatch" and key == "published":
        return loc, f"expected a factor as AWS states it, such as '1.4x', got {got!r}"
    problem = _string_problem(kind, got, error.get("ctx") or {})
    if problem:
        return loc, problem
    if kind == "greater_than_equal":
        return loc, f"expected at least {error['ctx']['ge']}, got {got!r}"
    if kind == "less_than_equal":
        return loc, f"expected at most {error['ctx']['le']}, got {got!r}"
    if kind == "string_pattern_mismatch" and key == "url":
        return loc, f"expected an https:// URL, got {got!r}"
    if kind == "string_pattern_mismatch" and "sparsity" in loc:
        return loc, f"expected an M:N pattern such as '4:16', got {got!r}"
    if kind in ("date_type", "date_from_datetime_inexact") or (
        kind == "date_from_datetime_parsing" and key == "checked"
    ):
        return loc, f"expected a TOML date written without quotes, such as 2026-08-21, got {got!r}"
    if kind == "model_type" and _is_figure(annotation_at(loc)):
        return loc, f'expected an inline table {{ value = <number>, unit = "..." }}, got {got!r}'
    if kind in EXPECTED:
        return loc, f"expected {EXPECTED[kind]}, got {got!r}"
    return loc, error["msg"]


def _string_problem(kind: str, got: Any, ctx: dict) -> str | None:
    """What is wrong with a string: an id's unexpected character, its length, blank text."""
    if kind == "string_pattern_mismatch" and ctx["pattern"] in ID_KINDS:
        return id_problem(got, ctx["pattern"])
    if kind == "string_pattern_mismatch" and ctx["pattern"] == TEXT_PATTERN:
        return "expected some text, got only white space"
    if kind == "string_too_long":
        return f"expected at most {ctx['max_length']:,} characters, got {len(got):,}"
    if kind == "string_too_short":
        return "expected a non-empty string"
    return None


def _key_type(loc: tuple) -> Any:
    """The allowed keys of the dict at ``loc`` (a ``Literal``)."""
    annotation = annotation_at(loc)
    if get_origin(annotation) is dict:
        key = get_args(annotation)[0]
        return key if get_origin(key) is Literal else None
    return None


def _where(loc: tuple) -> str:
    """``("chips", "trainium2", "compute", "fp8")`` -> ``[chips.trainium2] compute.fp8``."""
    if not loc:
        return ""
    section, rest = loc[0], loc[1:]
    if not rest or section in FLAT:
        head = f"[{section}]"
    else:
        entry, rest = rest[0], rest[1:]
        head = f'[{section}."{entry}"]' if section in QUOTED else f"[{section}.{entry}]"
    keys = ""
    for part in rest:
        keys += f"[{part}]" if isinstance(part, int) else (f".{part}" if keys else str(part))
    return f"{head} {keys}" if keys else head


# tomllib returns plain dicts and keeps no positions, and no maintained TOML parser both keeps
# line numbers and reads floats as Decimal, so the line of an error is found in the text: the
# entry's table header, then the key inside that table (then, in a multi-line array, the item).
def _line_of(lines: list[str], loc: tuple) -> int | None:
    if not loc:
        return None
    start: int | None = None
    rest: Loc = ()
    if loc[0] in FLAT:
        start, rest = _header_line(lines, loc[:1]), loc[1:]
    else:  # the deepest table header written for the location: [chips.trainium2.extra.hbm-per-stack]
        for n in range(len(loc), 0, -1):
            if all(isinstance(p, str) for p in loc[:n]):
                start = _header_line(lines, loc[:n])
                if start is not None:
                    rest = loc[n:]
                    break
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    names = [p for p in rest if isinstance(p, str)]
    for n in range(len(names), 0, -1):  # the longest dotted key written on one line
        pattern = re.compile(r"\s*" + r"\s*\.\s*".join(_key(p) for p in names[:n]) + r"\s*[=.]")
        found = next((i for i in range(start + 1, end) if pattern.match(lines[i])), None)
        if found is not None:
            index = rest[n] if len(rest) > n else None
            if isinstance(index, int) and lines[found].rstrip().endswith("["):  # one item per line
                items = [i for i in range(found + 1, end) if lines[i].lstrip().startswith("{")]
                if index < len(items):
                    return items[index] + 1
            return found + 1
    return start + 1


def _header_line(lines: list[str], parts: tuple) -> int | None:
    """The index of the line ``[a.b.c]`` for ``parts`` (each part bare or quoted), if written."""
    header = r"\[\s*" + r"\s*\.\s*".join(_key(p) for p in parts) + r"\s*\]"
    return next((i for i, line in enumerate(lines) if re.match(rf"\s*{header}\s*(#.*)?$", line)), None)


def _key(name: str | int) -> str:
    """A TOML key as written: bare or quoted."""
    return rf'(?:"{re.escape(str(name))}"|{re.escape(str(name))})'
