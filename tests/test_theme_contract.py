"""What this site relies on in the theme and in Sphinx beyond their documented options.

_templates/layout.html and _templates/search.html replace whole blocks of the theme's templates
and use the theme's class names, CSS variables and storage key inside them; the site's CSS and
scripts style and query the theme's markup; front_end re-creates Sphinx's (private) asset classes
and renders one of its templates; site_polish knows the icons of the theme's shortcut options.
Each test here reads the installed theme or Sphinx and fails, saying what to re-check, when an
upgrade changes one of these.  For a replaced block: compare the new theme block with our copy,
carry its changes over, then record the new fingerprint.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import pydata_sphinx_theme
import pytest
import sphinx
from site_polish import SHORTCUT_ICONS, drawn_icons

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(pydata_sphinx_theme.__file__).parent
THEME = PACKAGE / "theme" / "pydata_sphinx_theme"
THEME_CSS = THEME / "static" / "styles" / "pydata-sphinx-theme.css"
THEME_JS = THEME / "static" / "scripts" / "pydata-sphinx-theme.js"
SPHINX = Path(sphinx.__file__).parent

# (theme template, block) -> sha256 prefix of the block's source in pydata-sphinx-theme 0.24.0
REPLACED_BLOCKS = {
    ("layout.html", "css"): "1436267ac153f48c",
    ("layout.html", "extrahead"): "3ad2f97cb6991792",
    ("search.html", "docs_body"): "40a139b6a15fbc6a",
    ("search.html", "scripts"): "118f62603401358c",
}
# What each copy changes, so an upgrade can be carried over (the rest of the block is the theme's).
WHAT_THE_COPY_CHANGES = {
    ("layout.html", "css"): "the colour-mode snippet, the one stylesheet link, no Font Awesome script or preloads",
    ("layout.html", "extrahead"): "the site search loader, the favicon, the sidebar-width styles",
    ("search.html", "docs_body"): "the search form of components/search-field.html, without the results div",
    ("search.html", "scripts"): "the search scripts, deferred, or the site search's one script",
}
# Theme files the site copies markup from, whole: file -> sha256 prefix in pydata-sphinx-theme 0.24.0
COPIED_FILES = {
    "components/search-field.html": ("aec4ce15c31302cb", "the <form> in _templates/search.html"),
}

# The site's own files that use the theme's class names, ids and CSS variables.
SITE_FRONT_END = sorted(
    [
        *(ROOT / "_static").glob("*.css"),
        *(ROOT / "_static").glob("*.js"),
        *(ROOT / "_templates").glob("*.html"),
        *(ROOT / "_ext" / "neuron_hw" / "static").glob("*.css"),
        *(ROOT / "_ext" / "neuron_hw" / "static").glob("*.js"),
    ]
)
THEME_NAME = re.compile(r"(?<![\w-])(?:bd|pst)-[a-z0-9_-]*[a-z0-9]")  # .bd-article, #pst-search-dialog
READ_VARIABLE = re.compile(r"var\(\s*(--pst-[\w-]+)")
SET_VARIABLE = re.compile(r"(--pst-[\w-]+)\s*:")


def _site_text() -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in SITE_FRONT_END}


def _uses(pattern: re.Pattern) -> dict[str, list[str]]:
    """name -> the site files that use it."""
    found: dict[str, list[str]] = {}
    for rel, text in _site_text().items():
        for name in sorted(set(pattern.findall(text))):
            found.setdefault(name, []).append(rel)
    return found


def _cases(pattern: re.Pattern) -> list:
    return [pytest.param(name, files, id=name) for name, files in sorted(_uses(pattern).items())]


def _theme_markup() -> str:
    """Everything of the theme that can put a class or id into a page: templates, script, Python."""
    files = [*THEME.rglob("*.html"), THEME_JS, *PACKAGE.glob("*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def _block(template: str, name: str) -> str:
    text = (THEME / template).read_text(encoding="utf-8")
    match = re.search(
        r"\{%-?\s*block " + name + r"\s*-?%\}(.*?)\{%-?\s*endblock " + name + r"\s*-?%\}", text, re.DOTALL
    )
    assert match, f"the theme's {template} has no block {name!r} any more"
    return match.group(1)


@pytest.mark.parametrize(("template", "block"), list(REPLACED_BLOCKS), ids=lambda v: str(v))
def test_the_theme_blocks_we_replace_are_unchanged(template, block):
    fingerprint = hashlib.sha256(_block(template, block).encode("utf-8")).hexdigest()[:16]
    assert fingerprint == REPLACED_BLOCKS[template, block], (
        f"the theme's {template} block {block!r} changed: check _templates/{template} against it "
        f"(our copy changes {WHAT_THE_COPY_CHANGES[template, block]}; keep the rest as the theme has it)"
    )


@pytest.mark.parametrize("path", list(COPIED_FILES))
def test_the_theme_files_we_copy_markup_from_are_unchanged(path):
    expected, where = COPIED_FILES[path]
    fingerprint = hashlib.sha256((THEME / path).read_text(encoding="utf-8").encode("utf-8")).hexdigest()[:16]
    assert fingerprint == expected, f"the theme's {path} changed: check {where} against it"


def test_the_themes_script_keeps_the_colour_mode_under_the_key_our_snippet_reads():
    """Our css block reads localStorage "mode" and sets data-mode and data-theme before the first
    paint; the theme's script must store the reader's choice under that key and read data-mode."""
    script = THEME_JS.read_text(encoding="utf-8")
    assert re.search(r'localStorage\.setItem\(\s*"mode"\s*,', script), (
        'the theme no longer stores the colour mode as localStorage "mode": fix the snippet in '
        "_templates/layout.html (block css)"
    )
    assert "documentElement.dataset.mode" in script and "documentElement.dataset.theme" in script, (
        "the theme no longer reads data-mode / sets data-theme on <html>: fix the snippet in _templates/layout.html"
    )


@pytest.mark.parametrize(("variable", "files"), _cases(READ_VARIABLE))
def test_the_theme_defines_the_css_variables_we_read(variable, files):
    assert re.search(re.escape(variable) + r"\s*:", THEME_CSS.read_text(encoding="utf-8")), (
        f"the theme's CSS no longer defines {variable}, which {', '.join(files)} read"
    )


@pytest.mark.parametrize(("variable", "files"), _cases(SET_VARIABLE))
def test_the_theme_reads_the_css_variables_we_set(variable, files):
    assert re.search(r"var\(\s*" + re.escape(variable) + r"\b", THEME_CSS.read_text(encoding="utf-8")), (
        f"the theme's CSS no longer reads {variable}, which {', '.join(files)} set: the override does nothing"
    )


# The layout rules _templates/layout.html's sidebar styles are written against (block extrahead).
SIDEBAR_RULES = {
    "the right-hand sidebar is --pst-sidebar-secondary wide": r"\.bd-sidebar-secondary\{[^}]*width:var\(--pst-sidebar-secondary\)",
    "the left-hand sidebar is --pst-sidebar-primary-width wide": r"\.bd-sidebar-primary\{[^}]*width:var\(--pst-sidebar-primary-width\)",
    "the article container has a max-width": r"\.bd-main \.bd-content \.bd-article-container\{[^}]*max-width:",
}


@pytest.mark.parametrize("rule", list(SIDEBAR_RULES))
def test_the_theme_lays_out_the_sidebars_as_our_styles_expect(rule):
    assert re.search(SIDEBAR_RULES[rule], THEME_CSS.read_text(encoding="utf-8")), (
        f"the theme's CSS changed: {rule} no longer holds; check the <style> lines in _templates/layout.html"
    )


def test_the_theme_layout_has_what_our_blocks_use():
    layout = (THEME / "layout.html").read_text(encoding="utf-8")
    assert re.search(r"\{%-?\s*set remove_sidebar_secondary\s*=", layout), (
        "the theme's layout.html no longer sets remove_sidebar_secondary, which our extrahead block reads"
    )
    assert re.search(r'<dialog id="pst-search-dialog"', layout), (
        "the theme's search dialog is no longer <dialog id=pst-search-dialog>: the '/' key and the site search "
        "(_templates/layout.html, _static/site-search.js) open and fill it"
    )
    options = (THEME / "theme.conf").read_text(encoding="utf-8")
    assert re.search(r"^search_as_you_type\s*=", options, re.MULTILINE), (
        "the theme has no search_as_you_type option any more (our extrahead block and site_search read it)"
    )


@pytest.mark.parametrize(("name", "files"), _cases(THEME_NAME))
def test_the_theme_still_writes_the_classes_and_ids_we_use(name, files):
    assert re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", _theme_markup()), (
        f"the theme's templates, script and code no longer have {name!r}, which {', '.join(files)} use"
    )


def test_the_themes_theme_css_only_imports_basic_css():
    """front_end leaves styles/theme.css out and the bundle takes basic.css directly (conf.py's
    css_bundle_theme_files): that loses nothing only while theme.css is just that @import."""
    rules = [
        line
        for line in (THEME / "static" / "styles" / "theme.css").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("/*")
    ]
    assert rules == ['@import "../basic.css";'], f"the theme's styles/theme.css changed: {rules}"
    assert THEME_CSS.is_file(), "the theme's stylesheet moved: update css_bundle_theme_files in conf.py"


def test_the_theme_rewrites_pygments_css_before_the_bundle_reads_it():
    """The theme writes pygments.css (light and dark) when the build finishes, at Sphinx's default
    priority; front_end bundles it later (priority 900) and must see the rewritten file."""
    import front_end

    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r'app\.connect\(\s*"build-finished",\s*pygments\.overwrite_pygments_css\s*\)', source), (
        "the theme rewrites pygments.css at another time or priority: check front_end's build-finished priority"
    )
    assert "priority=900" in inspect.getsource(front_end.setup)


def test_the_shortcut_icons_are_the_themes_and_are_drawn():
    source = (Path(pydata_sphinx_theme.__file__)).read_text(encoding="utf-8")
    for option, icon in SHORTCUT_ICONS.items():
        assert re.search(rf'\("{option}", "fa-brands {icon}"', source), f"the theme's icon for {option} changed"
    assert set(SHORTCUT_ICONS.values()) <= drawn_icons()


def test_sphinx_script_assets_take_filename_priority_and_attributes():
    from sphinx.builders.html._assets import _JavaScript

    script = _JavaScript("_static/x.js", priority=200, defer="defer")
    assert (script.filename, script.priority, script.attributes) == ("_static/x.js", 200, {"defer": "defer"})
    assert list(inspect.signature(_JavaScript).parameters) == ["filename", "priority", "attributes"]


def test_sphinx_stylesheet_assets_are_what_the_bundle_reads():
    """css_bundle reads a stylesheet asset's filename, priority and attributes to pick the members."""
    import css_bundle
    from sphinx.builders.html._assets import _CascadingStyleSheet

    plain = _CascadingStyleSheet("_static/a.css", priority=800)
    dark = _CascadingStyleSheet("_static/b.css", priority=200, media="(prefers-color-scheme: dark)")
    assert (plain.filename, plain.priority) == ("_static/a.css", 800)
    assert dark.attributes["media"] == "(prefers-color-scheme: dark)"
    assert css_bundle.bundled(plain) and not css_bundle.bundled(dark)
    assert css_bundle.members(["_static/basic.css"], [plain, dark]) == ["_static/basic.css", "_static/a.css"]


