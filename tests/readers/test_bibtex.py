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
        (15, "entry 'nodate': year: '2004 author = {Y}' is more than one value"),
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
    assert "hint: keep the .bib files in a folder of the project" in result.output and "secret" not in result.output


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


# --- values: LaTeX, @string, control characters, odd files -----------------------------

LATEX = [
    # (as written in a field, the text it is); the first crashed the typesetter as a line break
    (r"Reichswehr \\ 1920–1933", "Reichswehr 1920–1933"),
    (r"Eins\newline zwei\par drei\\[2pt]vier", "Eins zwei drei vier"),
    ("Line one\n        line two\n\n        a paragraph\tafter a tab", "Line one line two a paragraph after a tab"),
    ("5.2~{nm}, Skald~-- and", "5.2\u00a0nm, Skald\u00a0– and"),
    (r"\emph{a} \textit{b} {\em c} \textsc{d} \textbf{e} \texttt{f} \mbox{g}", "a b c d e f g"),
    (r"See \url{http://example.org/a_b%20c~d--e#f}.", "See http://example.org/a_b%20c~d--e#f."),
    (r"\href{http://example.org/a%20b}{The link}", "The link"),
    (r"50\% \& 50% & Co, \$5, $x$", "50% & 50% & Co, $5, x"),
    (r"\'e {\"u} \v{s} {\ss} {\v C}aslav Encyclop{\ae}dia", "é ü š ß Časlav Encyclopædia"),
    (r"1920\textendash 1926, 1920--1926, 1920---1926", "1920–1926, 1920–1926, 1920—1926"),
    (r"\mkbibquote{Intention} und \enquote*{Sein}", "„Intention“ und „Sein“"),
    (r"Aesthetic {Judgment}\vphantom{\{}\}", "Aesthetic Judgment}"),
    (r"{arXiv}:1412.4006 {[}quant-ph{]}", "arXiv:1412.4006 [quant-ph]"),
    (r"methodology\hyphen independent, baez\slash online", "methodology-independent, baez/online"),
    ("<b>x</b> &amp; <script>", "<b>x</b> &amp; <script>"),
    ("\u2028a\u2029b\u00a0c  ", "a b\u00a0c"),
]


def test_latex_in_a_field_becomes_text_on_one_line(tmp_path: Path):
    fields = "".join(f"  note = {{{written}}},\n" for written, _ in LATEX[:1])
    body = "".join(f"@misc{{m{n},\n  title = {{{written}}},\n  langid = {{german}},\n}}\n" for n, (written, _) in enumerate(LATEX))
    (tmp_path / "latex.bib").write_text(body + "@misc{x,\n  title = {X},\n" + fields + "  langid = {german},\n}\n", encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    by_key = {e.key: e for e in entries}
    assert [by_key[f"m{n}"].get("title") for n in range(len(LATEX))] == [text for _, text in LATEX]
    assert by_key["x"].get("note") == "Reichswehr 1920–1933"


def test_a_line_break_in_a_title_is_typeset(mini: Path):
    bib = mini.parent / "bibliography" / "mini.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Совершенно секретно}", r"{Reichswehr \\ 1920–1933}"), encoding="utf-8")
    result = run("build", "pdf", "--config", mini)
    assert result.exit_code == 0, result.output


SHAPES = """\
% Shapes of real files: the biblatex examples (as pandoc tests them) and Better BibTeX exports.
@string{dtv     = {Deutscher Taschenbuch-Verlag}}
@string{jams    = {J.~Amer. Math. Soc.}}

@article{bertram,
  author       = {Bertram, Aaron and Wentworth, Richard},
  title        = {Gromov invariants for holomorphic maps on {Riemann} surfaces},
  journaltitle = jams,
  date         = 1996,
  volume       = 9,
  pages        = {529-571},
  month        = dec,
  langid       = {english},
}

@book{nietzsche,
  author       = {Nietzsche, Friedrich},
  title        = {Die Geburt der Trag{\\"o}die. Unzeitgem{\\"a}{\\ss}e
                  Betrachtungen I--IV. Nachgelassene Schriften 1870--1973},
  date         = 1988,
  publisher    = dtv # { and Walter de Gruyter},
  location     = {M{\\"u}nchen and Berlin and New York},
  langid       = {german},
}

@article{Procopio2014,
  author  = {Procopio, Lorenzo M. and Ara{\\'u}jo, Mateus and Brukner, {\\v C}aslav and {Robert Bosch GmbH}},
  title   = {Experimental Superposition of Orders of Quantum Gates},
  journal = "{arXiv}:1412.4006 {[}quant-ph{]}",
  year    = {2014},
  url     = {http://arxiv.org/abs/1412.4006},
  doi     = {10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P},
  langid  = {english},
}

@online{MacFarlaneJohna,
  author  = {{MacFarlane, John}},
  title   = {Pandoc User’s Guide},
  url     = {http://johnmacfarlane.net/pandoc/README.html#citations},
  urldate = {2015-01-31},
  langid  = {english},
}

@comment{jabref-meta: groupstree:
0 AllEntriesGroup:;
1 ExplicitGroup:Export C as {v C}, not v{C} #152\\;0\\;Procopio2014\\;;
}
"""


