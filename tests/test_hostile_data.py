"""Mistaken or hostile values in the data file stop the build with the file's usual error -- the
file, the line, the entry and what is allowed -- instead of crashing it or being published."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import DATA
from neuron_hw.data import SpecError, load_specs


def error_of(path: Path) -> str:
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    return str(excinfo.value)


def line_of(path: Path, marker: str) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


# -- 4. Encodings ----------------------------------------------------------------------------------
def test_a_byte_that_is_not_utf8_is_named_with_its_line(tmp_path):
    text = DATA.read_bytes()
    old = b'name = "AWS Inferentia2"'
    assert text.count(old) == 1
    path = tmp_path / "hardware.toml"
    path.write_bytes(text.replace(old, old[:-1] + b"\xff" + b'"'))  # Latin-1 "y with diaeresis", say
    message = error_of(path)
    line = line_of(path, 'name = "AWS Inferentia2')
    column = len('name = "AWS Inferentia2') + 1
    assert message.startswith(f"{path}:{line}: not valid UTF-8 in [chips.inferentia2]: "), message
    assert f"byte 0xFF at column {column}" in message, message
    assert "save the file as UTF-8" in message, message


def test_a_byte_order_mark_is_named(tmp_path):
    path = tmp_path / "hardware.toml"
    path.write_bytes(codecs.BOM_UTF8 + DATA.read_bytes())
    message = error_of(path)
    assert message == (
        f"{path}:1: the file starts with a byte-order mark (BOM, bytes EF BB BF); save it as UTF-8 without BOM"
    )
