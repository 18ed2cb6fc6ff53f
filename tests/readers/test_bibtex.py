"""Reading .bib files: entries, crossrefs, and every problem of a cited entry with its file and line."""

import os
import threading
import time
from pathlib import Path

import pytest
from testing_utils import make_project, run

from edition.readers import bibtex_parse
from edition.readers.bibtex import open_bibliography, read_bibliography

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


def cite(root: Path, bib: str, *keys: str, name: str = "works.bib") -> Path:
    """A project whose one article cites ``keys`` in a note on both sides; returns its configuration."""
    items = "; ".join(f"@{key}" for key in keys)
    config = make_project(root, {"one": (f"Текст.[^1]\n\n[^1]: [{items}].\n", f"Text.[^1]\n\n[^1]: [{items}].\n")})
    (root / "bibliography").mkdir(exist_ok=True)
    (root / "bibliography" / name).write_text(bib, encoding="utf-8")
    return config


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


# --- only cited entries matter -------------------------------------------------------

BROKEN = """\
@book{dup,
  title = {Раз},
  langid = {russian},
}

@book{dup,
  title = {Два},
  langid = {russian},
}

@book{nodate,
  title  = {Без года},
  year   = 2004 author = {Y},
  langid = {russian},
}

@article{swallowed,
  author  = {Иванов, И. И.},
  title   = {Статья},
  journaltitle = {Журнал},
  volume  = {3, number = {5}},
  langid  = {russian},
}

@incollection{orphan,
  title    = {Документ},
  crossref = {nowhere},
  langid   = {russian},
}

@book{latex,
  title  = {Das \\foo{Buch}},
  publisher = cup,
  langid = {german},
}

@book{klingon,
  title  = {Qapla'},
  langid = {zzzz},
}

@book{unclosed,
  title = {Нет скобки,
  langid = {russian},

@book{fine,
  title = {Хорошая книга},
  date = {2001},
  langid = {russian},
}
"""

CITED_PROBLEMS = [
    "works.bib:6: entry key 'dup' is already used at line 1 of this file",
    "works.bib:13: entry 'nodate': year: '2004 author = {Y}' is more than one value",
    "works.bib:21: entry 'swallowed': volume '3, number = 5' holds another field",
    "works.bib:27: entry 'orphan': crossref 'nowhere' names no entry",
    "works.bib:32: entry 'latex': title: LaTeX command \\foo cannot be turned into text",
    "works.bib:33: entry 'latex': publisher: @string 'cup' is not defined in the .bib files",
    "works.bib:39: entry 'klingon': langid 'zzzz' names no language",
    "works.bib:42: entry 'unclosed': cannot parse this entry",
]


def test_every_problem_of_a_cited_entry_with_its_line(tmp_path: Path):
    config = cite(tmp_path, BROKEN, "dup", "nodate", "swallowed", "orphan", "latex", "klingon", "unclosed", "fine")
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    for problem in CITED_PROBLEMS:
        assert problem in result.output, problem
    assert result.output.count("works.bib:") == len(CITED_PROBLEMS) and "hint:" in result.output


def test_the_problems_of_an_entry_nobody_cites_stop_nothing(tmp_path: Path):
    config = cite(tmp_path, BROKEN, "fine")
    result = run("check", "--config", config)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 articles") and "works.bib" not in result.output
    assert run("build", "html", "--config", config).exit_code == 0
    # --strict reads every entry, and lists what is wrong with those not cited
    strict = run("check", "--strict", "--config", config)
    assert strict.exit_code == 3, strict.output
    for problem in CITED_PROBLEMS:
        assert problem in strict.output, problem


def test_a_cited_entry_that_does_not_parse_is_told_as_such_not_as_an_unknown_key(tmp_path: Path):
    bib = "@book{fine, title = {Fine}, langid = {english}}\n\n@book{broken\n  title = {Broken},\n  langid = {english},\n}\n"
    result = run("check", "--config", cite(tmp_path, bib, "broken"))
    assert result.exit_code == 3, result.output
    assert "works.bib:3: entry 'broken': cannot parse this entry: Expected comma after entry key, but found =" in result.output
    assert "unknown key" not in result.output


