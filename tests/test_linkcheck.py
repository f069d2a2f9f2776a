"""External links, checked with Sphinx's linkcheck builder when the network allows it."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import ROOT, sphinx_build


def _reachable(host: str, port: int = 443, timeout: float = 5.0) -> str | None:
    """None when ``host`` answers, else the reason it does not."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return f"{host}:{port} unreachable ({exc})"


def test_external_links(tmp_path):
    reason = _reachable("github.com")
    if reason:
        pytest.skip(f"network unavailable, external links not checked: {reason}")
    out = tmp_path / "linkcheck"
    result = sphinx_build(ROOT, out, "linkcheck")
    report = [json.loads(line) for line in (out / "output.json").read_text().splitlines() if line.strip()]
    broken = [
        f"{r['filename']}:{r['lineno']}: {r['uri']} ({r['status']}: {r['info']})"
        for r in report
        if r["status"] in ("broken", "timeout")
    ]
    assert not broken, "broken links:\n" + "\n".join(broken)
    assert result.returncode == 0, result.stderr
