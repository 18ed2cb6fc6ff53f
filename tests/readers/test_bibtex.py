"""Reading .bib files: entries, crossrefs, and every problem with its file and line."""

import os
import threading
import time
from pathlib import Path

from testing_utils import make_project, run

from edition.readers.bibtex import read_bibliography

GOOD = """\
@book{gorlov2001,
  author   = {Горлов, С. А.},
  title    = {Совершенно секретно},
  date     = {2001},
  langid   = {russian},
}

@mvcollection{mb2011,
  title      = {Москва – Берлин},
  editor     = {Севостьянов, Г. Н.},
  editortype = {отв. ред.},
  volumes    = {3},
  location   = {М.},
  date       = {2011},
  langid     = {russian},
}

@incollection{doc1923,
  title    = {Постановление Политбюро},
  crossref = {mb2011},
  booktitle = {1920 -- 1926},
  volume   = {1},
  langid   = {russian},
}

@book{mueller,
  author = {M{\\"u}ller, Hans and {Archiv der Republik}},
  title  = {{\\"U}ber Rapallo},
  year   = {1990},
  langid = {german},
}
"""

BROKEN = """\
@book{dup,
  title = {Раз},
  date = {2001},
  langid = {russian},
}

@book{dup,
  title = {Два},
  date = {2001},
  langid = {russian},
}

@book{nodate,
  title  = {Без года},
  year   = 2004 author = {Y},
  langid = {russian},
}

@article{noissue,
  author  = {Иванов, И. И.},
  title   = {Статья},
  date    = {2013},
  pages   = {33 passim},
  langid  = {russian},
  colour  = {red},
}

@incollection{orphan,
  title    = {Документ},
  crossref = {nowhere},
  date     = {1923},
  langid   = {russian},
}

@book{nolang,
  title = {Без языка},
  date  = {19/20},
}

@weird{w,
  title = {Странный тип},
}

@book{unclosed,
  title = {Нет скобки,
"""


