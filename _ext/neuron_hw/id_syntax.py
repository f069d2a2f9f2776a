"""What an id in the data file may be written with, and why a given one is not an id, in words.

Every table key that becomes an id (a chip, an instance, a source, a note...) and every value that
refers to one is plain ASCII: a look-alike letter (Cyrillic "а" for "a") would otherwise make a
second entry that reads like the first, or a reference that reads like a valid one.
"""

from __future__ import annotations

import string
import unicodedata

ID_PATTERN = r"^[a-z0-9]+([.-][a-z0-9]+)*$"  # trn2.48xlarge, hw-trainium2
EXTRA_KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # hbm-per-stack
FIGURE_KEY_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*$"  # device_memory, compute.bf16
FIGURE_PATH_PATTERN = r"^[a-z]+:[a-z0-9]+([.-][a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$"  # system:trn2.48xlarge:torus-side
FIGURE_ID_PATTERN = r"^[a-z]+:[a-z0-9]+([.-][a-z0-9]+)*:[a-z0-9]+([._-][a-z0-9]+)*$"  # core:v2:tensor.dense.bf16
ID_MAX_LENGTH = 64
_LETTERS_DIGITS = string.ascii_lowercase + string.digits
# pattern -> (what it names, the characters it allows, the same in words)
ID_KINDS = {
    ID_PATTERN: ("an id", _LETTERS_DIGITS + ".-", "lower-case ASCII letters, digits, '.' and '-'"),
    EXTRA_KEY_PATTERN: ("a figure key", _LETTERS_DIGITS + "-", "lower-case ASCII letters, digits and '-'"),
    FIGURE_KEY_PATTERN: ("a figure key", _LETTERS_DIGITS + "._-", "lower-case ASCII letters, digits, '.', '_' and '-'"),
    FIGURE_PATH_PATTERN: (
        "a figure path (kind:id:key)",
        _LETTERS_DIGITS + ".-:",
        "lower-case ASCII letters, digits, '.' and '-', in three parts joined by ':'",
    ),
    FIGURE_ID_PATTERN: (
        "a figure id (kind:id:key)",
        _LETTERS_DIGITS + "._-:",
        "lower-case ASCII letters, digits, '.', '_' and '-', in three parts joined by ':'",
    ),
}


def unexpected_character(text: str, allowed: str) -> str | None:
    """Where ``text`` first holds a character outside ``allowed``, named by its Unicode name:
    "unexpected character 'а' (U+0430 CYRILLIC SMALL LETTER A) at position 7" (counted from 0)."""
    for position, char in enumerate(text):
        if char not in allowed:
            name = unicodedata.name(char, "unnamed character")
            return f"unexpected character {char!r} (U+{ord(char):04X} {name}) at position {position}"
    return None


def id_problem(text: str, pattern: str = ID_PATTERN) -> str:
    """Why ``text`` does not match the id ``pattern``, in words."""
    what, allowed, words = ID_KINDS[pattern]
    expected = f"expected {what} of {words}"
    bad = unexpected_character(text, allowed)
    if bad:
        return f"{text!r}: {bad}; {expected}"
    if len(text) > ID_MAX_LENGTH:
        return f"{text!r} has {len(text)} characters; {expected}, at most {ID_MAX_LENGTH} characters"
    return f"{text!r}: {expected}, a separator only between two letters or digits"
