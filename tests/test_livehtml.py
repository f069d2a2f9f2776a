"""The live preview keeps serving the last good pages through broken edits and recovers after fixes."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from conftest import ROOT, copy_site
from neuron_hw import units
from sphinx_command import warning_policy

BUILD_TIMEOUT = 120  # seconds to wait for one rebuild


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """tools/livehtml.py running on a copy of the site, with its output collected line by line."""

    def __init__(self, srcdir, served, port):
        self.port = port
        self.lines: list[str] = []
        cmd = [sys.executable, str(ROOT / "tools" / "livehtml.py"), str(srcdir), str(served)]
        cmd += ["--port", str(port), "--", *warning_policy(), "--quiet"]  # as `make livehtml` passes them
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def outcomes(self) -> list[str]:
        return [self.lines[i] for i in self._outcome_lines()]

    def _outcome_lines(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if "build passed" in line or "build FAILED" in line]

    def lines_after(self, build: int) -> list[str]:
        """The output printed after build number ``build + 1`` ended (outcome lines repeat word for word)."""
        return self.lines[self._outcome_lines()[build] :]

    def wait_for(self, outcome: str, after: int) -> None:
        """Wait until build number ``after + 1`` has finished and check it ended in ``outcome``."""
        deadline = time.monotonic() + BUILD_TIMEOUT
        while len(self.outcomes()) <= after:
            assert self.proc.poll() is None, "preview exited:\n" + "\n".join(self.lines)
            assert time.monotonic() < deadline, "no rebuild finished in time:\n" + "\n".join(self.lines)
            time.sleep(0.2)
        assert outcome in self.outcomes()[after], "\n".join(self.lines)

    def get(self, path: str) -> str:
        """GET a page, waiting (boundedly) for the server to start listening after its first build."""
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                    assert response.status == 200
                    return response.read().decode("utf-8")
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One preview for the module: its first (full) build is the slow part.  Each test leaves the
    sources as good as it found them, ends on a passing build and counts builds from where it starts."""
    tmp = tmp_path_factory.mktemp("preview")
    src = copy_site(tmp / "src")
    running = Preview(src, tmp / "served", _free_port())
    running.wait_for("build passed", after=0)
    yield src, running
    running.stop()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_survives_a_broken_page_and_bad_data(preview):
    src, live = preview
    done = len(live.outcomes())
    page = src / "hardware" / "inferentia.rst"
    good_page = live.get("hardware/inferentia.html")
    assert "AWS Inferentia" in good_page

    # A page with broken markup: the error is shown, the good page stays online.
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n.. chip-specs::\n", encoding="utf-8")
    live.wait_for("build FAILED", after=done)
    assert any("inferentia.rst" in line and "ERROR" in line for line in live.lines_after(done - 1)), "\n".join(
        live.lines
    )
    assert live.get("hardware/inferentia.html") == good_page

    # Fixing it brings the page back without a restart.
    page.write_text(original, encoding="utf-8")
    live.wait_for("build passed", after=done + 1)
    assert "AWS Inferentia" in live.get("hardware/inferentia.html")

    # A bad value in the data file: the message names the entry; the served pages stay as they were.
    data = src / "_data" / "hardware.toml"
    good_chip = live.get("hardware/trainium3.html")
    _edit(data, 'mode = "sparse", value = 2517,', 'mode = "sparse", value = "lots",')
    live.wait_for("build FAILED", after=done + 2)
    assert any("[chips.trainium3] compute.sparse" in line for line in live.lines_after(done + 1)), "\n".join(live.lines)
    assert live.get("hardware/trainium3.html") == good_chip

    # A good value again: the page that uses it is rebuilt and served.
    _edit(data, 'mode = "sparse", value = "lots",', 'mode = "sparse", value = 2600,')
    live.wait_for("build passed", after=done + 3)
    assert units.format_quantity(Decimal(2600), "TFLOPS") in live.get("hardware/trainium3.html")


def test_preview_keeps_a_failed_page_failing_until_it_is_fixed(preview):
    """A page that failed stays failed through edits elsewhere; it is never published broken.

    Sphinx re-reads only changed files, so without a rollback the broken page's warning would not be
    raised again on the next build and the page would be published with its raw role text.
    """
    src, live = preview
    done = len(live.outcomes())
    good_page = live.get("hardware/trainium2.html")

    broken = src / "hardware" / "trainium2.rst"
    _edit(broken, "chip:trainium2:line_generation|ordinal", "chip:trainium2:line_gen|ordinal")
    live.wait_for("build FAILED", after=done)

    # An unrelated edit: the build must still fail on trainium2.rst and keep serving its good copy.
    other = src / "hardware" / "inferentia.rst"
    other.write_text(other.read_text(encoding="utf-8") + "\nAn extra paragraph.\n", encoding="utf-8")
    live.wait_for("build FAILED", after=done + 1)
    after_first_failure = live.lines_after(done)
    assert any("trainium2.rst" in line and "line_gen" in line for line in after_first_failure), "\n".join(live.lines)
    assert live.get("hardware/trainium2.html") == good_page
    assert "An extra paragraph." not in live.get("hardware/inferentia.html")

    # Fixed: both edits are published.
    _edit(broken, "chip:trainium2:line_gen|ordinal", "chip:trainium2:line_generation|ordinal")
    live.wait_for("build passed", after=done + 2)
    assert "line_gen" not in live.get("hardware/trainium2.html")
    assert "An extra paragraph." in live.get("hardware/inferentia.html")
