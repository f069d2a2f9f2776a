"""Builds can be trusted: a second, parallel build of the same sources gives the same bytes."""

from __future__ import annotations

import filecmp

from conftest import ROOT, BackgroundBuild


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_parallel_rebuild_is_byte_identical(site, tmp_path):
    """A clean `-j 2` build in another folder matches the serial session build file for file.
    (The session fixture starts that build beside its own; see conftest.site.)"""
    parallel = site.parallel or BackgroundBuild(ROOT, tmp_path / "parallel" / "html", "html", "-j", "2")
    result = parallel.result()
    outdir = parallel.outdir
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    files = _tree(site.outdir)
    assert files == _tree(outdir)
    _, mismatch, errors = filecmp.cmpfiles(site.outdir, outdir, files, shallow=False)
    assert not mismatch and not errors, f"files differ between builds: {mismatch + errors}"
