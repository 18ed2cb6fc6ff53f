"""Template problems: every one reported in one run, at its template file and line, the
templates kept inside their folder; what an SVG image of the sources loads, at its Markdown line."""

import shutil
from pathlib import Path

import pytest
from testing_utils import PNG, TEMPLATES, make_project, run


def _templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return templates


def _insert(template: Path, after: str, text: str) -> int:
    """Insert ``text`` as a line of its own after the first line that has ``after``; its line number."""
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(n for n, line in enumerate(lines) if after in line) + 1
    lines.insert(index, text + "\n")
    template.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _project(tmp_path: Path, templates: Path, ru: str = "Текст.\n", en: str = "Text.\n") -> Path:
    return make_project(tmp_path / "project", {"one": (ru, en)}, templates=templates)


def _secret(tmp_path: Path) -> Path:
    """A file outside the project and its templates, a template no message may quote."""
    secret = tmp_path / "outside" / "secret.html.j2"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("root:x:0:0:secret line {% secretword %}\n", encoding="utf-8")
    return secret


def _failed(result, code: int = 4) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


# --- every broken template at once ---------------------------------------------


def test_every_template_that_does_not_compile_is_reported_in_one_run(tmp_path: Path):
    templates = _templates(tmp_path)
    reader, css, article = templates / "reader.html.j2", templates / "print.css.j2", templates / "html" / "article.html.j2"
    reader_line = _insert(reader, "<!DOCTYPE html>", "{% if %}")
    css_line = _insert(css, "{% set body", "{% endfor %}")
    article_line = _insert(article, "{%- block main %}", "{{ article.slug + }}")
    config = _project(tmp_path, templates)
    for format in ("pdf", "html"):
        output = _failed(run("build", format, "--config", config))
        assert "3 problems found" in output
        assert f"{reader}:{reader_line}: template error: Expected an expression" in output
        assert f"{css}:{css_line}: template error: Encountered unknown tag 'endfor'" in output
        assert f"{article}:{article_line}: template error: unexpected 'end of print statement'" in output
    assert not (tmp_path / "project" / "build" / "test.pdf").exists()


def test_a_template_that_fails_as_it_runs_is_reported_with_those_that_do_not_compile(tmp_path: Path):
    templates = _templates(tmp_path)
    reader, page = templates / "reader.html.j2", templates / "html" / "page.html.j2"
    reader_line = _insert(reader, "<!DOCTYPE html>", "{{ nothing_here }}")
    page_line = _insert(page, "<head>", "{% for %}")
    output = _failed(run("build", "pdf", "--config", _project(tmp_path, templates)))
    assert f"{reader}:{reader_line}: template error: UndefinedError: 'nothing_here' is undefined" in output
    assert f"{page}:{page_line}: template error:" in output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ nothing_here }}", "template error: UndefinedError: 'nothing_here' is undefined"),
        ("{{ none | length }}", "template error: TypeError: object of type 'NoneType' has no len()"),
        ("{{ config.title.ru | nobreak(5) }}", "template error: TypeError: keep_ranges_together() takes 1 positional argument"),
        ("{{ config.title.ru | frobnicate }}", "template error: No filter named 'frobnicate'"),
        ('{% include "missing.html.j2" %}', "template 'missing.html.j2' not found in the templates folder"),
        ('{% import "missing.html.j2" as x %}', "template 'missing.html.j2' not found in the templates folder"),
    ],
)
def test_a_template_error_is_told_at_its_line(tmp_path: Path, text: str, message: str):
    templates = _templates(tmp_path)
    reader = templates / "reader.html.j2"
    line = _insert(reader, "<!DOCTYPE html>", text)
    output = _failed(run("build", "pdf", "--config", _project(tmp_path, templates)))
    assert f"{reader}:{line}: {message}" in output


