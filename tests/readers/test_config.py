"""The reader configuration: every problem reported in one run, each with its key."""

from pathlib import Path

from testing_utils import make_project

from edition.readers.config import read_config

ARTICLE = ("Текст.\n", "Text.\n")


def test_a_valid_configuration(tmp_path: Path):
    config = make_project(tmp_path, {"one": ARTICLE}, extra='[layout]\npaper = "A5"\nfont_size = 9.5\n')
    result, problems = read_config(config)
    assert problems == []
    assert result is not None
    assert result.articles == ("one",)
    assert result.layout.paper == "A5" and result.layout.font_size == 9.5
    assert result.sources == tmp_path / "sources"


def test_every_problem_with_its_key_and_line(tmp_path: Path):
    config = make_project(tmp_path, {"one": ARTICLE})
    config.write_text(
        config.read_text(encoding="utf-8").replace('articles = ["one"]', 'articles = ["one", "oen", "one"]\ncolour = "red"')
        + '[layout]\npaper = "A3"\nfont_size = "big"\nhyphenate = 1\n\n[extra]\nx = 1\n',
        encoding="utf-8",
    )
    _, problems = read_config(config)
    found = {p.message.split(":")[0]: p for p in problems}
    assert set(found) == {
        "reader.colour",
        "reader.articles[1]",
        "reader.articles[2]",
        "layout.paper",
        "layout.font_size",
        "layout.hyphenate",
        "extra",
    }
    assert "did you mean one" in found["reader.articles[1]"].hint
    assert "listed twice" in found["reader.articles[2]"].message
    assert found["reader.colour"].line == 5
    assert found["layout.paper"].line is not None
    assert all(p.file == config for p in problems)


def test_invalid_toml_names_its_line(tmp_path: Path):
    config = tmp_path / "edition.toml"
    config.write_text('[reader]\ntitle = { ru = "a", en = "b" }\narticles = ["a"\nname = 3\n', encoding="utf-8")
    result, problems = read_config(config)
    assert result is None
    (problem,) = problems
    assert problem.message.startswith("invalid TOML") and problem.line == 4


def test_missing_configuration_file(tmp_path: Path):
    _, problems = read_config(tmp_path / "nowhere.toml")
    assert problems[0].message == "configuration file not found"
    assert "--config" in problems[0].hint


def test_required_keys(tmp_path: Path):
    config = tmp_path / "edition.toml"
    (tmp_path / "sources").mkdir()
    (tmp_path / "templates").mkdir()
    config.write_text('[reader]\ntitle = { ru = "Только русский" }\n', encoding="utf-8")
    _, problems = read_config(config)
    messages = sorted(p.message for p in problems if p.message.startswith("reader."))
    assert messages == ["reader.articles: missing", "reader.title.en: missing"]


def test_a_file_that_is_not_utf8(tmp_path: Path):
    config = tmp_path / "edition.toml"
    config.write_bytes('[reader]\ntitle = { ru = "Хрестоматия", en = "R" }\n'.encode("cp1251"))
    _, problems = read_config(config)
    (problem,) = problems
    assert "not UTF-8" in problem.message and "cp1251" in problem.message
    assert problem.line == 2


def test_dates_that_are_no_day_of_the_calendar(tmp_path: Path):
    config = make_project(tmp_path, {"one": ARTICLE})
    (tmp_path / "CHANGELOG.md").write_text("# Changes\n\n## 1.0.0 (2026-13-45)\n\n- First.\n", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8").replace('articles = ["one"]', 'articles = ["one"]\ndate = "2026-02-30"\nchangelog = "CHANGELOG.md"'),
        encoding="utf-8",
    )
    _, problems = read_config(config)
    assert [(p.file.name if p.file else None, p.line, p.message) for p in problems] == [
        ("CHANGELOG.md", 3, "'2026-13-45' is not a day of the calendar"),
        ("edition.toml", 5, "reader.date: '2026-02-30' is not a date of the form YYYY-MM-DD"),
    ]
