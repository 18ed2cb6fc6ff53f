"""Reading text files: what is not UTF-8 text is reported where it is."""

from pathlib import Path

from testing_utils import make_project, run

from edition.readers.text import read_text

RUSSIAN = "Первый абзац.\n\nВторой абзац о Рапалло.\n"


def _read(path: Path, data: bytes):
    path.write_bytes(data)
    problems = []
    return read_text(path, problems), problems


def test_stray_bytes_in_a_utf8_file_are_named_by_line_and_column(tmp_path: Path):
    data = RUSSIAN.encode().replace("Рапалло".encode(), b"\xd0\xa0\xe0\xef\xe0\xeb\xeb\xee")
    text, problems = _read(tmp_path / "ru.md", data)
    assert text is None
    (problem,) = problems
    assert problem.line == 3
    assert problem.message == "not UTF-8: the byte 0xe0 at column 17 (and at 3:18, 3:19, 3:20, 3:21 and further) is no text in UTF-8"
    # no re-encoding that would garble the UTF-8 rest of the file
    assert "iconv" not in problem.hint and "looks like" not in problem.message


def test_a_legacy_cyrillic_file_gets_its_encoding_named(tmp_path: Path):
    text, problems = _read(tmp_path / "ru.md", RUSSIAN.encode("cp1251"))
    assert text is None
    assert "it looks like cp1251" in problems[0].message and problems[0].line == 1
    assert problems[0].hint == "convert it, e.g. iconv -f cp1251 -t utf-8"


def test_nul_and_control_characters_are_reported(tmp_path: Path):
    text, problems = _read(tmp_path / "ru.md", "Первый\x00 абзац.\n\nВторой\x1b[31m.\n".encode())
    assert text is None
    (problem,) = problems
    assert (problem.line, problem.message) == (1, "a control character (U+0000) at column 7 (and at 3:7), which no text has")


def test_a_source_with_a_nul_byte_does_not_build(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст\x00.\n", "Text.\n")})
    result = run("build", "html", "--config", config)
    assert result.exit_code == 3, result.output
    assert "sources/one/ru.md:1: a control character (U+0000) at column 6" in result.output
    assert not (tmp_path / "build").exists()


def test_form_feeds_and_tabs_are_text(tmp_path: Path):
    text, problems = _read(tmp_path / "original.txt", "Страница 1\f\tСтраница 2\r\n".encode())
    assert problems == [] and text == "Страница 1\f\tСтраница 2\n"
