"""Nothing outside the project or on the network is read; user text cannot become markup."""

import shutil
import zipfile
from html.parser import HTMLParser
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


class _Markup(HTMLParser):
    """The elements and attributes of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # the page's own script is loaded from edition.js: no other script may run
        self.tags.add(f"{tag} {dict(attrs).get('src')}" if tag == "script" else tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markup(page: str) -> _Markup:
    parser = _Markup()
    parser.feed(page)
    return parser


HOSTILE_TITLE = 'Reichswehr <script>alert(9)</script> <b onmouseover="alert(7)">und</b> <i>Rote</i> Armee & Co'


def test_a_bib_field_reaches_the_screen_editions_as_text(mini: Path):
    bib = mini.parent / "bibliography" / "mini.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Совершенно секретно}", "{" + HOSTILE_TITLE + "}"), encoding="utf-8")
    (mini.parent / "bibliography" / "more.bib").write_text(
        "@book{hostile,\n  author = {<img src=x onerror=alert(1)>, A.},\n  title = {Title},\n"
        "  location = {<svg onload=alert(2)>}, publisher = {A & B}, date = {2001}, langid = {english},\n}\n",
        encoding="utf-8",
    )
    # the second article cites the other work: the reader has a bibliography of both
    ru = mini.parent / "sources" / "beta" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("второй статьи.", "второй статьи [@hostile].", 1), encoding="utf-8")
    en = mini.parent / "sources" / "beta" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("second article.", "second article [@hostile].", 1), encoding="utf-8")
    result = run("build", "all", "--config", mini)
    assert result.exit_code == 0, result.output
    pages = {path.name: path.read_text(encoding="utf-8") for path in (mini.parent / "build" / "html").glob("*.html")}
    with zipfile.ZipFile(mini.parent / "build" / "mini.epub") as epub:
        pages.update({name: epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")})
    # the title printed as written (Chicago's title case capitalises the English words)
    title = ("<script>alert(9)</script>", 'onmouseover="alert(7)">')
    hostile = ("<img src=x onerror=alert(1)>", "<svg onload=alert(2)>", "A & B")
    for stem, expected in (("alpha", title), ("beta", hostile), ("bibliography", title + hostile)):
        for name in (f"{stem}.html", f"OEBPS/{stem}.xhtml"):
            markup = _markup(pages[name])
            assert not markup.tags & {"script None", "b", "img", "svg"}, name
            assert not {a for a in markup.attributes if a.startswith("on")}, name
            text = "".join(markup.text)
            assert all(words in text for words in expected), name
    # what the style makes is still markup: the English title in italics
    assert "<i>Title</i>" in pages["beta.html"]


def _secret(tmp_path: Path) -> Path:
    """A file outside the project, with a line no message may quote."""
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("root:x:0:0:secret line\n", encoding="utf-8")
    return secret


def test_a_source_linked_to_a_file_outside_the_sources_is_not_read(tmp_path: Path):
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    ru = tmp_path / "project" / "sources" / "one" / "ru.md"
    ru.unlink()
    ru.symlink_to(_secret(tmp_path))
    for command in (("check",), ("build", "html")):
        result = run(*command, "--config", config)
        assert result.exit_code == 3, result.output
        assert "sources/one/ru.md: the file lies outside" in result.output and "it is not read" in result.output
        assert "secret line" not in result.output
    assert not (tmp_path / "project" / "build").exists()


def test_an_article_folder_linked_from_outside_the_sources_is_not_read(tmp_path: Path):
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    make_project(tmp_path / "elsewhere", {"two": ("Чужой текст.\n", "Foreign text.\n")})
    (tmp_path / "project" / "sources" / "two").symlink_to(tmp_path / "elsewhere" / "sources" / "two")
    config.write_text(config.read_text(encoding="utf-8").replace('articles = ["one"]', 'articles = ["one", "two"]'), encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:4: reader.articles[1]: article folder" in result.output and "is a link to a folder outside" in result.output


def test_an_article_name_is_a_slug(tmp_path: Path):
    make_project(tmp_path / "outside", {"evil": ("Чужой.\n", "Foreign.\n")})
    config = make_project(tmp_path / "project" / "inner", {"one": ("Текст.\n", "Text.\n")})
    config.write_text(config.read_text(encoding="utf-8").replace('articles = ["one"]', 'articles = ["one", "../../outside/sources/evil", "Two_B"]'), encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:4: reader.articles[1]: '../../outside/sources/evil' is not an article folder name" in result.output
    assert "edition.toml:4: reader.articles[2]: 'Two_B' is not an article folder name" in result.output
    assert not (tmp_path / "project" / "inner" / "build").exists()


def test_a_wrong_sources_folder_lists_nothing_outside_the_project(tmp_path: Path):
    (tmp_path / "private" / "tax-returns").mkdir(parents=True)
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")}, extra=f'sources = "{(tmp_path / "private").as_posix()}"\n')
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert "reader.articles[0]: article folder" in result.output and "lies outside the project folder" in result.output
    assert "tax-returns" not in result.output


def test_a_csl_path_that_is_not_a_csl_style_is_a_configuration_error(tmp_path: Path):
    secret = _secret(tmp_path)
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    project = tmp_path / "project"
    (project / "entity.csl").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout><text value="&s;"/></layout></citation></style>\n',
        encoding="utf-8",
    )
    (project / "dependent.csl").write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info>'
        '<link href="http://www.zotero.org/styles/chicago-notes-bibliography" rel="independent-parent"/></info></style>\n',
        encoding="utf-8",
    )
    for ru, en, message in (
        (secret.as_posix(), "", "lies outside the project folder and the templates folder; it is not read"),
        ("sources/one/ru.md", "", "sources/one/ru.md is not a CSL style: not well-formed XML at line 1"),
        ("entity.csl", "", "entity.csl is not a CSL style: it declares a document type or entities"),
        ("edition.toml", "dependent.csl", "is a dependent CSL style, which formats nothing itself"),
    ):
        styles = f'ru = "{ru}"\n' + (f'en = "{en}"\n' if en else "")
        config.write_text(config.read_text(encoding="utf-8").split("[citations]")[0] + "[citations]\n" + styles, encoding="utf-8")
        for command in ("check", "build"):
            result = run(command, "--config", config)
            assert result.exit_code == 2, result.output
            assert message in result.output
            assert "secret line" not in result.output
    assert "edition.toml:10: citations.en:" in result.output


def test_a_templates_folder_without_templates_is_blamed_on_its_key(tmp_path: Path):
    (tmp_path / "elsewhere").mkdir()
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")}, templates=tmp_path / "elsewhere")
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:7: paths.templates:" in result.output and "has no reader.html.j2" in result.output
    assert "citations" not in result.output


def test_a_changelog_linked_to_a_file_outside_the_project_is_not_read(tmp_path: Path):
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    (tmp_path / "project" / "CHANGELOG.md").symlink_to(_secret(tmp_path))
    config.write_text(config.read_text(encoding="utf-8").replace('[paths]', 'changelog = "CHANGELOG.md"\n\n[paths]'), encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert "reader.changelog: file" in result.output and "lies outside the project folder; it is not read" in result.output
    assert "secret line" not in result.output


def test_links_the_edition_does_not_keep_are_reported(tmp_path: Path):
    ru = (
        "Первый [пароль](file:///etc/passwd) абзац.\n\nВторой [сценарий](javascript:alert(1)) абзац.\n\n"
        "Третий [данные](data:text/html,<script>alert(1)</script>) и [файл](notes/secret.pdf).[^1]\n\n"
        "[^1]: См. [сценарий](JavaScript:alert(2)).\n"
    )
    en = (
        "First [the archive](https://example.org/a) paragraph.\n\nSecond [mail](mailto:editor@example.org).\n\n"
        "Third [§ 1](#a1-p1).[^1]\n\n[^1]: See [the archive](HTTPS://example.org/b).\n"
    )
    config = make_project(tmp_path, {"one": (ru, en)})
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    output = result.output
    assert "sources/one/ru.md:1: link 'file:///etc/passwd': file: links are not kept in the edition" in output
    assert "sources/one/ru.md:3: link 'javascript:alert(1)': javascript: links are not kept in the edition" in output
    assert "sources/one/ru.md:5: link 'data:text/html," in output
    assert "sources/one/ru.md:5: link 'notes/secret.pdf': a link to a file is not kept in the edition" in output
    assert "sources/one/ru.md:7: link 'JavaScript:alert(2)': javascript: links are not kept" in output
    assert "en.md" not in output
