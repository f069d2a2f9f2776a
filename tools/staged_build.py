"""One HTML build of the site that is published whole or not at all.

Sphinx writes into its output folder as it goes, so a build that fails, is killed or runs beside
another leaves a folder that looks finished and is not.  Here Sphinx writes into an empty staging
folder next to the published one, and only a build that passed is published:

- ``make html`` (``tools/build.py``) swaps the staging folder in for the published one with two
  renames, so the published folder is always one whole build and never holds a page the sources
  no longer have;
- the live preview (``tools/livehtml.py``) is serving while it publishes, so it replaces the files
  that changed one by one, each atomically, and removes the ones that went away.

A lock file beside the output makes a second build of the same folder wait for the first.  Sphinx
runs in a process group of its own, which is ended with it, so a build killed half-way leaves no
helper process behind (sphinx-sitemap starts one).  The saved environment (doctrees) is kept
between builds, and ``_ext/build_integrity.py`` discards it after a build that warned or stopped, so
a later build never trusts pages that were not checked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

Publish = Callable[[Path, Path], int]


class OutputNotWritable(Exception):
    """The output folder cannot be created or written; the message is one line for the author."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold the output folder's lock, waiting (with a message) while another build holds it."""
    lock_path = outdir.parent / f".{outdir.name}.lock"
    try:
        outdir.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a")  # noqa: SIM115 - held until the build ends
    except OSError as exc:
        raise OutputNotWritable(f"cannot write the site to {outdir}: {exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another build is writing {outdir}; waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def swap_in(staging: Path, outdir: Path) -> int:
    """Replace ``outdir`` by ``staging`` whole (``make html``)."""
    old = outdir.parent / f"{outdir.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if outdir.exists():
        outdir.rename(old)
    staging.rename(outdir)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for path in outdir.rglob("*") if path.is_file())


def sync_into(staging: Path, outdir: Path) -> int:
    """Make ``outdir`` an exact copy of ``staging`` while it is being served: each changed file is
    written beside its place and renamed over it, so a reader gets the old file or the new one,
    never a part of either.  Returns the number of files written."""
    written = 0
    for src in sorted(staging.rglob("*")):
        dest = outdir / src.relative_to(staging)
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        if dest.is_file() and same_bytes(src, dest):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
        os.close(fd)
        shutil.copy2(src, tmp)
        os.replace(tmp, dest)
        written += 1
    for dest in sorted(outdir.rglob("*"), reverse=True):
        if not (staging / dest.relative_to(outdir)).exists():
            shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
    return written


def same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def run_in_own_group(cmd: list[str], errors: list[str] | None = None) -> int:
    """Run ``cmd`` in a new process group and end the whole group when it returns or we are
    interrupted, so no process it started outlives it.  With ``errors``, what the command writes
    to its standard error is still shown as it comes and also kept there, line by line."""
    copier = None
    proc: subprocess.Popen  # bytes without ``errors``, text with it
    if errors is None:
        proc = subprocess.Popen(cmd, start_new_session=True)
    else:
        proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE, errors="replace")
        copier = threading.Thread(target=_copy_lines, args=(proc.stderr, errors), daemon=True)
        copier.start()
    try:
        status = proc.wait()
        if copier is not None:
            copier.join(timeout=10)
        return status
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        raise
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


def _colour_terminal(sphinx_opts: list[str]) -> bool:
    chosen = {"-N", "--no-color", "--color"} & set(sphinx_opts)
    return sys.stderr.isatty() and not chosen and "NO_COLOR" not in os.environ


def _copy_lines(stream, kept: list[str]) -> None:
    for line in stream:
        sys.stderr.write(line)
        sys.stderr.flush()
        kept.append(line.rstrip("\n"))


class StagedBuild:
    """Builds ``srcdir`` into ``outdir`` through ``<outdir>.staging``; see the module docstring."""

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        sphinx_opts: list[str],
        doctrees: Path,
        publish: Publish,
        keep_errors: bool = False,
    ):
        self.srcdir, self.outdir, self.doctrees = srcdir, outdir, doctrees
        self.staging = outdir.parent / f"{outdir.name}.staging"
        self.sphinx_opts = sphinx_opts
        self.publish = publish
        # With keep_errors, what the last build wrote to its standard error (the live preview shows it).
        self.keep_errors = keep_errors
        self.errors: list[str] = []

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            str(self.srcdir),
            str(self.staging),
            "-d",
            str(self.doctrees),
            *self.sphinx_opts,
            # Kept errors go through a pipe, where Sphinx would drop its colours for the terminal.
            *(["--color"] if self.keep_errors and _colour_terminal(self.sphinx_opts) else []),
        ]

    def __call__(self) -> int | None:
        """Build and publish; returns the number of files published, or None when the build failed."""
        with locked(self.outdir):
            try:
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging.mkdir(parents=True)
            except OSError as exc:
                raise OutputNotWritable(f"cannot write the site to {self.staging}: {exc.strerror or exc}") from None
            try:
                self.errors = []
                if run_in_own_group(self.command(), self.errors if self.keep_errors else None) != 0:
                    return None
                try:
                    return self.publish(self.staging, self.outdir)
                except OSError as exc:
                    raise OutputNotWritable(
                        f"cannot publish the site to {self.outdir}: {exc.strerror or exc}"
                    ) from None
            finally:
                shutil.rmtree(self.staging, ignore_errors=True)