def test_an_extends_of_a_missing_template_is_told_at_its_line(tmp_path: Path):
    templates = _templates(tmp_path)
    article = templates / "html" / "article.html.j2"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace('extends "html/page.html.j2"', 'extends "html/nopage.html.j2"'), encoding="utf-8")
    line = next(n for n, text in enumerate(text.splitlines(), start=1) if "extends" in text)
    output = _failed(run("build", "html", "--config", _project(tmp_path, templates)))
    assert f"{article}:{line}: template 'html/nopage.html.j2' not found in the templates folder" in output
    assert "templates are looked up inside the templates folder" in output


# --- templates stay inside their folder ----------------------------------------


def test_an_include_out_of_the_templates_folder_is_told_at_its_line(tmp_path: Path):
    templates = _templates(tmp_path)
    reader, article = templates / "reader.html.j2", templates / "html" / "article.html.j2"
    reader_line = _insert(reader, "<!DOCTYPE html>", '{% include "../../etc/passwd" %}')
    article_line = _insert(article, "{%- block main %}", '{% include "html/../../outside/secret.html.j2" ignore missing %}')
    _secret(tmp_path)
    config = _project(tmp_path, templates)
    output = _failed(run("build", "pdf", "--config", config))
    assert f"{reader}:{reader_line}: template '../../etc/passwd' is not looked up: its name leaves the templates folder" in output
    assert "templates are looked up inside the templates folder only" in output
    output = _failed(run("build", "html", "--config", config))
    assert f"{article}:{article_line}: template 'html/../../outside/secret.html.j2' is not looked up" in output
    assert "secret" not in output.replace("outside/secret.html.j2", "")


def test_a_template_linked_to_a_file_outside_the_templates_folder_is_not_read(tmp_path: Path):
    templates = _templates(tmp_path)
    index = templates / "html" / "index.html.j2"
    index.unlink()
    index.symlink_to(_secret(tmp_path))
    output = _failed(run("build", "html", "--config", _project(tmp_path, templates)))
    assert f"{index}: template 'html/index.html.j2' lies outside the templates folder (through a symbolic link); it is not read" in output
    assert "secret line" not in output and "secretword" not in output
    assert not (tmp_path / "project" / "build" / "html").exists()


def test_an_include_through_a_linked_folder_is_not_read(tmp_path: Path):
    templates = _templates(tmp_path)
    (templates / "shared").symlink_to(_secret(tmp_path).parent)
    reader = templates / "reader.html.j2"
    line = _insert(reader, "<!DOCTYPE html>", '{% include "shared/secret.html.j2" %}')
    output = _failed(run("build", "pdf", "--config", _project(tmp_path, templates)))
    assert f"{reader}:{line}: template 'shared/secret.html.j2' lies outside the templates folder" in output
    assert "secret line" not in output and "secretword" not in output
    assert not (tmp_path / "project" / "build" / "test.pdf").exists()


# --- what the print stylesheet loads --------------------------------------------


def test_the_print_stylesheet_refusals_name_the_template_line(tmp_path: Path):
    templates = _templates(tmp_path)
    css = templates / "print.css.j2"
    css.write_text('@import url("http://127.0.0.1:9/print.css");\n' + css.read_text(encoding="utf-8"), encoding="utf-8")
    passwd = _insert(css, "{% set body", 'body { background: url("file:///etc/passwd"); }')
    relative = _insert(css, "{% set body", '@import url("extra.css");')
    output = _failed(run("build", "pdf", "--config", _project(tmp_path, templates)))
    assert f"{css}:1: refused to fetch http://127.0.0.1:9/print.css: the edition reads nothing from the network" in output
    assert f"{css}:{passwd + 1}: refused to fetch file:///etc/passwd: outside the project folder" in output
    assert f"{css}:{relative}: 'extra.css': a relative URL, which the typesetter cannot resolve in the print stylesheet" in output
    assert not (tmp_path / "project" / "build" / "test.pdf").exists()


# --- what an SVG image of the sources loads -------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="8" height="8">\n{}\n</svg>\n'


