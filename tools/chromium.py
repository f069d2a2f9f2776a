"""How this project starts Chromium, for the browser tests and the Lighthouse audit alike.

Debian's Chromium, headless, as root, on a machine whose network reaches only package registries:
without the background-networking flags it keeps trying (and failing) to reach Google's services.
"""

from __future__ import annotations

import os
import shutil

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def executable() -> str:
    """``$CHROMIUM``, else the ``chromium`` on PATH, else Debian's path (which may not exist)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
