"""Live preview that survives mistakes: it keeps serving the last good build.

sphinx-autobuild serves the folder Sphinx writes into, so a page saved with broken markup (or a
data file with a bad value) replaces good pages with broken ones.  This script reuses
sphinx-autobuild's watcher, reload script and server, but Sphinx builds into a staging folder
and only a build that passes (zero warnings) is copied into the folder being served.  Staging is
kept between builds, so Sphinx rebuilds only the pages an edit affects, and only files whose
bytes changed are copied.

A failed build is rolled back: its environment (doctrees) and staged pages are replaced by those
of the last good build.  Sphinx re-reads only files changed since the environment was saved, so
without the rollback a page that failed would count as read, its warning would never be raised
again, and the next edit elsewhere would publish it broken.  With it, every build re-reads all
files changed since the last good build until they build cleanly.

Usage: python tools/livehtml.py SOURCEDIR SERVEDIR [--host H] [--port P] [-- SPHINX OPTIONS...]
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import uvicorn
from site_files import SITE_FILES
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

# Only the site's own files are watched (site_files.SITE_FILES); within them, bytecode caches are ignored.
IGNORE_REGEX = r"(^|/)__pycache__(/|$)"


def say(message: str) -> None:
    print(f"[livehtml] {message}", flush=True)


def publish(staging: Path, served: Path) -> int:
    """Make ``served`` an exact copy of ``staging``, touching only files that differ."""
    copied = 0
    for src in staging.rglob("*"):
        dest = served / src.relative_to(staging)
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif not dest.exists() or not filecmp.cmp(src, dest, shallow=False):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
            copied += 1
    for dest in sorted(served.rglob("*"), reverse=True):
        if not (staging / dest.relative_to(served)).exists():
            dest.rmdir() if dest.is_dir() else dest.unlink()
    return copied


class StagedBuilder:
    """Called by the watcher on every change (in a worker process, so it must pickle)."""

    def __init__(self, srcdir: Path, served: Path, sphinx_opts: list[str]):
        self.srcdir = srcdir
        self.served = served
        self.staging = served.parent / f"{served.name}.staging"
        self.doctrees = served.parent / f"{served.name}.doctrees"  # the environment being built
        self.good_doctrees = served.parent / f"{served.name}.doctrees.good"  # as of the last good build
        self.sphinx_opts = sphinx_opts

    def __call__(self, *, changed_paths=()) -> None:
        if changed_paths:
            say("changed: " + ", ".join(str(p.relative_to(self.srcdir)) for p in changed_paths[:5]))
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", str(self.srcdir), str(self.staging)]
        cmd += ["-d", str(self.doctrees), *self.sphinx_opts]
        if subprocess.run(cmd, check=False).returncode == 0:
            self.good_doctrees.mkdir(parents=True, exist_ok=True)
            publish(self.doctrees, self.good_doctrees)
            say(f"build passed: {publish(self.staging, self.served)} file(s) updated in {self.served}")
        else:
            self.roll_back()
            say(f"build FAILED: still serving the last good pages from {self.served}; fix the error above")

    def roll_back(self) -> None:
        """Return the environment and the staged pages to the last good build's."""
        for good, work in ((self.good_doctrees, self.doctrees), (self.served, self.staging)):
            good.mkdir(parents=True, exist_ok=True)
            work.mkdir(parents=True, exist_ok=True)
            publish(good, work)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("servedir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    # Everything after "--" goes to sphinx-build unchanged.
    split = argv.index("--") if "--" in argv else len(argv)
    args, sphinx_opts = parser.parse_args(argv[:split]), argv[split + 1 :]

    srcdir, served = args.sourcedir.resolve(), args.servedir.resolve()
    served.mkdir(parents=True, exist_ok=True)
    builder = StagedBuilder(srcdir, served, sphinx_opts)
    say("initial build")
    builder()

    url_host = f"{args.host}:{args.port}"
    watched = [srcdir / name for name in SITE_FILES if (srcdir / name).exists()]
    watcher = RebuildServer(watched, IgnoreFilter([served, builder.staging], [IGNORE_REGEX]), builder)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=served, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    say(f"serving on http://{url_host}/")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
