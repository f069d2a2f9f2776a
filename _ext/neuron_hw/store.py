"""Load the data file once per build and hand it to directives, noting the page dependency."""

from __future__ import annotations

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


def specs_for(env: BuildEnvironment) -> Specs:
    """The data for this build; the calling page is rebuilt whenever the data or this extension changes."""
    path = data_path(env)
    env.note_dependency(str(path))
    for module in sorted(EXTENSION_DIR.rglob("*.py")):
        env.note_dependency(str(module))
    return load(path)
