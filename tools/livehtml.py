"""Live preview that survives mistakes: it keeps serving the last good build.

sphinx-autobuild serves the folder Sphinx writes into, so a page saved with broken markup (or a
data file with a bad value) replaces good pages with broken ones.  This script reuses
sphinx-autobuild's watcher, reload script and server, but each build goes through
``staged_build.StagedBuild``: Sphinx writes into a staging folder and only a build that passes
(zero warnings) is published into the folder being served, one file at a time, each replaced
atomically, and only files whose bytes changed.  The server reads each file whole when it answers,
so a request that arrives during a publish gets the old file or the new one, never a mix.

A build that warned makes the next one read every page again (``_ext/build_integrity.py``), so a
page that failed keeps failing, with its error printed again, until it is fixed: an edit elsewhere
never publishes it half-built.

Usage: python tools/livehtml.py SOURCEDIR SERVEDIR [--host H] [--port P] [-- SPHINX OPTIONS...]
"""

from __future__ import annotations

import argparse
import mimetypes
import socket
import sys
from pathlib import Path

import uvicorn
from site_files import SITE_FILES
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from staged_build import OutputNotWritable, StagedBuild, sync_into
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

# Only the site's own files are watched (site_files.SITE_FILES); within them, bytecode caches are ignored.
IGNORE_REGEX = r"(^|/)__pycache__(/|$)"


def say(message: str) -> None:
    print(f"[livehtml] {message}", flush=True)


class WholeFiles(StaticFiles):
    """Static files read whole before the answer starts.  Starlette's own response takes the size
    when it looks the file up and reads the bytes later; a publish in between would send the new
    file's bytes under the old file's length."""

    def file_response(self, full_path, stat_result, scope, status_code=200) -> Response:
        media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
        return Response(Path(full_path).read_bytes(), status_code=status_code, media_type=media_type)


class PreviewBuilder:
    """Called by the watcher on every change (in a worker process, so it must pickle)."""

    def __init__(self, srcdir: Path, served: Path, sphinx_opts: list[str]):
        self.srcdir = srcdir
        self.build = StagedBuild(
            srcdir, served, sphinx_opts, doctrees=served.parent / f"{served.name}.doctrees", publish=sync_into
        )

    def __call__(self, *, changed_paths=()) -> None:
        if changed_paths:
            say("changed: " + ", ".join(str(p.relative_to(self.srcdir)) for p in changed_paths[:5]))
        try:
            published = self.build()
        except OutputNotWritable as exc:
            say(f"build FAILED: {exc}")
            return
        if published is None:
            say(f"build FAILED: still serving the last good pages from {self.build.outdir}; fix the error above")
        else:
            say(f"build passed: {published} file(s) updated in {self.build.outdir}")


def port_taken(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("servedir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    # Everything after "--" goes to sphinx-build unchanged.
    split = argv.index("--") if "--" in argv else len(argv)
    args, sphinx_opts = parser.parse_args(argv[:split]), argv[split + 1 :]

    if port_taken(args.host, args.port):
        say(f"port {args.port} on {args.host} is in use (another preview?); choose another: make livehtml PORT=8081")
        return 2
    srcdir, served = args.sourcedir.resolve(), args.servedir.resolve()
    try:
        served.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        say(f"cannot write the site to {served}: {exc.strerror or exc}")
        return 2
    builder = PreviewBuilder(srcdir, served, sphinx_opts)
    say("initial build")
    builder()

    url_host = f"{args.host}:{args.port}"
    watched = [srcdir / name for name in SITE_FILES if (srcdir / name).exists()]
    watcher = RebuildServer(watched, IgnoreFilter([served, builder.build.staging], [IGNORE_REGEX]), builder)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=WholeFiles(directory=served, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    say(f"serving on http://{url_host}/")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
