"""The files that make up the site's sources, and a copy of them that a tool or test may edit."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from site_layout import SITE_FILES  # the list lives with the site (conf.py reads it too)


def copy_site(dest: Path) -> Path:
    """Copy the site sources (not builds or the venv) into ``dest``.  The extensions' compiled
    modules (``__pycache__``) come along with the sources' times, which Python checks them
    against, so a build of the copy does not compile the extensions again (about 0.3 s of a
    small site's build); a module edited in the copy is compiled anew as usual."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)  # copy2: each file keeps its modification time
        else:
            shutil.copy2(src, dest / name)
    return dest
