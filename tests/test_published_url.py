"""SITE_URL (the published address, ``html_baseurl``) is checked when the configuration is read:
a bad value stops the build with one line naming the variable, and the 404 page escapes it anyway."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, sphinx_build
from published_url import SiteURLError, check, from_environment

GOOD = {
    "https://docs.example.org": "https://docs.example.org/",
    "http://127.0.0.1:8000/": "http://127.0.0.1:8000/",
    "https://docs.example.org/neuron/v2": "https://docs.example.org/neuron/v2/",
    "https://docs.example.org/a&amp;b/": "https://docs.example.org/a&amp;b/",
}
BAD = [
    "docs.example.org",  # no scheme: failed late in sphinx-sitemap
    "//docs.example.org/",
    "ftp://docs.example.org/",
    "javascript:alert(1)",
    "https:///path",
    "https://docs.example.org:port/",
    'https://docs.example.org/a"b/',  # ended the 404 page's href
    "https://docs.example.org/a'b/",
    'https://x.org/"><script>alert(1)</script>',
    "https://docs.example.org/a b/",
    "https://docs.example.org/\t",
    "https://docs.example.org/\x00",
    "https://docs.example.org/?q=1",
    "https://docs.example.org/#top",
]


@pytest.mark.parametrize(("url", "expected"), GOOD.items())
def test_a_plain_http_or_https_address_is_taken_with_a_trailing_slash(url, expected):
    assert check(url) == expected


@pytest.mark.parametrize("url", BAD, ids=repr)
def test_anything_else_is_refused_naming_the_variable_and_what_is_expected(url):
    with pytest.raises(SiteURLError, match=r"^SITE_URL must be an absolute http:// or https:// URL with a host"):
        check(url)


def test_the_variable_named_is_the_one_that_was_read():
    assert from_environment({}) == ""  # no address: none is published (test_publishing.py)
    assert from_environment({"SITE_URL": "", "READTHEDOCS_CANONICAL_URL": "https://rtd.example.org"}) == (
        "https://rtd.example.org/"
    )
    with pytest.raises(SiteURLError, match="^READTHEDOCS_CANONICAL_URL must be"):
        from_environment({"READTHEDOCS_CANONICAL_URL": "rtd.example.org"})


@pytest.mark.build
@pytest.mark.parametrize("url", ["docs.example.org", 'https://docs.example.org/a"b/'])
def test_a_bad_site_url_stops_the_build_with_one_line(url, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", url)
    result = sphinx_build(ROOT, tmp_path / "html")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0
    assert len(lines) == 1 and "SITE_URL" in lines[0] and repr(url) in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "html" / "404.html").exists()


def test_the_404_page_escapes_the_address_in_its_link():
    """A path with ``&amp;`` in it is a valid address; written unescaped, the browser would read it
    as ``&`` and link elsewhere."""
    code = "import json, runpy; c = runpy.run_path('conf.py'); print(json.dumps(c['notfound_context']['body']))"
    env = {**os.environ, "SITE_URL": "https://docs.example.org/a&amp;b/"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    body = BeautifulSoup(json.loads(result.stdout.splitlines()[-1]), "html.parser")
    assert [a["href"] for a in body.find_all("a")] == ["/a&amp;b/hardware/index.html"]
