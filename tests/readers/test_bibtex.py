"""Reading .bib files, and citations checked against them."""

from pathlib import Path

from testing_utils import make_project, run

from edition.readers.bibtex import read_bibliography

BIB = """\
@book{gorlov2001,
  author = {Горлов, С. А.},
  title  = {Совершенно секретно},
  date   = {2001},
}

@book{gorlov2001,
  title = {Дубликат},
}

@book{broken,
  title = {Без закрывающей скобки,
"""


def test_entries_and_problems_with_lines(tmp_path: Path):
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert [e.key for e in entries] == ["gorlov2001"]
    entry = entries[0]
    assert entry.type == "book" and entry.get("author") == "Горлов, С. А." and entry.location.line == 1
    found = sorted((p.line, p.message.split(":")[0]) for p in problems)
    assert found == [(7, "entry key 'gorlov2001' is used twice"), (11, "cannot parse this entry")]


def test_a_missing_bibliography_folder_is_no_bibliography(tmp_path: Path):
    assert read_bibliography(tmp_path / "none") == ((), [])


def test_an_unknown_key_names_the_closest_ones(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст.[^1]\n\n[^1]: [@gorlov2010, с. 5].\n", "Text.[^1]\n\n[^1]: [@gorlov2001, p. 5].\n")})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(BIB.split("@book{gorlov2001,\n  title")[0], encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code != 0
    assert "sources/one/ru.md:3: citation of an unknown key @gorlov2010" in result.output
    assert "did you mean @gorlov2001?" in result.output
    assert "en.md" not in result.output
