"""How this project runs sphinx-build, defined once: the Makefile's variables, reused by the tools and tests.

The warning policy (``SPHINXERRORHANDLING``: warnings fail the build, nitpicky references) is a
Makefile variable, so ``make html``, the benchmark, the live preview and the test builds all read
it from there (``make print-SPHINXERRORHANDLING``) instead of keeping copies that can drift.
Doctrees always go beside the output folder, never inside the folder that is published.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def make_variable(name: str) -> str:
    """The value of a Makefile variable, as `make` would use it."""
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(ROOT), f"print-{name}"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def warning_policy() -> list[str]:
    return make_variable("SPHINXERRORHANDLING").split()


def doctrees_for(outdir: Path) -> Path:
    return outdir.parent / f"{outdir.name}.doctrees"


def sphinx_build(
    builder: str, srcdir: Path, outdir: Path, *extra: str, doctrees: Path | None = None, policy: bool = True
) -> list[str]:
    """The sphinx-build command line for one build, with the project's warning policy unless
    ``policy`` is false (the benchmark's floor, built with another theme, is timed, not checked)."""
    doctrees = doctrees or doctrees_for(outdir)
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        str(srcdir),
        str(outdir),
        "-d",
        str(doctrees),
        *(warning_policy() if policy else []),
        *extra,
    ]
