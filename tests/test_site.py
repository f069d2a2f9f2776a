"""The built site: zero warnings, the hardware index contract, navigation and links."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from contract import AWS_LABELS, CARDS, PAGES


def test_build_has_no_warnings(site):
    assert site.result.returncode == 0, site.result.stderr
    assert site.result.stderr.strip() == "", f"the build printed warnings:\n{site.result.stderr}"


def test_every_hardware_page_is_built(site):
    for page in PAGES:
        assert (site.outdir / "hardware" / f"{page}.html").is_file(), page


def _cards(site):
    soup = site.html("hardware/index.html")
    cards = []
    for card in soup.select("div.sd-card"):
        link = card.select_one("a.sd-stretched-link")
        cards.append(
            (
                card.select_one(".sd-card-title").get_text(strip=True),
                card.select_one(".sd-card-text").get_text(strip=True),
                link["href"] if link else None,
            )
        )
    return cards


def test_index_has_exactly_the_contracted_cards(site):
    titles = [title for title, _, _ in _cards(site)]
    assert sorted(titles) == sorted(title for title, *_ in CARDS)


@pytest.mark.parametrize(("title", "description", "label", "page"), CARDS, ids=[c[2] for c in CARDS])
def test_card_links_to_its_page(site, title, description, label, page):
    cards = {t: (d, href) for t, d, href in _cards(site)}
    found_description, href = cards[title]
    assert found_description == description
    assert href is not None, f"card {title!r} has no link"
    path, _, anchor = href.partition("#")
    assert path == f"{page}.html"
    target = site.html(f"hardware/{page}.html")
    assert target.find(id=anchor) is not None, f"{href}: no element with id {anchor!r}"
    assert target.find(id=label) is not None, f"label {label!r} is not on {page}"


def test_index_grids_are_one_column_on_phones_and_two_above(site):
    soup = site.html("hardware/index.html")
    grids = soup.select("div.sd-row")
    assert len(grids) == 4, "one grid per group: chips, NeuronCores, instances and devices, across generations"
    for grid in grids:
        classes = set(grid["class"])
        assert {"sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-2", "sd-row-cols-lg-2", "sd-g-2"} <= classes


def test_index_keeps_the_seed_cards_in_their_order(site):
    """The 14 seed cards keep their relative order; the newer cards sit among them by group."""
    titles = [title for title, _, _ in _cards(site)]
    seed = [title for title, *_ in CARDS[:14]]
    assert [t for t in titles if t in seed] == seed


def test_sidebar_groups_the_pages_under_captions(site):
    nav = site.html("hardware/trainium2.html").select_one("nav.bd-docs-nav")
    captions = [c.get_text(strip=True) for c in nav.select("p.caption")]
    assert captions == ["Chips", "NeuronCores", "Instances and devices", "Across generations"]


def test_index_toctree_is_hidden(site):
    article = site.html("hardware/index.html").select_one("article")
    assert article.select(".toctree-wrapper a") == [], "the hardware toctree should not render in the page"
    assert article.select(".toctree-wrapper"), "the hardware index should still hold its (hidden) toctree"


@pytest.mark.parametrize("page", ["index", *PAGES])
def test_every_hardware_page_is_in_the_sidebar(site, page):
    nav = site.html(f"hardware/{page}.html").select_one("nav.bd-docs-nav")
    assert nav is not None, f"{page}: no section navigation"
    # The current page's own entry links to "#" and is marked aria-current.
    links = {a["href"].partition("#")[0] or f"{page}.html" for a in nav.select("a[href]")}
    missing = [p for p in PAGES if f"{p}.html" not in links]
    assert not missing, f"{page}: sidebar lacks {missing}"


@pytest.mark.parametrize("page", ["index.html", "hardware/index.html", *(f"hardware/{p}.html" for p in PAGES)])
def test_page_has_meta_description(site, page):
    meta = site.html(page).find("meta", attrs={"name": "description"})
    assert meta is not None and len(meta["content"]) >= 50, f"{page}: missing or too short description"
    assert "draft" not in meta["content"].lower(), f"{page}: placeholder description"


def test_internal_links_and_anchors_resolve(site):
    broken = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = site.html(str(path.relative_to(site.outdir)))
            ids_cache[path] = {el["id"] for el in soup.find_all(id=True)} | {
                el["name"] for el in soup.find_all("a", attrs={"name": True})
            }
        return ids_cache[path]

    for page in site.pages():
        rel = page.relative_to(site.outdir).as_posix()
        for a in site.html(rel).find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc or a["href"].startswith("mailto:"):
                continue
            if parts.path.startswith("/"):  # root-relative, as on the 404 page: the site is served at /
                target_rel = posixpath.normpath(unquote(parts.path).lstrip("/"))
            elif parts.path:
                target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            else:
                target_rel = rel
            target = site.outdir / target_rel
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {a['href']} (no file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
                broken.append(f"{rel}: {a['href']} (no anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_labels_are_in_objects_inv(site):
    labels = site.labels()
    for label, page in [*((c[2], c[3]) for c in CARDS), *AWS_LABELS.items()]:
        assert label in labels, f"label {label!r} missing from objects.inv"
        location = labels[label]
        assert location.startswith(f"hardware/{page}.html"), f"{label!r} points to {location}"


def test_no_unrendered_markup(site):
    """A role glued to the text before it (``LNC=:spec:`...```) is not parsed and shows up raw."""
    raw = [
        p.relative_to(site.outdir).as_posix()
        for p in site.pages()
        if ":spec:`" in site.html(str(p.relative_to(site.outdir))).get_text()
    ]
    assert not raw, f"pages showing raw :spec: markup: {raw}"
