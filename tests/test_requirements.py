"""Dependencies cannot drift: every requirement is pinned exactly, with hashes, and conf.py agrees."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

LOCKED = ["requirements.txt", "requirements-test.txt"]


def _requirements(name):
    """(package, version, hashes) for each requirement in a pip-compile'd file."""
    text = (ROOT / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z])", re.sub(r"(?m)^\s*#.*\n", "", text))
    for entry in filter(str.strip, entries):
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s\\]+)", entry)
        assert match, f"{name}: not pinned with ==: {entry.splitlines()[0]!r}"
        yield match.group(1).lower(), match.group(2), re.findall(r"--hash=sha256:[0-9a-f]{64}", entry)


@pytest.mark.parametrize("name", LOCKED)
def test_every_requirement_is_pinned_with_hashes(name):
    entries = list(_requirements(name))
    assert entries
    unhashed = [pkg for pkg, _, hashes in entries if not hashes]
    assert not unhashed, f"{name}: no hash for {unhashed}"


def test_shared_dependencies_agree():
    docs = {pkg: version for pkg, version, _ in _requirements("requirements.txt")}
    test = {pkg: version for pkg, version, _ in _requirements("requirements-test.txt")}
    clashes = {pkg: (docs[pkg], test[pkg]) for pkg in docs.keys() & test.keys() if docs[pkg] != test[pkg]}
    assert not clashes


def test_needs_sphinx_matches_the_pin():
    pins = {pkg: version for pkg, version, _ in _requirements("requirements.txt")}
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    needs = re.search(r'^needs_sphinx = "([^"]+)"', conf, re.MULTILINE).group(1)
    assert needs == pins["sphinx"]
