"""The live preview keeps serving the last good pages through broken edits and recovers after fixes."""

from __future__ import annotations

import html
import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from conftest import ROOT
from neuron_hw import units
from small_site import copy_small_site
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

    def failed_page(self, path: str, good: str) -> str:
        """A page served after a failed build: the good page as it was, then the failure banner,
        whose text is returned."""
        served = self.get(path)
        assert served.startswith(good), "the page served after a failed build is not the last good one"
        extra = served[len(good) :]
        assert 'id="livehtml-failed"' in extra and 'role="alert"' in extra, extra[:300]
        return html.unescape(extra)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One preview of the small copy of the site (``small_site.py``) for the module.  Each test
    leaves the sources as good as it found them, ends on a passing build and counts builds from
    where it starts."""
    tmp = tmp_path_factory.mktemp("preview")
    src = copy_small_site(tmp / "src")
    running = Preview(src, tmp / "served", _free_port())
    try:
        running.wait_for("build passed", after=0)
        yield src, running
    finally:
        running.stop()  # also when the first build fails: no preview outlives the tests


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_survives_a_broken_page_and_bad_data(preview):
    src, live = preview
    done = len(live.outcomes())
    page = src / "hardware" / "inferentia.rst"
    good_page = live.get("hardware/inferentia.html")
    good_index = live.get("index.html")
    assert "AWS Inferentia" in good_page and "livehtml-failed" not in good_page

    # A page with broken markup: the error is shown, the good page stays online.
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n.. chip-specs::\n", encoding="utf-8")
    live.wait_for("build FAILED", after=done)
    # The error is printed again as the last lines in the terminal, and shown over every page.
    assert any("inferentia.rst" in line and "ERROR" in line for line in live.lines_after(done)), "\n".join(live.lines)
    banner = live.failed_page("hardware/inferentia.html", good_page)
    assert "inferentia.rst" in banner and "ERROR" in banner, banner
    assert "inferentia.rst" in live.failed_page("index.html", good_index)

    # Fixing it brings the page back without a restart, and the banner goes.
    page.write_text(original, encoding="utf-8")
    live.wait_for("build passed", after=done + 1)
    assert "AWS Inferentia" in live.get("hardware/inferentia.html")
    assert live.get("index.html") == good_index

    # A bad value in the data file: the message names the entry; the served pages stay as they were.
    data = src / "_data" / "hardware.toml"
    good_chip = live.get("hardware/trainium3.html")
    _edit(data, 'mode = "sparse", value = 2517,', 'mode = "sparse", value = "lots",')
    live.wait_for("build FAILED", after=done + 2)
    assert any("[chips.trainium3] compute.sparse" in line for line in live.lines_after(done + 2)), "\n".join(live.lines)
    assert "[chips.trainium3] compute.sparse" in live.failed_page("hardware/trainium3.html", good_chip)

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
    assert "line_gen" in live.failed_page("hardware/trainium2.html", good_page)
    assert "An extra paragraph." not in live.get("hardware/inferentia.html")

    # Fixed: both edits are published.
    _edit(broken, "chip:trainium2:line_gen|ordinal", "chip:trainium2:line_generation|ordinal")
    live.wait_for("build passed", after=done + 2)
    assert "line_gen" not in live.get("hardware/trainium2.html")
    assert "An extra paragraph." in live.get("hardware/inferentia.html")


def test_preview_on_a_port_in_use_says_so_in_one_line_before_building(tmp_path):
    src = tmp_path / "src"  # never read: the port is checked first
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        cmd = [sys.executable, str(ROOT / "tools" / "livehtml.py"), str(src), str(tmp_path / "served")]
        result = subprocess.run([*cmd, "--port", str(port)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and f"port {port}" in lines[0] and "in use" in lines[0], lines
    assert not (tmp_path / "served").exists()


def test_requests_during_a_publish_get_whole_files(tmp_path):
    """Publish two versions of a folder in turns while clients read it: every answer is one
    version's bytes, whole (with an in-place copy and Starlette's own file response, some answers
    were cut short or mixed)."""
    import uvicorn
    from livehtml import WholeFiles
    from staged_build import sync_into
    from starlette.applications import Starlette
    from starlette.routing import Mount

    names = [f"page{i}.html" for i in range(20)]
    versions = {b"1" * 150_000, b"22" * 40_000}
    stagings = []
    for n, content in enumerate(sorted(versions)):
        staging = tmp_path / f"staging{n}"
        staging.mkdir()
        for name in names:
            (staging / name).write_bytes(content)
        stagings.append(staging)
    served = tmp_path / "served"
    served.mkdir()
    sync_into(stagings[0], served)

    port = _free_port()
    app = Starlette(routes=[Mount("/", app=WholeFiles(directory=served))])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "test server did not start"
        time.sleep(0.05)

    stop = threading.Event()
    bad: list[str] = []
    answered = [0]

    def publish_in_turns():
        turn = 0
        while not stop.is_set():
            turn += 1
            sync_into(stagings[turn % 2], served)

    def read(client: int):
        for i in range(250):  # bounded: 4 clients x 250 requests
            name = names[(client * 7 + i) % len(names)]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}", timeout=10) as response:
                    body = response.read()
            except (OSError, http.client.HTTPException) as exc:  # a cut-short answer raises here
                bad.append(f"{name}: {exc!r}")
                continue
            answered[0] += 1
            if body not in versions:
                bad.append(f"{name}: {len(body)} bytes, neither version")

    publisher = threading.Thread(target=publish_in_turns, daemon=True)
    publisher.start()
    clients = [threading.Thread(target=read, args=(c,)) for c in range(4)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=120)
    stop.set()
    publisher.join(timeout=30)
    server.should_exit = True
    assert bad == [], bad[:5]
    assert answered[0] == 1000