def test_fields_the_edition_does_not_read_are_ignored(tmp_path: Path):
    bib = (
        "@article{smith1957,\n  title = {On the Ruhr Crisis},\n  author = {Smith, John},\n  journaltitle = {Journal of Modern History},\n"
        "  date = {1957},\n  ids = {smith_1957},\n  file = {C:\\Users\\anna\\Zotero\\storage\\AB12\\smith.pdf},\n  groups = {Ruhr},\n"
        "  timestamp = {2019.05.01},\n  owner = {anna},\n  abstract = {As \\cite{other} shows, $\\alpha$ \\unknownmacro{x}.},\n"
        "  keywords = {diplomacy},\n  lccn = {39-13049},\n  copyright = {All rights reserved},\n  origyear = {1950},\n"
        "  credits = {\\foo},\n  related = {other},\n  introduction = {Doe, Jane},\n  langid = {english},\n}\n"
    )
    config = cite(tmp_path, bib, "smith1957")
    result = run("check", "--config", config)
    assert result.exit_code == 0, result.output
    assert "notices" not in result.output


def test_bibtex_types_and_fields_are_read_as_biblatex_reads_them(tmp_path: Path):
    (tmp_path / "a.bib").write_text(
        "@phdthesis{p, title = {T}, school = {MSU}, address = {Moscow}, year = {2001}, langid = {english}}\n"
        "@mastersthesis{m, title = {T}, school = {MSU}, type = {Diploma thesis}, year = {2001}, langid = {english}}\n"
        "@techreport{r, title = {T}, institution = {RAND}, year = {1950}, langid = {english}}\n"
        "@conference{c, title = {T}, booktitle = {B}, year = {1950}, langid = {english}}\n"
        "@www{w, title = {T}, url = {https://example.org}, langid = {english}}\n"
        "@electronic{e, title = {T}, url = {https://example.org}, langid = {english}}\n"
        "@article{a, title = {T}, journal = {J}, journaltitle = {The J}, year = {1950}, langid = {english}}\n",
        encoding="utf-8",
    )
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    by_key = {e.key: e for e in entries}
    assert (by_key["p"].type, by_key["p"].get("type"), by_key["p"].get("institution"), by_key["p"].get("location")) == ("thesis", "phdthesis", "MSU", "Moscow")
    assert (by_key["m"].type, by_key["m"].get("type")) == ("thesis", "Diploma thesis")
    assert (by_key["r"].type, by_key["r"].get("type")) == ("report", "techreport")
    assert [by_key[key].type for key in "cwe"] == ["inproceedings", "online", "online"]
    assert by_key["a"].get("journaltitle") == "The J"  # the field itself wins over its BibTeX name


def test_only_the_cited_entries_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    entries = "".join(f"@book{{b{n}, title = {{\\foo{{{n}}}}}, langid = {{english}}}}\n" for n in range(3000))
    parents = "@collection{coll, title = {C}, date = {1990}, xdata = {shared}, langid = {english}}\n@xdata{shared, location = {Oxford}}\n"
    child = "@incollection{part, title = {P}, crossref = {coll}, langid = {english}}\n"
    (tmp_path / "big.bib").write_text(entries + parents + child, encoding="utf-8")
    read: list[str] = []
    original = bibtex_parse.read_block
    monkeypatch.setattr("edition.readers.bibtex.read_block", lambda block, strings: (read.append(block.key), original(block, strings))[1])
    cited = open_bibliography(tmp_path).cited(["part"])
    assert sorted(read) == ["coll", "part", "shared"]
    assert cited.problems == [] and [e.key for e in cited.entries] == ["part"]
    assert cited.entries[0].get("booktitle") == "C" and cited.entries[0].get("location") == "Oxford"


# --- xdata, sets, ids ------------------------------------------------------------------

XDATA = """\
@xdata{moscow, location = {М.}, xdata = {nauka}}
@xdata{nauka, publisher = {Наука}, langid = {russian}}
@book{a, title = {Книга}, date = {1990}, xdata = {moscow}}
@book{b, title = {Другая}, date = {1991}, xdata = {moscow}, location = {Л.}}
@book{c, title = {Третья}, date = {1991}, xdata = {nowhere}, langid = {russian}}
@xdata{loop1, xdata = {loop2}}
@xdata{loop2, xdata = {loop1}}
@book{d, title = {Четвёртая}, date = {1991}, xdata = {loop1}, langid = {russian}}
"""


