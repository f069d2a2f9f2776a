"""The stylesheet trimmer keeps what pages can use and drops the rest."""

from __future__ import annotations

from css_trim import trim


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
