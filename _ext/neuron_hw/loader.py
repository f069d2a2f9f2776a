"""Read the data file, validate it with the model, and build the frozen records of ``specs.py``.

Every problem the model finds (:func:`model.validate` runs every check) becomes one line of a
:class:`SpecError`, root causes first (``loader_errors.py`` writes and orders the lines); a valid
file becomes the records (``loader_records.py``).
"""

from __future__ import annotations

import codecs
import re
import tomllib
from decimal import Decimal
from pathlib import Path

from .loader_errors import DEPENDENCY_ORDER, messages, translate
from .loader_records import records
from .model import validate
from .specs import Specs

try:
    from sphinx.errors import ExtensionError as _BaseError
except ImportError:  # pragma: no cover - validating without Sphinx installed
    _BaseError = Exception  # type: ignore[assignment,misc]

__all__ = ["DEPENDENCY_ORDER", "SpecError", "load"]


class SpecError(_BaseError):
    """The data file is malformed; the message says where and what was expected."""

    category = "Neuron hardware data error"


def load(path: Path) -> Specs:
    """Read, validate and convert the data file at ``path``; raise SpecError on any problem."""
    text = _read(path)
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        raise SpecError(f"{path}{':' + line[1] if line else ''}: not valid TOML: {exc}") from None
    data, errors, problems = validate(raw)
    if data is None:
        raise SpecError("\n".join(messages(path, text, [translate(e) for e in errors] + problems)))
    return records(path, data)


def _read(path: Path) -> str:
    """The file's text. TOML files are UTF-8; an editor that saves another encoding, or puts a
    byte-order mark first, gets told so with the line, rather than a decoding traceback or
    tomllib's "Invalid statement" at line 1."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError(f"{path}: data file not found") from None
    if raw.startswith(codecs.BOM_UTF8):
        raise SpecError(
            f"{path}:1: the file starts with a byte-order mark (BOM, bytes EF BB BF); save it as UTF-8 without BOM"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(_not_utf8(path, raw, exc)) from None


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> str:
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    lines = raw[: exc.start].decode("utf-8", errors="replace").splitlines()
    table = next((f" in {t.strip()}" for t in reversed(lines) if t.startswith("[")), "")
    return (
        f"{path}:{line}: not valid UTF-8{table}: byte 0x{raw[exc.start]:02X} at column {exc.start - line_start + 1} "
        f"({exc.reason}); save the file as UTF-8"
    )
