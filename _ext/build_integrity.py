"""A green build equals a clean build, whichever builds came before it.

Sphinx saves its environment after reading the pages and before writing them, and re-reads only
the sources changed since.  Two things follow that this extension undoes:

- A page whose warning failed one build (``-W``) counts as read; the next build does not read it
  again, raises no warning and passes, and the page is published as the failed build left it.  The
  same holds for a build that was killed or interrupted.  Sphinx already deletes its saved
  environment when a build raises an exception; this does the same when a build warned or never
  reached its end, so the next build reads every page again and repeats each warning until it is
  fixed.  A marker file beside the environment says a build is under way; only a build that
  finished without a warning removes it.
- An incremental build writes only the pages it re-read, and both the search index (Sphinx keeps
  the glossary's index entries only for pages written in that run) and ``sitemap.xml``
  (sphinx-sitemap lists the pages written in that run) then miss the others.  Every build here
  writes every page, from the saved doctrees: about a second more than an incremental build.  The
  previous search index is not loaded either: Sphinx keeps the words of every page it ever indexed
  there (a term from a page as it was, with no page left, stays in the index), and with every page
  written the index is made anew from them.  The output is byte for byte a clean build's.

Two private names of Sphinx's application are read here, in one place (``warned``), and
``tests/test_theme_contract.py`` fails if an upgrade renames them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# Beside the saved environment while a build runs; left there by a build that warned or stopped.
UNFINISHED = ".build-unfinished"


def warned(app: Sphinx) -> bool:
    """True once this build has logged a warning (or an error)."""
    return app._warncount > 0  # Sphinx counts warnings here and nowhere public


def succeeded(app: Sphinx, exception: BaseException | None) -> bool:
    """Whether a ``build-finished`` handler may publish: no exception and no warning so far."""
    return exception is None and not warned(app)


def _distrust_unfinished_environment(app: Sphinx, config) -> None:
    """Before the saved environment is loaded: discard it if the build that saved it did not pass."""
    doctrees = Path(app.doctreedir)
    if (doctrees / UNFINISHED).exists():
        (doctrees / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
    doctrees.mkdir(parents=True, exist_ok=True)
    (doctrees / UNFINISHED).touch()


def _write_every_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return sorted(env.found_docs)


def _index_search_anew(app: Sphinx) -> None:
    if app.builder.name in {"html", "dirhtml"}:
        Path(app.outdir, "searchindex.js").unlink(missing_ok=True)


def _mark_finished(app: Sphinx, exception: BaseException | None) -> None:
    if succeeded(app, exception):
        Path(app.doctreedir, UNFINISHED).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    # config-inited is the last event before Sphinx loads the saved environment.
    app.connect("config-inited", _distrust_unfinished_environment)
    app.connect("env-get-updated", _write_every_page)
    app.connect("builder-inited", _index_search_anew)
    # Last of all build-finished handlers, so a warning logged by any of them counts.
    app.connect("build-finished", _mark_finished, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
