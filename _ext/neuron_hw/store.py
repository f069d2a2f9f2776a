"""Load the data file once per build and hand it to directives, noting the page dependency."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from .data import load_specs

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .specs import Specs

EXTENSION_DIR = Path(__file__).parent

# data file path -> (modification time, loaded specs); forked parallel readers inherit it.
_cache: dict[Path, tuple[int, Specs]] = {}


def data_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir, env.config.neuron_hw_data).resolve()


def load(path: Path) -> Specs:
    """Return the validated data at ``path``, re-reading it when the file has changed."""
    mtime = path.stat().st_mtime_ns if path.exists() else -1
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, load_specs(path))
    return _cache[path][1]


@functools.cache
def _extension_modules() -> tuple[str, ...]:
    """This extension's source files.  Listed once per process: Sphinx loads an extension's
    modules once per process too, so a file added later would not be used before a restart."""
    return tuple(str(module) for module in sorted(EXTENSION_DIR.rglob("*.py")))


def specs_for(env: BuildEnvironment) -> Specs:
    """The data for this build; the calling page is rebuilt whenever the data or this extension changes."""
    path = data_path(env)
    # Noted once per page: a page calls this for each of its figures (hundreds on some pages).
    if env.srcdir / path not in env.dependencies.get(env.docname, ()):
        env.note_dependency(str(path))
        for module in _extension_modules():
            env.note_dependency(module)
    return load(path)
