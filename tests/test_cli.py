"""The command line: help, version, check and build, and how errors reach the user."""

import shutil
from pathlib import Path

from testing_utils import FIXTURES, TEMPLATES, make_project, run

from edition import __version__
from edition.pipeline import build


def test_help_explains_each_command_with_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "edition build pdf" in result.output
    for command in ("build", "check"):
        text = run(command, "--help").output
        assert "Example" in text and f"edition {command}" in text


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_check_lists_every_problem_with_file_and_line(tmp_path: Path, monkeypatch):
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURES / "broken", broken)
    config = broken / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"../../../templates"', f'"{TEMPLATES.as_posix()}"'), encoding="utf-8")
    monkeypatch.chdir(broken)
    result = run("check")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    expected = [
        "edition.toml:4: reader.pages: unknown key",
        "edition.toml:3: reader.articles[4]: article folder",
        "sources/notes/article.toml:4: title.subtitle: unknown key",
        "sources/notes/ru.md:3: footnote call [^2] has no definition",
        "sources/notes/ru.md:7: footnote [^3] is defined but never called",
        "sources/notes/en.md:3: footnote call [^2] has no definition",
        "sources/blocks/ru.md:3: ru.md has 3 blocks and en.md has 2 here; they first diverge at block 2: "
        "ru.md:3 «Второй абзац, которого нет в переводе.» / en.md:3 “The third paragraph.”",
        "sources/encoding/ru.md:1: not UTF-8",
        "sources/empty/ru.md:1: the article has no text in this file",
    ]
    for line in expected:
        assert line in result.output, line
    assert result.output.startswith("11 problems found:")
    assert result.output.count("title.subtitle") == 1


def test_check_passes_on_good_sources(mini: Path):
    result = run("check", "--config", mini)
    assert result.exit_code == 0
    assert result.output.startswith("ok: 2 articles")


def test_build_all_writes_pdf_html_and_epub(mini: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("build", "all", "--config", mini, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "mini.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "mini.epub").read_bytes().startswith(b"PK\x03\x04")
    for name in ("mini.pdf", "mini.epub", "index.html"):
        assert name in result.output
    pages = sorted(p.name for p in (out / "html").iterdir())
    assert pages == [
        "alpha.html",
        "beta.html",
        "colophon.html",
        "edition.css",
        "edition.js",
        "fonts",
        "index.html",
    ]
    assert not [p for p in out.rglob("*.part")]


def test_html_and_epub_made_side_by_side_are_the_same_files(mini: Path, tmp_path: Path):
    """With two jobs the EPUB is made in a process of its own while the HTML edition is: the same files."""
    files = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}"
        written = build(mini, ["html", "epub"], out=out, jobs=jobs)
        files[jobs] = {path.relative_to(out): path.read_bytes() for path in written}
    assert files[1] == files[2]
    assert Path("mini.epub") in files[1] and Path("html/index.html") in files[1]


def test_build_epub_alone(mini: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("build", "epub", "--config", mini, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["mini.epub"]


def test_a_failed_build_leaves_the_previous_pdf_untouched(mini: Path):
    assert run("build", "pdf", "--config", mini).exit_code == 0
    pdf = mini.parent / "build" / "mini.pdf"
    before = pdf.read_bytes()
    ru = mini.parent / "sources" / "alpha" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8") + "\nЛишний абзац.[^нет]\n", encoding="utf-8")
    result = run("build", "pdf", "--config", mini)
    assert result.exit_code != 0
    assert "footnote call [^нет] has no definition" in result.output
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir() if p.name != ".cache") == ["mini.pdf"]


def test_a_template_error_names_the_template_and_line(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "reader.html.j2"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20] + "{{ config.no_such_field }}"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")}, templates=templates)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert f"{page}:21: template error" in result.output or "templates/reader.html.j2:21: template error" in result.output
    assert "no_such_field" in result.output


def test_a_template_syntax_error(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    css = templates / "print.css.j2"
    css.write_text("{% if %}\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")}, templates=templates)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code != 0
    assert "print.css.j2:1: template error" in result.output
