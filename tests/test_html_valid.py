"""Every built page is valid HTML according to the W3C Nu HTML Checker (vnu-jar from npm, on Java).

`npm ci` installs the pinned checker (package.json) into node_modules/.  In CI (`CI=true`) a missing
Java or checker fails the test; on a developer machine it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; the HTML checker must run in CI (.ci/run installs it)")
    pytest.skip(reason)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        _missing("Java not found (install Debian's default-jre-headless)")
    if not VNU_JAR.is_file():
        _missing(f"{VNU_JAR.relative_to(ROOT)} not found (run `npm ci`)")
    # One short run: the JIT's first tier is enough, and its optimising tier would cost about
    # twice the checker's CPU time in compiling code that runs only for seconds.
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def vnu_errors(pages: list[Path]) -> list[str]:
    result = subprocess.run(
        [*vnu_command(), *map(str, pages)], capture_output=True, text=True, timeout=300, check=False
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"the HTML checker failed (status {result.returncode}): {result.stderr[:2000]}")
    return [
        f"{Path(m.get('url', '?').removeprefix('file:')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def test_every_page_is_valid_html(site):
    assert site.result.returncode == 0, site.result.stderr
    pages = site.pages()
    assert len(pages) >= 20
    errors = vnu_errors(pages)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:40])
