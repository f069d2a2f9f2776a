"""Knowledge the extension shares is said once: the modules read it from the lowest layer."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from conftest import DATA
from neuron_hw import ids, vocabulary
from neuron_hw.data import SpecError, load_specs
from test_data import broken

EXTENSION = Path(__file__).parent.parent / "_ext" / "neuron_hw"


def sources(*exempt: str) -> dict[str, str]:
    """Each module of the extension (path relative to it) -> its text, but for ``exempt``."""
    return {
        str(path.relative_to(EXTENSION)): path.read_text(encoding="utf-8")
        for path in sorted(EXTENSION.rglob("*.py"))
        if str(path.relative_to(EXTENSION)) not in exempt
    }


def test_data_type_families():
    assert set(vocabulary.PLAIN_FP8_TYPES) < set(vocabulary.FP8_TYPES)
    assert [t for t in vocabulary.FP8_TYPES if vocabulary.is_mx(t)] == ["MXFP8"]
    assert all(vocabulary.is_mx(t) for t in vocabulary.MX_TYPES)


def test_data_type_families_are_defined_once():
    """Which types count as an 8-bit float or an MX format is vocabulary.py's to say (the data-type
    matrix's row order names every type, and is exempt)."""
    found = [
        name
        for name, text in sources("vocabulary.py", "directives/datatypes.py").items()
        if '"cFP8"' in text or 'startswith("MX")' in text
    ]
    assert found == []


# Words whose literal belongs to vocabulary.py alone, with the modules that may still write one
# for another meaning: "derived" is also a status (statuses.py, the downloads' status field in
# export_models.py). tables.py still writes the derived note's key.
SHARED_WORDS = {
    **{key: () for key in vocabulary.REQUIRED_NOTES if key != vocabulary.DERIVED_NOTE},
    vocabulary.DERIVED_NOTE: ("statuses.py", "export_models.py", "tables.py"),
    **{shape: () for shape in vocabulary.TOPOLOGY_SHAPES},
    vocabulary.TOTAL_PREFIX: (),
    vocabulary.PUBLISHED_PREFIX: (),
}


def test_shared_words_are_defined_once():
    """Note keys, topology shapes and the totals' prefixes are written once, in
    vocabulary.py; every other module imports them."""
    found = [
        f"{name}: {word!r}"
        for word, exempt in SHARED_WORDS.items()
        for name, text in sources("vocabulary.py", *exempt).items()
        if f'"{word}"' in text
    ]
    assert found == []


def test_one_slug_and_one_default_scope():
    found = [
        name
        for name, text in sources("vocabulary.py").items()
        if "def slug(" in text or "def _slug(" in text or "ENTITY_SCOPE = " in text or "DEFAULT_SCOPE = " in text
    ]
    assert found == []


# The sections whose entries are hardware or software the data describes (not the sources and notes,
# which the tables cite by key).
ENTRY_SECTIONS = ("chips", "cores", "families", "instances", "ultraservers", "comparisons", "software", "topologies")


def string_constants(text: str) -> list[tuple[int, str]]:
    """(line, value) of every string in the code, but for docstrings (which give examples)."""
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_module_names_an_entry_of_the_data():
    """Rules apply to every entry that has the figures they read; what concerns one entry is in the
    data file, so an entry can be renamed, added or removed without touching the code."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    entries = {eid for section in ENTRY_SECTIONS for eid in data.get(section, {})}
    renamed = {*ids.ALIASES, *ids.ALIASES.values()}  # the record of figure ids that changed, old and new
    found = [
        f"{name}:{line}: {value!r}"
        for name, text in sources().items()
        for line, value in string_constants(text)
        if value not in renamed
        and (value in entries or any(f":{eid}:" in value or value.startswith(f"{eid}:") for eid in entries))
    ]
    assert found == []


def test_a_rule_applies_to_every_entry_with_its_figures(tmp_path):
    """HBM per stack x stacks = device memory holds for any chip that states its HBM per stack."""
    extra = (
        '\n[chips.trainium3.extra.hbm-per-stack]\nlabel = "HBM per stack"\nvalue = 40\nunit = "GiB"\n'
        'source = "nki-trn3"\n'
    )
    path = broken(tmp_path, "\n[chips.trainium3]\n", f"{extra}\n[chips.trainium3]\n")
    expected = "144 GiB does not match 40 GiB x 4 = 160 GiB (HBM per stack".replace(" GiB", "\u00a0GiB")
    with pytest.raises(SpecError, match=re.escape(expected)):
        load_specs(path)


def test_a_stated_factor_is_checked_against_the_figures_it_names(tmp_path):
    path = broken(tmp_path, '"core:v1:tensor.dense.fp16"]', '"core:v1:tensor.dense.fp32"]')
    with pytest.raises(SpecError, match="'core:v1:tensor.dense.fp32' names no figure of the file"):
        load_specs(path)


def test_a_core_that_takes_mx_formats_states_their_block_layout(tmp_path):
    path = broken(tmp_path, "[cores.v4.extra.mx-group]", "[cores.v4.extra.mx-block]")
    with pytest.raises(SpecError, match="missing: mx-group"):
        load_specs(path)
