"""The build log drops routine noise but never a warning or an option the author changed."""

from __future__ import annotations

import logging

from quiet_build import DropRoutineInfo


def _record(msg: str, *args, level: int = logging.INFO, **extra) -> logging.LogRecord:
    record = logging.LogRecord("sphinx.test", level, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_routine_messages_are_dropped():
    keep = DropRoutineInfo().filter
    assert not keep(_record("\x1b[01mmyst v%s:\x1b[39;49;00m %s", "5.2.0", "MdParserConfig(...)"))
    assert not keep(_record("Writing evaluated template result to %s", "x.css", subtype="template_evaluation"))
    assert not keep(
        _record("The configuration has changed (%d options: %s)", 2, "'html_static_path', 'templates_path'")
    )


def test_an_authors_change_and_every_warning_are_kept():
    keep = DropRoutineInfo().filter
    assert keep(_record("The configuration has changed (1 option: %r)", "html_title"))
    assert keep(_record("The configuration has changed (%d options: %s)", 2, "'html_static_path', 'html_title'"))
    assert keep(_record("Writing evaluated template result to %s", "x", level=logging.WARNING))
    assert keep(_record("reading sources... "))