def test_sphinx_renders_documentation_options_from_the_template_front_end_inlines():
    """front_end writes documentation_options.js into each page from Sphinx's own template, and
    leaves the copied file out (NOT_PUBLISHED)."""
    import front_end
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert (SPHINX / "themes" / "basic" / "static" / "documentation_options.js.jinja").is_file(), (
        "Sphinx's documentation_options.js template moved: update front_end._inlined"
    )
    assert "'documentation_options.js'" in inspect.getsource(StandaloneHTMLBuilder.init_js_files), (
        "Sphinx no longer links documentation_options.js: update front_end (inline_or_defer, NOT_PUBLISHED)"
    )
    assert "_static/documentation_options.js" in front_end.NOT_PUBLISHED


def test_sphinx_counts_warnings_where_build_integrity_reads_them(make_app, tmp_path):
    """_ext/build_integrity.py reads the application's private warning count and the saved
    environment's file name; a Sphinx upgrade that moves either fails here."""
    import build_integrity
    from sphinx.application import ENV_PICKLE_FILENAME
    from sphinx.util import logging

    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    assert build_integrity.warned(app) is False
    logging.getLogger(__name__).warning("counted")
    assert build_integrity.warned(app) is True
    app.build()
    assert (Path(app.doctreedir) / ENV_PICKLE_FILENAME).is_file()


def test_sphinx_builds_no_search_index_with_its_builder_switch_off(make_app, tmp_path):
    """site_search turns the HTML builder's ``search`` switch off so that Sphinx's index, which the
    site search replaces, is not built; it adds the search page and the pages' search link back."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nSome words to index.\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.builder.search = False
    app.build()
    assert app.builder.indexer is None, "Sphinx indexes the pages with the switch off: see site_search"
    assert not (Path(app.outdir) / "searchindex.js").exists()
    assert not (Path(app.outdir) / "search.html").exists(), "Sphinx writes its search page anyway: drop _search_page"