def test_xdata_fields_are_inherited_by_the_entries_that_name_them(tmp_path: Path):
    (tmp_path / "x.bib").write_text(XDATA, encoding="utf-8")
    cited = open_bibliography(tmp_path).cited(["a", "b"])
    a, b = cited.entries
    assert (a.get("location"), a.get("publisher"), a.get("langid")) == ("М.", "Наука", "russian")
    assert (b.get("location"), b.get("publisher")) == ("Л.", "Наука")  # its own field wins
    assert cited.problems == [] and cited.notices == []
    config = cite(tmp_path / "p", XDATA, "c", "d", "moscow")
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "works.bib:5: entry 'c': xdata 'nowhere' names no entry" in result.output
    assert "works.bib:6: entry 'loop1': xdata cycle loop1 -> loop2 -> loop1 (loop2 at works.bib:7)" in result.output
    assert "works.bib:1: entry 'moscow': an @xdata entry holds fields for other entries and cannot be cited" in result.output


SETS = """\
@set{docs, entryset = {doc1, doc2}}
@book{doc1, title = {Первый}, date = {1922}, langid = {russian}, ids = {old1, first}}
@book{doc2, title = {Второй}, date = {1923}, langid = {russian}}
@set{broken, entryset = {doc1, missing}}
"""


def test_a_set_is_cited_through_its_members_and_an_entry_by_its_ids(tmp_path: Path):
    from edition.pipeline import load_edition

    config = cite(tmp_path, SETS, "docs", "old1")
    edition = load_edition(config)
    items = [item for _, cite_ in _cites(edition) for item in cite_.items]
    assert [(item.key, item.position) for item in items] == [("doc1", "first"), ("doc2", "first"), ("doc1", "subsequent")] * 2
    assert sorted(entry.key for entry in edition.bibliography) == ["doc1", "doc2"]
    result = run("check", "--config", cite(tmp_path / "p", SETS, "broken"))
    assert result.exit_code == 3 and "works.bib:4: entry 'broken': entryset names 'missing', which is no entry" in result.output


def _cites(edition):  # type: ignore[no-untyped-def]
    from edition.model import Cite
    from edition.passes.inlines import located_inlines

    return [(where, item) for article in edition.articles for where, item in located_inlines(article) if isinstance(item, Cite)]


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
    config = cite(tmp_path, CYCLES, "a", "self")
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
    assert open_bibliography(tmp_path).cited(["c0"]).entries[0].get("location") == "М."


# --- files outside the bibliography folder, and files that are not files -------------

def test_a_bib_file_linked_from_outside_its_folder_is_not_read(tmp_path: Path):
    config = cite(tmp_path / "project", GOOD, "gorlov2001")
    secret = tmp_path / "outside" / "secret.bib"
    secret.parent.mkdir()
    secret.write_text("@book{secret,\n  title = {secret line},\n  date = {secret date},\n}\n", encoding="utf-8")
    folder = tmp_path / "project" / "bibliography"
    (folder / "evil.bib").symlink_to(secret)
    (folder / "works2.bib").symlink_to(folder / "works.bib")  # inside the folder: read (its keys twice)
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "bibliography/evil.bib: the .bib file lies outside" in result.output and "it is not read" in result.output
    assert "hint: copy the file into" in result.output and "secret" not in result.output
    assert "bibliography/works2.bib:1: entry key 'gorlov2001' is already used at works.bib:1" in result.output


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
    # what real files hold: BibTeX's sorting trick, biblatex's punctuation, LaTeX's Cyrillic and accents
    (r"{\noopsort{1923}}Rapallo\/ \null und Genua\isdot", "Rapallo und Genua"),
    (r"S.\addspace 12\addsemicolon\space 14\adddot", "S. 12; 14."),
    (r"{\cyrchar\CYRM}{\cyrchar\cyro}{\cyrchar\cyrs}{\cyrchar\cyrk}{\cyrchar\cyrv}{\cyrchar\cyra}, {\cyr Sibirsk. Mat. Zh.}", "Москва, Sibirsk. Mat. Zh."),
    (r"\foreignlanguage{russian}{Рапалло} \t{ts}ar \textcommabelow{S}tefan", "Рапалло t͡sar Ștefan"),
    (r"\bibstring{nodate}", "n.d."),
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
  institution  = {{Office of Reports and Estimates}},
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
  author  = {{MacFarlane, John} and family=Gaulle, given=Charles, prefix=de, useprefix=true and Weilbach,},
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
    assert nietzsche.get("institution") == "Office of Reports and Estimates"  # braced: one name, not two
    procopio = by_key["Procopio2014"]
    assert [n.family for n in procopio.people("author")] == ["Procopio", "Araújo", "Brukner", "Robert Bosch GmbH"]
    assert procopio.people("author")[2].given == "Časlav" and procopio.get("journaltitle") == "arXiv:1412.4006 [quant-ph]"
    assert procopio.get("doi") == "10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P"
    macfarlane = by_key["MacFarlaneJohna"]
    assert macfarlane.get("url") == "http://johnmacfarlane.net/pandoc/README.html#citations"
    assert [(n.family, n.given, n.particle) for n in macfarlane.people("author")] == [
        ("MacFarlane, John", "", ""),
        ("Gaulle", "Charles", "de"),
        ("Weilbach", "", ""),
    ]


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
        (5, "entry 'a': publisher: @string 'cup' is not defined in the .bib files"),
        (6, "entry 'a': location: braces nested 40 deep"),
    ]
    assert all(p.file == tmp_path / "bad.bib" and p.hint for p in problems)


