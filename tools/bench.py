"""Build benchmark: how long builds take and how many pages they re-write.

Each build runs as `make html` runs it (``tools/build.py``: a staged build that writes every page).
For the site as it is and for the same sources built with Sphinx's minimal ``basic`` theme (the
floor, measured in the same run), it times four scenarios, each repeated --runs times:

* full      a clean build from nothing;
* page      a rebuild after editing one page;
* data      a rebuild after editing one value in the data file;
* noop      a rebuild with nothing changed.

It prints medians, the ratio to the floor and the pages each rebuild wrote, and saves the numbers
as JSON.  Usage: python tools/bench.py [--runs 5] [--json _build/bench.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_files import ROOT, copy_site

EDITED_PAGE = "hardware/inferentia.rst"
DATA_FILE = "_data/hardware.toml"
# A figure no published total depends on, so the edited data still validates.
DATA_EDIT = ('mode = "sparse", value = 2517,', 'mode = "sparse", value = 2518,')
THEMES = {"site": [], "basic": ["-D", "html_theme=basic"]}
WRITING = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")


def build(src: Path, theme: str) -> tuple[float, list[str]]:
    """One build the way `make html` runs it (staged, published when it passed), without the
    warning policy (the floor is timed, not checked); returns seconds and the pages written."""
    out = src / "_build" / "html"
    cmd = [sys.executable, str(ROOT / "tools" / "build.py"), str(src), str(out), "--", *THEMES[theme]]
    start = time.perf_counter()
    result = subprocess.run(
        cmd, check=False, capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed ({theme}):\n{result.stderr}")
    return elapsed, WRITING.findall(result.stdout)


def toggle(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new) if old in text else text.replace(new, old), encoding="utf-8")


def measure(theme: str, runs: int) -> dict:
    samples: dict[str, list[float]] = {"full": [], "page": [], "data": [], "noop": []}
    written: dict[str, list[str]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            copy_site(src)
            if theme == "basic":  # the floor: same sources, none of this theme's template overrides
                shutil.rmtree(src / "_templates")
                (src / "_templates").mkdir()
            for scenario, times in samples.items():
                if scenario == "page":
                    with (src / EDITED_PAGE).open("a", encoding="utf-8") as fh:
                        fh.write("\n.. A comment: the edit being measured.\n")
                elif scenario == "data":
                    toggle(src / DATA_FILE, *DATA_EDIT)
                seconds, pages = build(src, theme)
                times.append(seconds)
                written[scenario] = pages
    return {
        scenario: {"median_s": statistics.median(times), "runs_s": times, "pages_written": written[scenario]}
        for scenario, times in samples.items()
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "bench.json")
    args = parser.parse_args(argv)
    results = {theme: measure(theme, args.runs) for theme in THEMES}

    print(f"\nMedian of {args.runs} runs; ratio = site / basic theme (the floor), same run.\n")
    print(f"{'scenario':<8} {'site s':>8} {'basic s':>8} {'ratio':>6}  pages written (site)")
    for scenario in results["site"]:
        site, floor = results["site"][scenario], results["basic"][scenario]
        ratio = site["median_s"] / floor["median_s"]
        site["ratio_to_basic"] = ratio
        pages = site["pages_written"]
        shown = ", ".join(pages[:4]) + (f", … ({len(pages)} in all)" if len(pages) > 4 else "")
        print(f"{scenario:<8} {site['median_s']:>8.2f} {floor['median_s']:>8.2f} {ratio:>6.2f}  {shown or 'none'}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": args.runs, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nSaved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