def test_entries_names_latex_and_crossref(tmp_path: Path):
    (tmp_path / "a.bib").write_text(GOOD, encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    by_key = {e.key: e for e in entries}
    doc = by_key["doc1923"]
    # a document inside a volume of a collection inherits BibLaTeX's way
    assert doc.get("maintitle") == "Москва – Берлин" and doc.get("booktitle") == "1920 – 1926"
    assert doc.get("location") == "М." and doc.get("date") == "2011" and doc.get("volumes") == "3"
    assert doc.people("editor")[0].family == "Севостьянов" and doc.parent == "mb2011"
    mueller = by_key["mueller"]
    assert [n.family for n in mueller.people("author")] == ["Müller", "Archiv der Republik"]
    assert mueller.people("author")[1].literal and mueller.get("title") == "Über Rapallo"
    assert by_key["gorlov2001"].location.line == 1 and by_key["gorlov2001"].line_of("date") == 4


def test_every_problem_with_its_line(tmp_path: Path):
    (tmp_path / "b.bib").write_text(BROKEN, encoding="utf-8")
    _, problems = read_bibliography(tmp_path)
    found = sorted((p.line, p.message) for p in problems)
    expected = [
        (7, "entry key 'dup' is used twice in this file"),
        (15, "entry 'nodate': year '2004 author = Y' is not a year"),
        (25, "entry 'noissue': unknown field 'colour'"),
        (19, "entry 'noissue': @article needs the field journaltitle or journal"),
        (23, "entry 'noissue': pages '33 passim' is not a page range"),
        (30, "entry 'orphan': crossref 'nowhere' names no entry"),
        (28, "entry 'orphan': @incollection needs the field booktitle or maintitle"),
        (37, "entry 'nolang': date '19/20' is not a date"),
        (35, "entry 'nolang': no langid"),
        (40, "entry 'w': unknown entry type @weird"),
    ]
    for item in expected:
        assert item in found, item
    assert any(line == 44 and message.startswith("cannot parse this entry") for line, message in found)
    assert all(p.file == tmp_path / "b.bib" and p.hint for p in problems)


def test_a_missing_bibliography_folder_is_no_bibliography(tmp_path: Path):
    assert read_bibliography(tmp_path / "none") == ((), [])


def test_an_unknown_key_names_the_closest_ones(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст.[^1]\n\n[^1]: [@gorlov2010, с. 5].\n", "Text.[^1]\n\n[^1]: [@gorlov2001, p. 5].\n")})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(GOOD, encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code != 0
    assert "sources/one/ru.md:3: citation of an unknown key @gorlov2010" in result.output
    assert "did you mean @gorlov2001?" in result.output
    assert "en.md" not in result.output


# --- crossrefs ---------------------------------------------------------------------

CYCLES = """\
@incollection{a,
  title    = {Документ А},
  crossref = {b},
  date     = {1923},
  langid   = {russian},
}

@collection{b,
  title    = {Сборник Б},
  crossref = {a},
  date     = {1923},
  langid   = {russian},
}

@book{self,
  title    = {Сама себе},
  crossref = {self},
  date     = {1923},
  langid   = {russian},
}
"""


def test_a_crossref_cycle_is_a_problem_of_the_sources(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(CYCLES, encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "bibliography/works.bib:3: entry 'a': crossref cycle a -> b -> a (b at works.bib:8)" in result.output
    assert "bibliography/works.bib:17: entry 'self': crossref cycle self -> self (the entry names itself)" in result.output
    assert result.output.count("crossref cycle") == 2 and "hint: a crossref names the entry's parent" in result.output


def test_a_long_crossref_chain_is_followed_to_its_end(tmp_path: Path):
    chain = "".join(f"@collection{{c{n},\n  title = {{Том {n}}},\n  crossref = {{c{n + 1}}},\n  langid = {{russian}},\n}}\n" for n in range(1500))
    top = "@collection{c1500,\n  title = {Верх},\n  date = {1923},\n  location = {М.},\n  langid = {russian},\n}\n"
    (tmp_path / "chain.bib").write_text(chain + top, encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    assert {e.key: e for e in entries}["c0"].get("location") == "М."


# --- files outside the bibliography folder, and files that are not files -------------

def test_a_bib_file_linked_from_outside_its_folder_is_not_read(tmp_path: Path):
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    secret = tmp_path / "outside" / "secret.bib"
    secret.parent.mkdir()
    secret.write_text("@book{secret,\n  title = {secret line},\n  date = {secret date},\n}\n", encoding="utf-8")
    folder = tmp_path / "project" / "bibliography"
    folder.mkdir()
    (folder / "works.bib").write_text(GOOD, encoding="utf-8")
    (folder / "evil.bib").symlink_to(secret)
    (folder / "works2.bib").symlink_to(folder / "works.bib")  # inside the folder: read (its keys twice)
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "bibliography/evil.bib: the .bib file lies outside" in result.output and "it is not read" in result.output
    assert "hint: copy the file into" in result.output and "secret" not in result.output
    assert "bibliography/works2.bib:1: entry key 'gorlov2001' is already used in works.bib:1" in result.output


def test_a_bibliography_folder_linked_from_outside_the_project_is_not_read(tmp_path: Path):
    config = make_project(tmp_path / "project", {"one": ("Текст.\n", "Text.\n")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.bib").write_text("@book{secret,\n  title = {secret line},\n  date = {secret},\n}\n", encoding="utf-8")
    (tmp_path / "project" / "bibliography").symlink_to(elsewhere)
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "project/bibliography: the bibliography folder lies outside" in result.output and "it is not read" in result.output
    assert "hint: keep the .bib files in a folder inside" in result.output and "secret" not in result.output


def test_a_bib_file_that_is_not_a_plain_file_is_not_opened(tmp_path: Path):
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    writer = threading.Thread(target=_feed, args=(fifo,))  # so that a reader that opens it does not wait forever
    writer.start()
    _, problems = read_bibliography(tmp_path)
    writer.join()
    assert [(p.file, p.message) for p in problems] == [(fifo, "not a plain file; it is not read")]


def test_an_editors_lock_file_is_left_alone(tmp_path: Path):
    (tmp_path / "works.bib").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".#works.bib").symlink_to("user@host.4242:1700000000")  # Emacs, while the file is open
    entries, problems = read_bibliography(tmp_path)
    assert problems == [] and len(entries) == 4


def _feed(fifo: Path) -> None:
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # no reader yet
            time.sleep(0.05)
            continue
        os.write(descriptor, b"@book{x, title = {X}}\n")
        os.close(descriptor)
        return
