"""Audit the built site as a static host serves it: Lighthouse scores, bytes and requests per page.

Serves ``_build/html`` with Debian's nginx (gzip on) on a free localhost port, runs a pinned
Lighthouse (installed with npm into ``.audit/``) against every page in its mobile and desktop
configurations with Debian's Chromium, prints one row per page and form factor, and exits
non-zero when a page misses a target.  Timing-based, so it is a script rather than a test:
each page is measured --runs times (default 3) and the median of each score is reported, as
Lighthouse's authors advise for a noisy machine.

Usage: python tools/audit.py [--site _build/html] [--runs 3] [--only PAGE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import chromium

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
TOOLS_DIR = ROOT / ".audit"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"score": 100, "bytes": 200 * 1024, "requests": 12}
CHROME_FLAGS = " ".join(chromium.FLAGS)
NGINX_CONF = """
worker_processes 1;
error_log {tmp}/error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml
               application/xml text/xml text/plain;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        error_page 404 /404.html;
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_lighthouse() -> Path:
    binary = TOOLS_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise SystemExit("npm is needed to install Lighthouse (Debian: apt-get install npm)")
        print(f"Installing {LIGHTHOUSE} into {TOOLS_DIR} ...", flush=True)
        TOOLS_DIR.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOLS_DIR), "--no-audit", "--no-fund", LIGHTHOUSE], check=True
        )
    return binary


class Nginx:
    """nginx serving ``site`` on a free localhost port, stopped on exit."""

    def __init__(self, site: Path):
        if not shutil.which("nginx"):
            raise SystemExit("nginx is needed (Debian: apt-get install nginx)")
        self.tmp = Path(tempfile.mkdtemp(prefix="audit-nginx-"))
        self.port = free_port()
        conf = self.tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=self.tmp, port=self.port, site=site.resolve()), encoding="utf-8")
        self.conf = conf

    def __enter__(self) -> str:
        subprocess.run(["nginx", "-c", str(self.conf), "-p", str(self.tmp)], check=True)
        url = f"http://127.0.0.1:{self.port}/"
        for _ in range(50):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                return url
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"nginx did not start; see {self.tmp}/error.log")

    def __exit__(self, *exc) -> None:
        subprocess.run(["nginx", "-c", str(self.conf), "-p", str(self.tmp), "-s", "stop"], check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_lighthouse(binary: Path, url: str, form: str, out: Path) -> dict:
    cmd = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"]
    if form == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", chromium.executable())}
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text(encoding="utf-8"))
    # data: URIs (the inline icons and favicon) are part of the page, not network requests.
    requests = [r for r in report["audits"]["network-requests"]["details"]["items"] if not r["url"].startswith("data:")]
    origin = urlsplit(url).netloc
    return {
        "scores": {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES},
        "bytes": sum(item.get("transferSize", 0) for item in requests),
        "requests": len(requests),
        "foreign": sorted({r["url"] for r in requests if urlsplit(r["url"]).netloc not in (origin, "")}),
        "failed": [
            ref["id"]
            for c in CATEGORIES
            for ref in report["categories"][c]["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
        ],
    }


def median_run(binary: Path, url: str, form: str, out: Path, runs: int) -> dict:
    """Median of each score over ``runs`` Lighthouse runs; bytes and requests from the median run."""
    results = [run_lighthouse(binary, url, form, out) for _ in range(runs)]
    results.sort(key=lambda r: r["scores"]["performance"])
    median = dict(results[len(results) // 2])
    median["scores"] = {c: int(statistics.median(r["scores"][c] for r in results)) for c in CATEGORIES}
    median["performance_runs"] = [r["scores"]["performance"] for r in results]
    return median


def misses(result: dict) -> list[str]:
    out = [f"{c} {s}" for c, s in result["scores"].items() if s < TARGETS["score"]]
    if result["bytes"] > TARGETS["bytes"]:
        out.append(f"{result['bytes'] / 1024:.0f} KB")
    if result["requests"] > TARGETS["requests"]:
        out.append(f"{result['requests']} requests")
    if result["foreign"]:
        out.append(f"foreign: {result['foreign']}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--only", nargs="*", help="pages to audit, e.g. hardware/trainium2.html")
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "audit.json")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        raise SystemExit(f"{args.site} has no built site; run `make html` first")
    pages = args.only or sorted(
        p.relative_to(args.site).as_posix() for p in args.site.rglob("*.html") if "_static" not in p.parts
    )
    binary = ensure_lighthouse()
    results, failures = {}, 0
    print(
        f"Targets: every score {TARGETS['score']}, <= {TARGETS['bytes'] // 1024} KB, "
        f"<= {TARGETS['requests']} requests, no other host\n"
    )
    print(f"{'page':<34} {'form':<8} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'KB':>6} {'req':>4}  result")
    with Nginx(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            for form in ("mobile", "desktop"):
                result = median_run(binary, base + page, form, Path(tmp) / "report.json", args.runs)
                results[f"{page} {form}"] = result
                missed = misses(result)
                failures += bool(missed)
                s = result["scores"]
                print(
                    f"{page:<34} {form:<8} {s['performance']:>4} {s['accessibility']:>4} "
                    f"{s['best-practices']:>4} {s['seo']:>4} {result['bytes'] / 1024:>6.0f} "
                    f"{result['requests']:>4}  {'ok' if not missed else 'MISS: ' + '; '.join(missed)}",
                    flush=True,
                )
                if missed and result["failed"]:
                    print(f"{'':<44}failing audits: {', '.join(result['failed'])}", flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n{len(results) - failures} of {len(results)} page runs meet every target; details in {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
