"""The made-up test data (tests/roots/test-snapshots/mini.toml) and copies of it with edits, for
tests that show a drawing or a table follows the data."""

from __future__ import annotations

from pathlib import Path

from neuron_hw.data import load_specs

MINI = Path(__file__).parent / "roots" / "test-snapshots" / "mini.toml"


def mini_with(tmp_path: Path, *edits: tuple[str, str]):
    """The records of a copy of the test data with each ``(old, new)`` edit made once."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "mini.toml"
    path.write_text(text, encoding="utf-8")
    return load_specs(path)
