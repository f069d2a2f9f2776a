"""``make html``: build the site into a staging folder and publish it only when the build passed.

Usage: python tools/build.py SOURCEDIR OUTDIR [-d DOCTREES] [-- SPHINX OPTIONS...]

Exits 0 when the build passed and OUTDIR holds it, 1 when Sphinx failed (OUTDIR is left as the last
good build made it), 2 when the output folder cannot be written (one line says why).  See
tools/staged_build.py.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from staged_build import OutputNotWritable, StagedBuild, say, swap_in


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("-d", "--doctrees", type=Path, help="Sphinx's saved environment (default: OUTDIR/../doctrees)")
    split = argv.index("--") if "--" in argv else len(argv)
    args, sphinx_opts = parser.parse_args(argv[:split]), argv[split + 1 :]
    outdir = args.outdir.resolve()
    doctrees = (args.doctrees or outdir.parent / "doctrees").resolve()

    # A plain `kill` of this command ends the Sphinx build under it too (see staged_build).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    build = StagedBuild(args.sourcedir.resolve(), outdir, sphinx_opts, doctrees, publish=swap_in)
    try:
        published = build()
    except OutputNotWritable as exc:
        say(f"make html: {exc}")
        return 2
    if published is None:
        say(f"make html: the build failed; {outdir} still holds the last build that passed")
        return 1
    # Sphinx's own last line names the staging folder, which is gone now: say where the site is.
    print(f"make html: published in {outdir} (open index.html there, or run make serve)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