def test_an_svg_image_that_loads_files_outside_is_a_source_problem(tmp_path: Path):
    config = _project(tmp_path, TEMPLATES, "Первый ![](pic.svg) абзац.\n\nВторой ![](more.svg).\n", "First.\n\nSecond.\n")
    folder = tmp_path / "project" / "sources" / "one"
    secret = _secret(tmp_path)
    (folder / "pic.svg").write_text(
        SVG.format('<image href="file:///etc/passwd" width="4" height="4"/>\n<image xlink:href="../../../outside/secret.html.j2"/>'),
        encoding="utf-8",
    )
    (folder / "more.svg").write_text(
        SVG.format(f'<style>\n@import url("{secret.as_uri()}");\n</style>\n<rect style="fill: url(http://example.com/x)"/>'), encoding="utf-8"
    )
    for command in (("check",), ("build", "pdf")):
        output = _failed(run(*command, "--config", config), 3)
        assert "4 problems found" in output
        assert "sources/one/ru.md:1: image 'pic.svg' loads 'file:///etc/passwd' (line 2 of pic.svg): file: URLs are not fetched" in output
        assert "sources/one/ru.md:1: image 'pic.svg' loads '../../../outside/secret.html.j2' (line 3 of pic.svg): outside the article's folder" in output
        assert f"sources/one/ru.md:3: image 'more.svg' loads '{secret.as_uri()}' (line 3 of more.svg): file: URLs are not fetched" in output
        assert "sources/one/ru.md:3: image 'more.svg' loads 'http://example.com/x' (line 5 of more.svg): http: URLs are not fetched" in output
        assert "secret line" not in output
    assert not (tmp_path / "project" / "build").exists()


def test_an_svg_image_that_declares_an_external_entity_is_a_source_problem(tmp_path: Path):
    config = _project(tmp_path, TEMPLATES, "Текст ![](pic.svg).\n")
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n' + SVG.format("<text>&s;</text>")
    (tmp_path / "project" / "sources" / "one" / "pic.svg").write_text(svg, encoding="utf-8")
    output = _failed(run("check", "--config", config), 3)
    assert "sources/one/ru.md:1: image 'pic.svg' loads 'file:///etc/passwd' (line 2 of pic.svg): an external entity, which is not read" in output


def test_an_svg_image_may_load_a_file_of_its_article_in_print(tmp_path: Path):
    config = _project(tmp_path, TEMPLATES, "Текст ![](pic.svg).\n")
    folder = tmp_path / "project" / "sources" / "one"
    (folder / "dot.png").write_bytes(PNG)
    (folder / "pic.svg").write_text(SVG.format('<image href="dot.png" width="4" height="4"/>\n<rect fill="url(#none)"/>'), encoding="utf-8")
    assert run("check", "--config", config).exit_code == 0
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output
    # a browser shows an SVG image alone: the screen editions refuse it, at the image's line
    output = _failed(run("build", "html", "--config", config))
    assert f"{folder / 'pic.svg'}:2: 'dot.png': not a file of the edition" in output
    assert "a browser loads nothing an SVG image asks for" in output


def test_the_typesetter_reports_a_refusal_inside_an_svg_image(tmp_path: Path):
    """WeasyPrint leaves out an image an SVG image loads when it is refused: the build does not."""
    from edition.errors import RenderError
    from edition.render.pdf import typeset

    (tmp_path / "pic.svg").write_text(SVG.format('<image href="file:///etc/passwd" width="4" height="4"/>'), encoding="utf-8")
    with pytest.raises(RenderError) as raised:  # the SVG's image is loaded when the page is drawn
        typeset('<p>Text <img src="pic.svg"></p>', "", tmp_path, (tmp_path,), locate=lambda url: (tmp_path / "pic.svg", 2)).pdf
    assert f"{tmp_path / 'pic.svg'}:2: refused to fetch file:///etc/passwd: outside the project folder" in str(raised.value)
