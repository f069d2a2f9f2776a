"""Live preview that survives mistakes: it keeps serving the last good build.

sphinx-autobuild serves the folder Sphinx writes into, so a page saved with broken markup (or a
data file with a bad value) replaces good pages with broken ones.  This script reuses
sphinx-autobuild's watcher, reload script and server, but each build goes through
``staged_build.StagedBuild``: Sphinx writes into a staging folder and only a build that passes
(zero warnings) is published into the folder being served, one file at a time, each replaced
atomically, and only files whose bytes changed.  The server reads each file whole when it answers,
so a request that arrives during a publish gets the old file or the new one, never a mix.

A failed build is shown where the author looks: its errors are printed again as the last lines in
the terminal, and every page served until a build passes carries a banner with them (the browser
reloads after each build, so the banner comes and goes by itself).

A build that warned makes the next one read every page again (``_ext/build_integrity.py``), so a
page that failed keeps failing, with its error printed again, until it is fixed: an edit elsewhere
never publishes it half-built.

Usage: python tools/livehtml.py SOURCEDIR SERVEDIR [--host H] [--port P] [-- SPHINX OPTIONS...]
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import re
import socket
import sys
from pathlib import Path

import uvicorn
from site_files import SITE_FILES
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import web_socket_script
from sphinx_autobuild.server import RebuildServer
from staged_build import OutputNotWritable, StagedBuild, sync_into
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
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


# The errors shown again at the end of a failed build, and in the banner: the first lines Sphinx
# wrote, since a data file's errors come root causes first.
SHOWN_ERRORS = 20
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failure_file(served: Path) -> Path:
    """Where a failed build leaves its errors for the server: beside the served folder, never in it."""
    return served.parent / f"{served.name}.failed.txt"


class PreviewBuilder:
    """Called by the watcher on every change (in a worker process, so it must pickle): the server
    learns of a failure through ``failure_file``."""

    def __init__(self, srcdir: Path, served: Path, sphinx_opts: list[str]):
        self.srcdir = srcdir
        self.failed = failure_file(served)
        self.build = StagedBuild(
            srcdir,
            served,
            sphinx_opts,
            doctrees=served.parent / f"{served.name}.doctrees",
            publish=sync_into,
            keep_errors=True,
        )

    def __call__(self, *, changed_paths=()) -> None:
        if changed_paths:
            say("changed: " + ", ".join(str(p.relative_to(self.srcdir)) for p in changed_paths[:5]))
        try:
            published = self.build()
        except OutputNotWritable as exc:
            self._failed([str(exc)])
            say(f"build FAILED: {exc}")
            return
        if published is None:
            errors = [ANSI.sub("", line) for line in self.build.errors if line.strip()]
            if len(errors) > SHOWN_ERRORS:
                more = len(errors) - SHOWN_ERRORS
                errors = [*errors[:SHOWN_ERRORS], f"... and {more} more line(s), above in the terminal"]
            self._failed(errors or ["the build stopped without a message"])
            say(f"build FAILED: still serving the last good pages from {self.build.outdir}; the errors again:")
            for line in errors:
                say(f"  {line}")
        else:
            self.failed.unlink(missing_ok=True)
            say(f"build passed: {published} file(s) updated in {self.build.outdir}")

    def _failed(self, errors: list[str]) -> None:
        temporary = self.failed.with_suffix(".tmp")
        temporary.write_text("\n".join(errors) + "\n", encoding="utf-8")
        temporary.replace(self.failed)  # the server reads it whole or not at all


def failure_banner(errors: str) -> str:
    """A banner over the page, in plain inline style (the preview only; never published)."""
    return (
        '<div id="livehtml-failed" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:9999;'
        "max-height:45vh;overflow:auto;margin:0;padding:.75rem 1rem;background:#7f1d1d;color:#fff;"
        'font:14px/1.4 system-ui,sans-serif;border-top:3px solid #fca5a5">'
        "<strong>The last build failed.</strong> This page is from the last build that passed; "
        "fix the error and save to rebuild."
        f'<pre style="margin:.5rem 0 0;white-space:pre-wrap;font:13px/1.4 monospace;color:#fff;'
        f'background:transparent">{html.escape(errors)}</pre></div>'
    )


class PreviewPages:
    """Adds to every HTML answer the reload script and, after a failed build, the failure banner
    (sphinx-autobuild's own middleware adds the script only)."""

    def __init__(self, app, ws_url: str, failed: Path):
        self.app, self.script, self.failed = app, web_socket_script(ws_url), failed

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = b""

        async def send_with_extra(message) -> None:
            nonlocal extra
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("Content-Type", "").startswith("text/html"):
                    extra = (self.script + self._banner()).encode("utf-8")
                    if "Content-Length" in headers:
                        headers["Content-Length"] = str(int(headers["Content-Length"]) + len(extra))
            elif message["type"] == "http.response.body" and extra and not message.get("more_body", False):
                message["body"] += extra
            await send(message)

        await self.app(scope, receive, send_with_extra)

    def _banner(self) -> str:
        try:
            return failure_banner(self.failed.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return ""


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
    failure_file(served).unlink(missing_ok=True)  # a failure left by an earlier preview is not this one's
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
        middleware=[Middleware(PreviewPages, ws_url=url_host, failed=failure_file(served))],
        lifespan=watcher.lifespan,
    )
    say(f"serving on http://{url_host}/")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
