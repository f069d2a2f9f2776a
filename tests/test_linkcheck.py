"""External links, checked with Sphinx's linkcheck builder when the network allows it."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, sphinx_build
from linkcheck import EXIT_OFFLINE, unreachable


@pytest.mark.network
def test_external_links(tmp_path):
    reason = unreachable()
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


def test_linkcheck_offline_says_so_and_exits_distinctly(tmp_path, monkeypatch, capsys):
    """Offline, `make linkcheck` reports the network, not hundreds of broken links."""
    import linkcheck

    monkeypatch.setattr(linkcheck, "unreachable", lambda: "example.invalid:443 unreachable (test)")
    status = linkcheck.main([str(ROOT), str(tmp_path / "out")])
    assert status == EXIT_OFFLINE
    assert "network unavailable, no link was checked" in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "no link check should have run"


def test_linkcheck_probe_reports_a_reason_for_an_unresolvable_host():
    reason = unreachable("unreachable.invalid", timeout=2)
    assert reason is not None and "unreachable.invalid" in reason
