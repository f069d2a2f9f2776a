"""The build log drops routine noise but never a warning or an option the author changed.

The routine messages are the real ones: a small project with the theme and the extensions that
emit them (``tests/roots/test-quiet-build``) is built twice, once as it is and once with
``quiet_build``.  When an upgrade rewords a message, the plain build shows it in its new words and
the quiet build no longer hides it: the test fails and names the message.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from quiet_build import SELF_CHANGING_OPTIONS, DropRoutineInfo
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent / "roots" / "test-quiet-build"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# What each routine message looks like in the log, as Sphinx and myst-parser print it.
ROUTINE = {
    "myst-parser's configuration": re.compile(r"^myst v[\d.]+: MdParserConfig\(", re.MULTILINE),
    "Sphinx's template writes": re.compile(r"^Writing evaluated template result to \S+", re.MULTILINE),
    "the configuration the extensions change": re.compile(
        r"The configuration has changed \(\d+ options?: ([^)]*)\)", re.MULTILINE
    ),
}


def _log(srcdir: Path, **confoverrides) -> str:
    """The log of one build of ``srcdir`` (its status output, without colours)."""
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=confoverrides)
    try:
        app.build()
        assert not app.warning.getvalue(), app.warning.getvalue()
        return ANSI.sub("", app.status.getvalue())
    finally:
        app.cleanup()


def _project(tmp_path: Path, name: str, *, quiet: bool) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOT, srcdir)
    if quiet:
        with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('extensions.append("quiet_build")\n')
    return srcdir


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, str]:
    """The logs of a first and a second build, plain and quiet, and of a quiet build after the
    author changed an option (five builds of one page, shared by the tests below)."""
    tmp_path = tmp_path_factory.mktemp("quiet-build")
    plain, quiet = _project(tmp_path, "plain", quiet=False), _project(tmp_path, "quiet", quiet=True)
    return {
        "plain first": _log(plain),
        "plain again": _log(plain),
        "quiet first": _log(quiet),
        "quiet again": _log(quiet),
        "quiet, author's change": _log(quiet, html_title="Another title"),
    }


@pytest.mark.build
@pytest.mark.parametrize("message", list(ROUTINE))
def test_the_routine_messages_are_still_printed_as_quiet_build_knows_them(logs, message):
    printed = ROUTINE[message].search(logs["plain first"] + logs["plain again"])
    assert printed, (
        f"{message}: no longer printed in the form quiet_build filters; read the plain build's log and "
        f"update _ext/quiet_build.py:\n{logs['plain again']}"
    )


@pytest.mark.build
def test_the_options_the_extensions_change_are_the_ones_quiet_build_ignores(logs):
    changed = ROUTINE["the configuration the extensions change"].search(logs["plain again"])
    assert changed, logs["plain again"]
    named = set(re.findall(r"'(\w+)'", changed.group(1)))
    assert named and named <= SELF_CHANGING_OPTIONS, (
        f"the theme or an extension now changes {sorted(named - SELF_CHANGING_OPTIONS)} while it sets up: "
        "add them to SELF_CHANGING_OPTIONS in _ext/quiet_build.py if they are not the author's"
    )


@pytest.mark.build
@pytest.mark.parametrize("build", ["quiet first", "quiet again"])
@pytest.mark.parametrize("message", list(ROUTINE))
def test_quiet_build_drops_the_routine_messages(logs, build, message):
    assert not ROUTINE[message].search(logs[build]), f"{message} is printed by the quiet build:\n{logs[build]}"
    assert "build succeeded." in logs[build]  # the rest of the log is left alone


@pytest.mark.build
def test_an_option_the_author_changes_is_still_reported(logs):
    log = logs["quiet, author's change"]
    changed = re.search(r"The configuration has changed \(.*\)", log)
    assert changed and "'html_title'" in changed.group(0), log


def _record(msg: str, *args, level: int = logging.INFO, **extra) -> logging.LogRecord:
    record = logging.LogRecord("sphinx.test", level, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_a_warning_is_never_dropped_whatever_it_says():
    keep = DropRoutineInfo().filter
    assert keep(_record("Writing evaluated template result to %s", "x", level=logging.WARNING))
    assert keep(_record("\x1b[01mmyst v%s:\x1b[39;49;00m %s", "5.2.0", "x", level=logging.WARNING))


def test_more_options_than_sphinx_names_are_reported():
    """Sphinx names five options and adds "..." when more changed: one of the others may be the author's."""
    keep = DropRoutineInfo().filter
    named = "'html_css_files', 'html_permalinks_icon', 'html_static_path', 'html_theme_options', 'templates_path'"
    assert keep(_record("The configuration has changed (%d options: %s, ...)", 6, named))
