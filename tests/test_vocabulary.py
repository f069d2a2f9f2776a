"""Knowledge the extension shares is said once: the modules read it from the lowest layer."""

from __future__ import annotations

from pathlib import Path

from neuron_hw import vocabulary

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
# for another meaning: "derived" is also a status (statuses.py, the downloads' status field) and
# "line" a chip's product line (the downloads' field). tables.py still writes the derived note's key.
SHARED_WORDS = {
    **{key: () for key in vocabulary.REQUIRED_NOTES if key != vocabulary.DERIVED_NOTE},
    vocabulary.DERIVED_NOTE: ("statuses.py", "export.py", "tables.py"),
    **{shape: () for shape in vocabulary.TOPOLOGY_SHAPES if shape != vocabulary.LINE},
    vocabulary.LINE: ("export.py",),
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
