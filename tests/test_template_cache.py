"""Compiled templates kept between builds (_ext/template_cache.py): the next build reads them, and
an edited template is compiled anew."""

from __future__ import annotations

from pathlib import Path

import template_cache

LAYOUT = '{% extends "!layout.html" %}{% block extrahead %}<meta name="mark" content="MARK">{% endblock %}\n'


def _project(root: Path, mark: str) -> None:
    (root / "_templates").mkdir(exist_ok=True)
    (root / "_templates" / "layout.html").write_text(LAYOUT.replace("MARK", mark), encoding="utf-8")
    (root / "conf.py").write_text('extensions = ["template_cache"]\ntemplates_path = ["_templates"]\n', "utf-8")
    (root / "index.rst").write_text("Title\n=====\n\nA page.\n", encoding="utf-8")


def _compiled_by(app) -> list[str]:
    """The templates ``app``'s build compiles from source (strings rendered directly are not kept)."""
    environment = template_cache.jinja_environment(app)
    assert environment is not None, "Sphinx's template loader moved: update template_cache.jinja_environment"
    names: list[str] = []
    compile_source = environment.compile

    def compile_and_note(source, name=None, *args, **kwargs):
        if name:
            names.append(name)
        return compile_source(source, name, *args, **kwargs)

    environment.compile = compile_and_note
    return names


def test_the_next_build_compiles_no_template_and_an_edited_one_anew(make_app, tmp_path):
    _project(tmp_path, "first")
    first = make_app("html", srcdir=tmp_path)
    compiled = _compiled_by(first)
    first.build()
    assert "layout.html" in compiled
    assert any((Path(first.doctreedir) / template_cache.FOLDER).iterdir())

    again = make_app("html", srcdir=tmp_path)
    compiled = _compiled_by(again)
    again.build(force_all=True)
    assert compiled == [], f"compiled again: {compiled}"

    _project(tmp_path, "second")
    edited = make_app("html", srcdir=tmp_path)
    compiled = _compiled_by(edited)
    edited.build(force_all=True)
    assert compiled == ["layout.html"]
    page = (Path(edited.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'content="second"' in page and 'content="first"' not in page
