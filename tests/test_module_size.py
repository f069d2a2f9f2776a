"""The extension stays in one-feature modules: a module that grows past the limit is split by feature."""

from __future__ import annotations

from pathlib import Path

EXTENSION = Path(__file__).parent.parent / "_ext" / "neuron_hw"
MAX_LINES = 400


def test_no_module_of_the_extension_is_past_the_limit():
    long = {
        str(path.relative_to(EXTENSION)): n
        for path in sorted(EXTENSION.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