def test_files_in_the_shapes_of_real_exports_are_read(tmp_path: Path):
    (tmp_path / "shapes.bib").write_text(SHAPES, encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    by_key = {e.key: e for e in entries}
    bertram = by_key["bertram"]
    assert bertram.get("journaltitle") == "J.\u00a0Amer. Math. Soc." and bertram.get("month") == "12" and bertram.get("volume") == "9"
    nietzsche = by_key["nietzsche"]
    assert nietzsche.get("title") == "Die Geburt der Tragödie. Unzeitgemäße Betrachtungen I–IV. Nachgelassene Schriften 1870–1973"
    assert nietzsche.get("publisher") == "Deutscher Taschenbuch-Verlag; Walter de Gruyter"
    assert nietzsche.get("location") == "München; Berlin; New York"
    procopio = by_key["Procopio2014"]
    assert [n.family for n in procopio.people("author")] == ["Procopio", "Araújo", "Brukner", "Robert Bosch GmbH"]
    assert procopio.people("author")[2].given == "Časlav" and procopio.get("journal") == "arXiv:1412.4006 [quant-ph]"
    assert procopio.get("doi") == "10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P"
    assert by_key["MacFarlaneJohna"].get("url") == "http://johnmacfarlane.net/pandoc/README.html#citations"


def test_latex_that_has_no_text_is_a_problem_of_its_field(tmp_path: Path):
    (tmp_path / "bad.bib").write_text(
        "@book{a,\n  title = {Das \\foo{Buch} \\input{/etc/passwd}},\n  date = {2001},\n"
        '  note = "ein { Rest",\n  publisher = cup,\n  location = {' + "{" * 40 + "M" + "}" * 40 + "},\n  langid = {german},\n}\n",
        encoding="utf-8",
    )
    _, problems = read_bibliography(tmp_path)
    found = sorted((p.line, p.message) for p in problems)
    assert found == [
        (2, "entry 'a': title: LaTeX commands \\foo, \\input cannot be turned into text"),
        (4, "entry 'a': note: its braces do not balance"),
        (5, "entry 'a': publisher: @string 'cup' is not defined in this file"),
        (6, "entry 'a': location: braces nested 40 deep"),
    ]
    assert all(p.file == tmp_path / "bad.bib" and p.hint for p in problems)


def test_control_characters_are_located_problems(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")})
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "nul.bib").write_text("@book{a,\n  title = {Ti\x00tle},\n  date = {2001},\n  langid = {english},\n}\n", encoding="utf-8")
    # a Windows-1252 dash read as Latin-1, and a NEL
    (folder / "c1.bib").write_text("@book{b,\n  title = {1920 \x96 1933},\n  note = {\x85},\n  date = {2001},\n  langid = {english},\n}\n", encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "bibliography/nul.bib:2: a control character (U+0000) at column 14" in result.output
    assert "bibliography/c1.bib:2: a control character (U+0096) at column 17 (and 1 more), which no text has" in result.output
    entries, _ = read_bibliography(folder)
    assert [(e.key, e.get("title"), e.get("note")) for e in entries] == [("b", "1920 1933", "")]


def test_files_with_nothing_or_odd_things_in_them(tmp_path: Path):
    (tmp_path / "empty.bib").write_text("", encoding="utf-8")
    (tmp_path / "comments.bib").write_text("% only comments\n@comment{nothing here}\nand some text\n", encoding="utf-8")
    long = "Длинное название " * 6000  # over 100,000 characters
    (tmp_path / "odd.bib").write_text(
        "@book{long,\n  title = {" + long + "\\'e},\n  date = {2001},\n  langid = {russian},\n}\n\n"
        "@book{twice,\n  title = {Раз},\n  date = {2001},\n  title = {Два},\n  langid = {russian},\n}\n",
        encoding="utf-8",
    )
    entries, problems = read_bibliography(tmp_path)
    assert [(p.file.name, p.line, p.message) for p in problems] == [("odd.bib", 10, "entry 'twice': field 'title' is given twice (first at line 8)")]
    by_key = {e.key: e for e in entries}
    assert len(by_key["long"].get("title")) > 100_000 and by_key["long"].get("title").endswith("название é")
    assert by_key["twice"].get("title") == "Раз"
