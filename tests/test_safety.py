"""Nothing outside the project or on the network is read; user text cannot become markup."""

import shutil
import zipfile
from pathlib import Path

from testing_utils import TEMPLATES, make_project, pdf_pages, run


def test_images_outside_the_project_or_on_the_network_are_refused(tmp_path: Path):
    ru = "Первый ![](file:///etc/passwd) абзац.\n\nВторой ![схема](../../../../etc/hostname) абзац.\n"
    en = "First ![](http://example.com/x.png) paragraph.\n\nSecond ![](missing.png) paragraph.\n"
    config = make_project(tmp_path, {"one": (ru, en)})
    result = run("check", "--config", config)
    assert result.exit_code != 0
    output = result.output
    assert "sources/one/ru.md:1: image 'file:///etc/passwd': file: URLs are not fetched" in output
    assert "sources/one/ru.md:3: image '../../../../etc/hostname': outside the project folder" in output
    assert "sources/one/en.md:1: image 'http://example.com/x.png': http: URLs are not fetched" in output
    assert "sources/one/en.md:3: image 'missing.png': file not found" in output


def test_an_image_inside_the_article_folder_is_printed(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Абзац ![](dot.png).\n", "Paragraph ![](dot.png).\n")})
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
    (tmp_path / "sources" / "one" / "dot.png").write_bytes(png)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output


def test_a_template_cannot_read_files_outside_the_project(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    css = templates / "print.css.j2"
    css.write_text('@import url("file:///etc/passwd");\n' + css.read_text(encoding="utf-8"), encoding="utf-8")
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")}, templates=templates)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code != 0
    assert "refused to fetch file:///etc/passwd: outside the project folder" in result.output
    assert not (tmp_path / "project" / "build" / "test.pdf").exists()


def test_a_template_cannot_reach_the_network(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "reader.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("<body>", '<body><img src="http://127.0.0.1:9/x.png">'), encoding="utf-8")
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")}, templates=templates)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code != 0
    assert "the edition reads nothing from the network" in result.output


def test_markup_in_titles_and_text_is_escaped(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("<i>Не курсив</i> & <script>x</script>.\n", "<i>Not italic</i>.\n")})
    toml = tmp_path / "sources" / "one" / "article.toml"
    toml.write_text('[title]\nru = "<b>Заглавие</b>"\nen = "Title & </td></tr> more"\n', encoding="utf-8")
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert "&lt;i&gt;Не курсив&lt;/i&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html
    text = "\n".join(pdf_pages(tmp_path / "build" / "test.pdf"))
    assert "<b>Заглавие</b>" in text and "Title & </td></tr> more" in text


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def test_screen_templates_cannot_load_anything_from_outside_the_edition(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "html" / "page.html.j2"
    link = '<link rel="stylesheet" href="edition.css"/>'
    page.write_text(
        page.read_text(encoding="utf-8").replace(link, link + '\n<link rel="stylesheet" href="https://fonts.example.com/serif.css"/>'),
        encoding="utf-8",
    )
    article = templates / "html" / "article.html.j2"
    article.write_text(
        article.read_text(encoding="utf-8").replace('<header class="pair head">', '<header class="pair head"><img src="../../secret.png" alt=""/>'),
        encoding="utf-8",
    )
    css = templates / "html" / "edition.css.j2"
    css.write_text('@import url("file:///etc/passwd");\n' + css.read_text(encoding="utf-8"), encoding="utf-8")
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")}, templates=templates)
    for format in ("html", "epub"):
        result = run("build", format, "--config", config)
        assert result.exit_code == 4, result.output
        output = result.output
        where = f"{page}:{_line_of(page, 'fonts.example.com')}"
        assert f"{where}: 'https://fonts.example.com/serif.css': the edition loads nothing from the network" in output
        assert f"{article}:{_line_of(article, 'secret.png')}: '../../secret.png': outside the edition" in output
        assert f"{css}:1: 'file:///etc/passwd': file: URLs are not loaded" in output
    assert not (tmp_path / "project" / "build").exists()


def test_hyperlinks_to_web_pages_stay_links(tmp_path: Path):
    config = make_project(
        tmp_path,
        {"one": ("См. [архив](https://example.org/archive).\n", "See [the archive](https://example.org/archive).\n")},
    )
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/archive">the archive</a>' in html
    with zipfile.ZipFile(tmp_path / "build" / "test.epub") as epub:
        assert '<a href="https://example.org/archive">архив</a>' in epub.read("OEBPS/one.xhtml").decode()