def test_the_strings_of_one_file_serve_the_others(tmp_path: Path):
    (tmp_path / "abbrev.bib").write_text("@string{IEEE_J_WC = {IEEE Transactions on Wireless Communications}}\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text("@article{a, title = {T}, journal = IEEE_J_WC, year = {2001}, langid = {english}}\n", encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == [] and entries[0].get("journaltitle") == "IEEE Transactions on Wireless Communications"


def test_a_file_in_the_encoding_jabref_names_is_read(tmp_path: Path):
    (tmp_path / "old.bib").write_bytes("% Encoding: windows-1252\n\n@book{a, title = {Stra\u00dfe \u2013 Caf\u00e9}, langid = {german}}\n".encode("cp1252"))
    entries, problems = read_bibliography(tmp_path)
    assert problems == [] and entries[0].get("title") == "Straße – Café"


def test_control_characters_are_problems_of_the_entry_that_has_them(tmp_path: Path):
    bib = (
        "@book{a,\n  title = {Ti\x00tle},\n  date = {2001},\n  langid = {english},\n}\n"
        # a Windows-1252 dash read as Latin-1, and a NEL
        "@book{b,\n  title = {1920 \x96 1933},\n  note = {\x85},\n  date = {2001},\n  langid = {english},\n}\n"
        "@book{c,\n  title = {Fine},\n  date = {2001},\n  langid = {english},\n}\n"
    )
    result = run("check", "--config", cite(tmp_path, bib, "a", "b"))
    assert result.exit_code == 3, result.output
    assert "bibliography/works.bib:2: entry 'a': a control character (U+0000) at column 14, which no text has" in result.output
    assert "bibliography/works.bib:7: entry 'b': a control character (U+0096) at column 17 (and 1 more), which no text has" in result.output
    assert run("check", "--config", cite(tmp_path / "other", bib, "c")).exit_code == 0
    entries, _ = read_bibliography(tmp_path / "bibliography")
    assert [(e.key, e.get("title"), e.get("note")) for e in entries][:2] == [("a", "Title", ""), ("b", "1920 1933", "")]


def test_files_with_nothing_or_odd_things_in_them(tmp_path: Path):
    (tmp_path / "empty.bib").write_text("", encoding="utf-8")
    (tmp_path / "comments.bib").write_text("% only comments\n@comment{nothing here}\nand some text\n", encoding="utf-8")
    long = "Длинное название " * 6000  # over 100,000 characters
    (tmp_path / "odd.bib").write_text(
        "@book{long,\n  title = {" + long + "\\'e},\n  date = {2001},\n  langid = {russian},\n}\n\n"
        "@book{twice,\n  title = {Раз},\n  date = {2001},\n  title = {Два},\n  langid = {russian},\n}\n",
        encoding="utf-8",
    )
    bibliography = open_bibliography(tmp_path)
    entries, problems = bibliography.everything()
    assert problems == []
    by_key = {e.key: e for e in entries}
    assert len(by_key["long"].get("title")) > 100_000 and by_key["long"].get("title").endswith("название é")
    assert by_key["twice"].get("title") == "Раз"
    # as BibTeX warns: the first is read, and it is told
    notices = bibliography.cited(["twice"]).notices
    assert [(p.file.name, p.line, p.message) for p in notices] == [("odd.bib", 10, "entry 'twice': field 'title' is given twice (first at line 8); the first is read")]
