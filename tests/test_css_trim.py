"""The stylesheet trimmer keeps what pages can use and drops the rest."""

from __future__ import annotations

import css_trim
import pytest
from css_trim import trim, used_names


def test_rules_for_unused_classes_are_dropped():
    css = ".used{color:red}.unused{color:blue}.used .unused{margin:0}#main,.gone{padding:0}"
    assert trim(css, {"used", "main"}) == ".used{color:red}#main{padding:0}"


def test_negated_and_element_selectors_do_not_need_classes():
    css = "a:not(.external){color:red}html[data-theme=dark] p{color:#fff}"
    assert trim(css, set()) == css


def test_media_blocks_are_trimmed_inside_and_dropped_when_empty():
    css = "@media (min-width:960px){.used{width:1px}.unused{width:2px}}@media print{.unused{display:none}}"
    assert trim(css, {"used"}) == "@media (min-width:960px){.used{width:1px}}"


def test_font_awesome_faces_go_other_faces_and_keyframes_stay():
    css = (
        '@font-face{font-family:"Font Awesome 7 Free";src:url(fa.woff2)}'
        '@font-face{font-family:"Lato";src:url(lato.woff2)}'
        "@keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}"
    )
    assert trim(css, set()) == (
        '@font-face{font-family:"Lato";src:url(lato.woff2)}@keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}'
    )


def test_strings_and_comments_do_not_confuse_the_parser():
    css = '/* a { comment } */.used::before{content:"}{"}.x{color:red}'
    assert trim(css, {"used"}) == '.used::before{content:"}{"}'


def test_built_stylesheet_is_much_smaller_than_its_parts(site):
    css = (site.outdir / "_static" / "site.css").read_text(encoding="utf-8")
    assert len(css) < 200_000  # the theme's stylesheet alone is about 380 KB
    assert "webfonts/fa-" not in css and ".fa-0:before" not in css  # no icon font, no icon classes
    assert ".bd-header" in css and "html[data-theme=dark]" in css


def test_is_and_where_need_any_one_of_their_arguments():
    css = ":is(.used,.unused) p{color:red}:where(.gone,.also-gone) p{color:blue}.x:is(.used){margin:0}"
    assert trim(css, {"used", "x"}) == ":is(.used,.unused) p{color:red}.x:is(.used){margin:0}"


def test_has_and_nested_negation():
    css = ".a:has(.b){color:red}.a:has(.c){color:blue}.a:not(:is(.c)){margin:0}"
    assert trim(css, {"a", "b"}) == ".a:has(.b){color:red}.a:not(:is(.c)){margin:0}"


def test_selectors_the_parser_does_not_know_are_kept():
    css = "a::-moz-focus-inner{border:0}p:unknown-thing(1){color:red}"
    assert trim(css, set()) == css


def test_names_come_from_the_pages_and_the_scripts_they_load_not_the_search_index(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text(
        '<p class="on-page" id="anchor">x</p><script defer src="_static/app.js"></script>'
        '<script src="searchindex.js"></script>',
        encoding="utf-8",
    )
    (tmp_path / "_static" / "app.js").write_text('el.classList.add("added-at-run-time")', encoding="utf-8")
    (tmp_path / "_static" / "unused.js").write_text('el.classList.add("never-loaded")', encoding="utf-8")
    (tmp_path / "searchindex.js").write_text('Search.setIndex({"terms": {"prose-word": 1}})', encoding="utf-8")
    names = used_names(tmp_path)
    assert {"on-page", "anchor", "added-at-run-time"} <= names
    assert not {"never-loaded", "prose-word"} & names


SHEET = "@media (min-width:960px){.used{width:1px}.gone{width:2px}}.used,.other{color:red}"


def test_a_kept_plan_trims_as_a_fresh_parse_does(tmp_path, monkeypatch):
    """The bundle's parsed form is kept in the doctree folder; the next build reads it instead of
    parsing the stylesheet again, and trims to the same bytes."""
    cache = tmp_path / "doctrees"
    expected = trim(SHEET, {"used"})
    assert expected == "@media (min-width:960px){.used{width:1px}}.used{color:red}"
    first = css_trim.cached_plan(SHEET, cache)
    assert [p.name for p in cache.iterdir()] == [next(cache.glob("css-trim-*.pickle")).name]
    monkeypatch.setattr(css_trim, "plan", lambda css: pytest.fail("the kept plan was not used"))
    kept = css_trim.cached_plan(SHEET, cache)
    assert kept == first and css_trim.apply(kept, {"used"}) == expected


def test_a_changed_stylesheet_or_an_unreadable_plan_is_parsed_again(tmp_path):
    cache = tmp_path / "doctrees"
    css_trim.cached_plan(SHEET, cache)
    changed = SHEET.replace(".other", ".used-too")
    assert css_trim.apply(css_trim.cached_plan(changed, cache), {"used-too"}) == ".used-too{color:red}"
    kept = list(cache.glob("css-trim-*.pickle"))
    assert len(kept) == 1, "only the last stylesheet's plan is kept"
    kept[0].write_bytes(b"cut sho")
    assert css_trim.apply(css_trim.cached_plan(changed, cache), {"used-too"}) == ".used-too{color:red}"
