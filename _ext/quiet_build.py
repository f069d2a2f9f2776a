"""Keep the build log to what an author needs: progress, warnings and errors.

Three informational messages appear on every build and bury the one error that matters:

* myst-parser prints its whole parser configuration (about 1,000 characters);
* Sphinx reports "The configuration has changed (5 options ...)" on every incremental build,
  because pydata-sphinx-theme, sphinx-design and sphinx-copybutton append to configuration values
  (``html_static_path``, ``templates_path``, ...) while they set up, so the pickled configuration
  never equals the fresh one.  Only changes to exactly those values are dropped; a change an
  author makes to any other option is still reported;
* Sphinx announces each static template it renders ("Writing evaluated template result to ...").

Sphinx logs through the standard ``logging`` module under the ``sphinx`` namespace, so a filter on
that logger's handlers drops these records; warnings and errors are never filtered.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Configuration values that extensions change while they set up (see the module docstring).
SELF_CHANGING_OPTIONS = frozenset(
    {"html_css_files", "html_permalinks_icon", "html_static_path", "html_theme_options", "templates_path"}
)


class DropRoutineInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        message = str(record.msg)
        if getattr(record, "subtype", None) == "template_evaluation":
            return False
        if "myst v%s:" in message:
            return False
        if message.startswith("The configuration has changed"):
            named = set(re.findall(r"'(\w+)'", message % record.args if record.args else message))
            return not (named and named <= SELF_CHANGING_OPTIONS and "..." not in message)
        return True


def _install(app: Sphinx) -> None:
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, DropRoutineInfo) for f in handler.filters):
            handler.addFilter(DropRoutineInfo())


def setup(app: Sphinx) -> ExtensionMetadata:
    # Runs while extensions load, before the environment (and its configuration check) is set up.
    _install(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
