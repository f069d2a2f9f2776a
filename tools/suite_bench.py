"""Test-suite benchmark: how long `make test-fast` and `make test` take, beside a clean `make html`.

The suite's time depends on the machine and on what else runs, so each run times all three
commands one after another and the report gives medians and each command's ratio to the clean
build of the same runs: the ratio moves with the suite, not with the machine.

Usage: python tools/suite_bench.py [--runs 3] [--json _build/suite-bench.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_files import ROOT

COMMANDS = {
    "make html (clean)": ["make", "html"],
    "make test-fast": ["make", "test-fast", "PYTESTOPTS=-q"],
    "make test": ["make", "test", "PYTESTOPTS=-q"],
}


def timed(cmd: list[str], builddir: Path) -> float:
    """Seconds ``cmd`` takes in the repository, building into a folder of its own."""
    shutil.rmtree(builddir, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run(
        [*cmd, f"BUILDDIR={builddir}"], cwd=ROOT, capture_output=True, text=True, check=False, env=os.environ
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "suite-bench.json")
    args = parser.parse_args(argv)

    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="suite-bench-") as tmp:
        for run in range(1, args.runs + 1):
            for name, cmd in COMMANDS.items():
                seconds = timed(cmd, Path(tmp) / "_build")
                times[name].append(seconds)
                print(f"run {run}/{args.runs}: {name} {seconds:.1f} s", flush=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["make html (clean)"]
    print(f"\nmedians of {args.runs} run(s); ratio to the clean build of the same runs")
    for name, median in medians.items():
        print(
            f"  {name:<20} {median:7.1f} s   x{median / base:5.1f}   (min {min(times[name]):.1f}, max {max(times[name]):.1f})"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": args.runs, "seconds": times, "medians": medians}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
