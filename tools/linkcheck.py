"""Check the site's external links, or say plainly that the network is unreachable.

Sphinx's linkcheck builder reports every link as "broken" when the machine is offline, which reads
like hundreds of dead links.  This wrapper first checks that the host most links point to answers;
if it does not, it prints why and exits with status 3 ("not checked"), distinct from 1 ("broken
links found").  The test suite uses the same check to skip its link test with that reason.

Usage: python tools/linkcheck.py SOURCEDIR OUTDIR [-- SPHINX OPTIONS...]
"""

from __future__ import annotations

import socket
import subprocess
import sys

PROBE_HOST = "github.com"  # nearly every cited source is a GitHub URL
EXIT_BROKEN = 1
EXIT_OFFLINE = 3


def unreachable(host: str = PROBE_HOST, port: int = 443, timeout: float = 5.0) -> str | None:
    """None when ``host`` answers, else the reason it does not."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return f"{host}:{port} unreachable ({exc})"


def main(argv: list[str]) -> int:
    split = argv.index("--") if "--" in argv else len(argv)
    (srcdir, outdir), sphinx_opts = argv[:split], argv[split + 1 :]
    reason = unreachable()
    if reason:
        print(f"linkcheck: network unavailable, no link was checked: {reason}", file=sys.stderr)
        return EXIT_OFFLINE
    cmd = [sys.executable, "-m", "sphinx", "-b", "linkcheck", srcdir, outdir, *sphinx_opts]
    if subprocess.run(cmd, check=False).returncode != 0:
        print(f"linkcheck: broken links, see {outdir}/output.txt", file=sys.stderr)
        return EXIT_BROKEN
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
