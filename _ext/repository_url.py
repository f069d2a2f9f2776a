"""Where the site's sources live (``REPOSITORY_URL``), checked when the configuration is read.

One setting drives every link to the repository: the theme's "Edit on GitHub" (or GitLab) link
under each page, its repository icon in the header, and the public address of the data file in
the downloads' JSON.  Unset (the default), the site links to no repository.

The value is the repository's web address on GitHub or GitLab, e.g.
``https://github.com/example/neuron-hardware-docs``; pages are edited on :data:`BRANCH`, the
branch the site is published from.  Anything else stops the build with one line saying so, as a
bad ``SITE_URL`` does (``published_url.py``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

from published_url import FORBIDDEN

VARIABLE = "REPOSITORY_URL"
BRANCH = "main"
# host -> the theme's name for it (its html_context keys: github_user, gitlab_user...) and its icon
HOSTS = {
    "github.com": ("github", "GitHub", "fa-brands fa-github"),
    "gitlab.com": ("gitlab", "GitLab", "fa-brands fa-square-gitlab"),
}
EXPECTED = (
    "a repository's https:// address on github.com or gitlab.com, e.g. https://github.com/example/neuron-hardware-docs"
)
PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class RepositoryURLError(ValueError):
    """The configured address is not a repository the theme can link to; the message says why."""


def check(url: str, name: str = VARIABLE) -> str:
    """``url`` without a trailing slash or ``.git``, or :class:`RepositoryURLError`."""
    parts = urlsplit(url.strip().removesuffix("/").removesuffix(".git"))
    path = [p for p in parts.path.split("/") if p]
    plain = not any(c in FORBIDDEN or c.isspace() or not c.isprintable() for c in url.strip())
    ok = (
        plain
        and parts.scheme == "https"
        and parts.netloc in HOSTS
        and not (parts.query or parts.fragment)
        and len(path) >= 2
        # GitHub repositories are owner/name; GitLab ones may sit in nested groups.
        and (len(path) == 2 or parts.netloc == "gitlab.com")
        and all(PART.fullmatch(p) for p in path)
    )
    if not ok:
        raise RepositoryURLError(f"{name} must be {EXPECTED}; got {url!r}")
    return f"https://{parts.netloc}/{'/'.join(path)}"


def from_environment(environ: Mapping[str, str] = os.environ) -> str | None:
    """The checked address from :data:`VARIABLE`, or None when it is unset or empty."""
    value = environ.get(VARIABLE, "").strip()
    return check(value) if value else None


def from_environment_or_exit(environ: Mapping[str, str] = os.environ) -> str | None:
    """:func:`from_environment` for conf.py: a bad value stops the build with one line."""
    try:
        return from_environment(environ)
    except RepositoryURLError as err:
        sys.stdout.flush()
        print(f"error: {err}", file=sys.stderr, flush=True)
        os._exit(2)


def _split(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    owner, _, name = parts.path.strip("/").rpartition("/")
    return parts.netloc, owner, name


def file_url(url: str, path: str) -> str:
    """The web address of ``path`` (relative to the repository root) on :data:`BRANCH`."""
    host, _, _ = _split(url)
    blob = "-/blob" if host == "gitlab.com" else "blob"
    return f"{url}/{blob}/{BRANCH}/{path}"


def html_context(url: str) -> dict[str, str]:
    """The theme's ``html_context`` keys for its edit link (the repository root is the source dir)."""
    host, owner, name = _split(url)
    key = HOSTS[host][0]
    return {f"{key}_user": owner, f"{key}_repo": name, f"{key}_version": BRANCH, "doc_path": ""}


def icon_link(url: str) -> dict[str, str]:
    """The theme's ``icon_links`` entry for the repository (drawn by _static/neuron-hw.css)."""
    _, label, icon = HOSTS[_split(url)[0]]
    return {"name": f"Sources on {label}", "url": url, "icon": icon, "type": "fontawesome"}
