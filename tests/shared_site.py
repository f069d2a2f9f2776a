"""Build the site once for every test process of a run (see conftest.start_shared_build).

Run as ``python tests/shared_site.py FOLDER``: builds into ``FOLDER/html`` as `make html` does
(conftest.sphinx_build), then writes ``FOLDER/outcome.json`` (the command, exit status, output and
errors) in one step, so a reader sees either no outcome or all of it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import ROOT, sphinx_build


def main(folder: Path) -> None:
    done = sphinx_build(ROOT, folder / "html")
    partial = folder / "outcome.json.partial"
    partial.write_text(json.dumps([done.args, done.returncode, done.stdout, done.stderr]), encoding="utf-8")
    partial.replace(folder / "outcome.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
