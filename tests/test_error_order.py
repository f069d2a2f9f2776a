"""A data file with several errors lists every one at once, each naming the file, the line, the
entry and what was expected -- root causes first (the rule is in ``loader_errors.py``'s docstring): a
total computed from a chip figure that breaks a rule of its own says it follows from that error
instead of inviting an edit of AWS's published total.

Each case edits a copy of the real data file; the lines and values expected are read from the
edited copy, not copied from output."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA
from neuron_hw import loader, units
from neuron_hw.data import SpecError, load_specs
from neuron_hw.vocabulary import SECTIONS

FIX_THE_TOTAL = "fix the value or add a `note`"


def edit(text: str, table: str, key: str, change) -> tuple[str, int]:
    """``text`` with the line ``key = ...`` of ``[table]`` passed through ``change``, and that
    line's number."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"[{table}]\n")
    for i in range(start + 1, len(lines)):
        assert not lines[i].startswith("["), f"test setup: no {key!r} in [{table}]"
        if lines[i].startswith(f"{key} = "):
            new = change(lines[i])
            assert new != lines[i], f"test setup: the edit changed nothing in {lines[i]!r}"
            lines[i] = new
            return "".join(lines), i + 1
    raise AssertionError(f"test setup: no {key!r} in [{table}]")


def errors_of(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    path = tmp_path / "hardware.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    lines = str(excinfo.value).splitlines()
    for line in lines:  # every line names the file, the line, the entry and what is wrong
        assert re.match(rf"{re.escape(str(path))}:\d+: \[[^\]]+\]( \S+)?: \S", line), line
    return path, lines


def more_device_memory(line: str) -> str:
    """The chip's device memory 4 GiB larger than its HBM stacks hold (96 GiB -> 100 GiB)."""
    value = re.search(r"value = (\d+)", line)
    return line.replace(value[0], f"value = {int(value[1]) + 4}")


def trainium2_systems() -> list[tuple[str, str]]:
    """The systems built from Trainium2 that publish a device-memory total: (section, id)."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    families = {fid for fid, family in raw["families"].items() if family["chip"] == "trainium2"}
    return [
        (section, sid)
        for section in ("instances", "ultraservers")
        for sid, system in raw[section].items()
        if system["family"] in families and "device_memory" in system.get("published", {})
    ]


def test_a_chip_figure_that_breaks_its_rule_comes_first_and_the_totals_follow_from_it(tmp_path):
    text, edited = edit(DATA.read_text(encoding="utf-8"), "chips.trainium2", "device_memory", more_device_memory)
    path, lines = errors_of(tmp_path, text)

    # First: the line the author edited, with the rule it breaks.
    assert lines[0].startswith(f"{path}:{edited}: [chips.trainium2] device_memory: "), lines
    assert "(HBM per stack x HBM stacks = device memory)" in lines[0], lines[0]

    # Then the published totals computed from it: still listed, each pointing back at the edited
    # line rather than at AWS's total.
    systems = trainium2_systems()
    assert systems, "test setup: Trainium2 systems publish a device-memory total"
    for section, sid in systems:
        entry = f'[{section}."{sid}"] published.device_memory: '
        (line,) = [n for n, line in enumerate(lines) if entry in line]
        assert line > 0
        assert f"this follows from the error at line {edited} ([chips.trainium2] device_memory)" in lines[line]
        assert FIX_THE_TOTAL not in lines[line], lines[line]
    assert all("follows from the error" in line for line in lines[1:]), lines


def test_an_error_in_one_entry_does_not_hide_a_mismatch_in_another(tmp_path):
    """A wrong unit in a NeuronCore (a type error) and a chip figure that breaks a rule (an error
    across entries): both are listed, the NeuronCore first -- chips are computed from cores --
    although its line comes later in the file."""
    text, chip_line = edit(DATA.read_text(encoding="utf-8"), "chips.trainium2", "device_memory", more_device_memory)
    text, core_line = edit(text, "cores.v2", "dma_engines", lambda line: line.replace('"count"', '"GiB"'))
    assert core_line > chip_line, "test setup: the core's line is the later one"
    path, lines = errors_of(tmp_path, text)
    assert lines[0].startswith(f"{path}:{core_line}: [cores.v2] dma_engines: unit 'GiB' is not valid here"), lines
    assert lines[1].startswith(f"{path}:{chip_line}: [chips.trainium2] device_memory: "), lines
    assert all(f"follows from the error at line {chip_line}" in line for line in lines[2:]), lines


def test_two_independent_errors_in_different_entries_are_both_listed(tmp_path):
    """A reference that does not resolve (checked first) and a published total that does not match
    (checked after the references): the second is listed too, with the advice to fix the total."""
    text = DATA.read_text(encoding="utf-8")
    text, family_line = edit(text, "families.inf2", "chip", lambda line: line.replace("inferentia2", "inferentia9"))
    raw = tomllib.loads(text, parse_float=Decimal)
    bf16 = raw["instances"]["inf1.xlarge"]["published"]["compute.bf16"]
    wrong = Decimal(bf16["value"]) + 1
    text, total_line = edit(
        text,
        'instances."inf1.xlarge"',
        "published",
        lambda line: line.replace(
            f'"compute.bf16" = {{ value = {bf16["value"]},', f'"compute.bf16" = {{ value = {wrong},'
        ),
    )
    path, lines = errors_of(tmp_path, text)
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:{family_line}: [families.inf2] chip: 'inferentia9' is not a known chip"), lines
    shown = units.format_quantity(wrong, bf16["unit"])
    assert lines[1].startswith(
        f'{path}:{total_line}: [instances."inf1.xlarge"] published.compute.bf16: AWS\'s {shown} does not match'
    ), lines
    assert lines[1].endswith(f"{FIX_THE_TOTAL} explaining the difference"), lines


def test_the_order_names_every_table_of_the_file():
    assert sorted(loader.DEPENDENCY_ORDER) == sorted(SECTIONS)
