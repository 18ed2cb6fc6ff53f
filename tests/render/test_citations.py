"""Citations through CSL: GOST notes on the Russian side, Chicago on the English side."""

import re
from pathlib import Path

import pytest
from testing_utils import FIXTURES, TEMPLATES, make_project, run

from edition.model import Cite, CiteItem
from edition.readers.bibtex import read_bibliography
from edition.render.citations import Formatter, Styles, capitalize_first

BIB = """\
@book{gorlov2001,
  author   = {Горлов, С. А.},
  title    = {Совершенно секретно},
  subtitle = {Альянс Москва — Берлин, 1920 – 1933 гг.},
  translatedtitle = {Top Secret: The Moscow–Berlin Alliance, 1920–1933},
  location = {М.},
  date     = {2001},
  langid   = {russian},
}

@book{seidt2002,
  author   = {Seidt, H.-U.},
  title    = {Berlin – Kabul – Moskau},
  location = {München},
  date     = {2002},
  langid   = {german},
}

@book{herriot1958,
  author      = {Эррио, Э.},
  latinauthor = {Herriot, É.},
  title       = {Из прошлого},
  origlanguage = {french},
  location    = {М.},
  date        = {1958},
  langid      = {russian},
}
"""

STYLES = Styles(TEMPLATES / "csl" / "gost-r-7.0.5-2008-notes.csl", TEMPLATES / "csl" / "chicago-notes-bibliography-17th.csl")


@pytest.fixture(scope="module")
def formatter(tmp_path_factory) -> Formatter:
    folder = tmp_path_factory.mktemp("bib")
    (folder / "works.bib").write_text(BIB, encoding="utf-8")
    entries, problems = read_bibliography(folder)
    assert problems == []
    return Formatter(entries, STYLES)


def cite(*items: CiteItem) -> Cite:
    return Cite(items, "")


def item(key: str, position: str, locator: str = "", prefix: str = "", suffix: str = "") -> CiteItem:
    return CiteItem(key, prefix=prefix, locator_label="page" if locator else "", locator=locator, suffix=suffix, position=position)


def text(formatter: Formatter, lang: str, *items: CiteItem) -> str:
    """The citation's HTML without its language spans."""
    return re.sub(r'<span lang="\w+">|</span>', "", str(capitalize_first(formatter.cite(cite(*items), lang))))


def formatter_of(folder: Path, bib: str) -> Formatter:
    """A formatter of the bundled styles for the entries of ``bib``, written in ``folder``."""
    (folder / "works.bib").write_text(bib, encoding="utf-8")
    entries, _ = read_bibliography(folder)
    return Formatter(entries, STYLES)


def test_every_position_in_both_languages(formatter):
    assert text(formatter, "ru", item("gorlov2001", "first", "76")) == (
        "Горлов С. А. Совершенно секретно: Альянс Москва — Берлин, 1920 – 1933 гг. М., 2001. С. 76."
    )
    assert text(formatter, "ru", item("gorlov2001", "ibid-with-locator", "77")) == "Там же. С. 77."
    assert text(formatter, "ru", item("gorlov2001", "ibid", "77")) == "Там же."
    assert text(formatter, "ru", item("gorlov2001", "subsequent", "80")) == "Горлов С. А. Указ. соч. С. 80."
    assert text(formatter, "en", item("gorlov2001", "first", "76")) == (
        "S. A. Gorlov, <i>Sovershenno sekretno: Al'yans Moskva — Berlin, 1920 – 1933 gg.</i> "
        "[Top Secret: The Moscow–Berlin Alliance, 1920–1933] (Moscow, 2001), 76."
    )
    assert text(formatter, "en", item("gorlov2001", "ibid-with-locator", "77")) == "Ibid., 77."
    assert text(formatter, "en", item("gorlov2001", "ibid", "77")) == "Ibid."
    assert text(formatter, "en", item("gorlov2001", "subsequent", "80")) == "Gorlov, <i>Sovershenno sekretno</i>, 80."


def test_gost_terms_follow_the_language_of_the_work(formatter):
    assert text(formatter, "ru", item("seidt2002", "first", "148–150")) == "Seidt H.-U. Berlin – Kabul – Moskau. München, 2002. S. 148–150."
    assert text(formatter, "ru", item("seidt2002", "ibid-with-locator", "151")) == "Ibid. S. 151."
    assert text(formatter, "ru", item("seidt2002", "subsequent", "5")) == "Seidt H.-U. Op. cit. S. 5."


def test_a_gost_reference_to_a_german_work_is_marked_german(formatter):
    html = str(formatter.cite(cite(item("gorlov2001", "first"), item("seidt2002", "first", "5")), "ru"))
    assert html.count('<span lang="de">') == 1 and html.index('<span lang="de">Seidt') > html.index("Горлов")
    assert '<span lang="' not in str(formatter.cite(cite(item("seidt2002", "first", "5")), "en"))


def test_prefix_suffix_and_several_works(formatter):
    assert text(formatter, "ru", item("herriot1958", "first", "147", prefix="Цит. по:")) == (
        "Цит. по: Эррио Э. Из прошлого / Пер. с фр. М., 1958. С. 147."
    )
    both = text(formatter, "ru", item("gorlov2001", "subsequent", "5", prefix="См.:"), item("seidt2002", "subsequent", "7", suffix="и далее"))
    assert both == "См.: Горлов С. А. Указ. соч. С. 5; Seidt H.-U. Op. cit. S. 7 и далее."
    english = text(formatter, "en", item("gorlov2001", "subsequent", "5", prefix="See"), item("seidt2002", "subsequent", "7"))
    assert english == "See Gorlov, <i>Sovershenno sekretno</i>, 5; Seidt, <i>Berlin – Kabul – Moskau</i>, 7."


def test_a_western_name_is_not_transliterated_back(formatter):
    assert text(formatter, "en", item("herriot1958", "first")) == "É. Herriot, <i>Iz proshlogo</i> (Moscow, 1958)."


def test_a_roman_locator(formatter):
    assert text(formatter, "ru", item("gorlov2001", "first", "XIII")).endswith("М., 2001. С. XIII.")
    assert text(formatter, "en", item("gorlov2001", "first", "XIII")).endswith("(Moscow, 2001), XIII.")


def test_bibliographies_sorted_by_each_languages_rules(formatter):
    ru = [str(e.text) for e in formatter.bibliography(["seidt2002", "gorlov2001", "herriot1958"], "ru")]
    assert [e.split()[0] for e in ru] == ["Горлов", "Эррио", "Seidt"]  # Cyrillic first (GOST)
    assert [w.lang for w in formatter.bibliography(["seidt2002", "gorlov2001"], "ru")] == ["ru", "de"]
    en = [str(e.text) for e in formatter.bibliography(["seidt2002", "gorlov2001", "herriot1958"], "en")]
    assert [e.split()[0] for e in en] == ["Gorlov,", "Herriot,", "Seidt,"]


def test_a_csl_style_that_does_not_load(tmp_path: Path):
    broken = tmp_path / "broken.csl"
    broken.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n<citation>\n</style>\n', encoding="utf-8")
    config = make_project(tmp_path, {"one": ("Текст.[^1]\n\n[^1]: [@gorlov2001].\n", "Text.[^1]\n\n[^1]: [@gorlov2001].\n")}, extra=f'\n[citations]\nru = "{broken}"\n')
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(BIB, encoding="utf-8")
    for command in ("check", "build"):
        result = run(command, "--config", config)
        assert result.exit_code == 2
        assert "edition.toml:10: citations.ru:" in result.output
        assert "broken.csl is not a CSL style: not well-formed XML at line 4, column 3" in result.output


def test_a_missing_csl_style_is_a_configuration_problem(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")}, extra='\n[citations]\nen = "nowhere.csl"\n')
    result = run("check", "--config", config)
    assert result.exit_code != 0
    assert "citations.en: CSL style" in result.output and "nowhere.csl not found" in result.output


def test_repeating_a_formatter_does_not_carry_positions(formatter):
    first = text(formatter, "ru", item("gorlov2001", "first", "76"))
    assert text(formatter, "ru", item("gorlov2001", "first", "76")) == first


def test_a_work_the_style_leaves_out_of_its_bibliography_is_cited_but_not_listed(tmp_path: Path):
    bib = tmp_path / "bibliography"
    bib.mkdir()
    (bib / "works.bib").write_text(
        "@unpublished{ivanov1923,\n  author = {Иванов, И. И.},\n  title = {Записка о Рурском кризисе},\n"
        "  note = {Рукопись},\n  date = {1923},\n  langid = {russian},\n}\n"
        "@misc{smith1923,\n  author = {Smith, John},\n  title = {A Letter to the Editor},\n  date = {1923},\n  langid = {english},\n}\n",
        encoding="utf-8",
    )
    entries, problems = read_bibliography(bib)
    assert problems == []
    works = Formatter(entries, STYLES)
    assert text(works, "en", item("ivanov1923", "first")) == "I. I. Ivanov, “Zapiska o Rurskom krizise,” unpublished manuscript, 1923."
    assert text(works, "en", item("smith1923", "first")) == "J. Smith, “A Letter to the Editor,” 1923."
    # Chicago (CMOS 14.114) leaves manuscripts and private documents out of the bibliography; GOST lists them
    assert works.bibliography(["ivanov1923", "smith1923"], "en") == []
    assert [str(w.text) for w in works.bibliography(["ivanov1923", "smith1923"], "ru")] == [
        "Иванов И. И. Записка о Рурском кризисе: Рукопись. 1923.",
        "Smith J. A Letter to the Editor. 1923.",
    ]


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("<citation/>", "its <citation> has no <layout>"),
        ('<citation><layout><text macro="author"/><text macro="title"/></layout></citation>', "it calls macros it does not define (author, title)"),
    ],
)
def test_a_csl_style_that_cannot_format_is_a_configuration_problem(tmp_path: Path, style: str, message: str, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.csl").write_text(f'<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">{style}</style>\n', encoding="utf-8")
    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")}, extra='\n[citations]\nen = "bad.csl"\n')
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert f"edition.toml:10: citations.en: bad.csl is not a usable CSL style: {message}" in result.output


def test_a_csl_style_that_fails_while_formatting_names_the_style_and_the_work(tmp_path: Path):
    # well-formed and complete, but a date part citeproc-py cannot format
    (tmp_path / "odd.csl").write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note">'
        '<citation><layout><date variable="issued"><date-part name="weekday"/></date></layout></citation></style>\n',
        encoding="utf-8",
    )
    config = make_project(tmp_path, {"one": ("Текст.[^1]\n\n[^1]: [@gorlov2001].\n", "Text.[^1]\n\n[^1]: [@gorlov2001].\n")}, extra='\n[citations]\nru = "odd.csl"\n')
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(BIB, encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 4, result.output
    assert "odd.csl: the CSL style fails on @gorlov2001 (ru):" in result.output


LANGUAGES_BIB = """\
@article{smith1957,
  author = {Smith, John}, title = {On the Ruhr Crisis}, journaltitle = {Journal of Modern History},
  volume = {29}, number = {2}, pages = {5--20}, date = {1957}, langid = {Anglais},
}
@book{silva2001,
  author = {Silva, João}, title = {Dos peixes à língua dos homens}, location = {São Paulo}, date = {2001},
  langid = {brazilian},
}
@book{petrov1990,
  author = {Петров, П. П.}, title = {Рурский кризис}, location = {М.}, date = {1990},
}
@book{mueller1930,
  author = {Müller, Hans}, title = {Die Ruhrbesetzung}, location = {Berlin}, date = {1930}, langid = {ngerman},
  origlanguage = {Englisch},
}
"""


def test_the_language_of_a_work_is_read_as_babel_names_tags_and_names_in_any_language(tmp_path: Path):
    works = formatter_of(tmp_path, LANGUAGES_BIB)
    # a French-locale Zotero's "Anglais": an English article, with English terms in GOST
    assert text(works, "ru", item("smith1957", "first", "7")) == "Smith J. On the Ruhr Crisis // Journal of Modern History. 1957. Vol. 29. № 2. P. 7."
    # babel's "brazilian" is Portuguese: Chicago title-cases English titles only
    assert text(works, "en", item("silva2001", "first", "7")) == "J. Silva, <i>Dos peixes à língua dos homens</i> (São Paulo, 2001), 7."
    # no langid: the title's script; a transliterated Russian title is not title-cased either
    assert text(works, "ru", item("petrov1990", "first", "7")) == "Петров П. П. Рурский кризис. М., 1990. С. 7."
    assert text(works, "en", item("petrov1990", "first", "7")) == "P. P. Petrov, <i>Rurskii krizis</i> (Moscow, 1990), 7."
    assert text(works, "ru", item("mueller1930", "first", "7")) == "Müller H. Die Ruhrbesetzung / Пер. с англ. Berlin, 1930. S. 7."


def test_a_suffix_that_starts_with_punctuation_is_set_close(formatter):
    assert text(formatter, "en", item("seidt2002", "first", "148", suffix=", and passim")).endswith("148, and passim.")
    assert text(formatter, "en", item("seidt2002", "subsequent", "5", suffix="(emphasis added)")).endswith("5 (emphasis added).")


def test_a_shortened_note_prints_no_label_without_its_variable(tmp_path: Path):
    works = formatter_of(
        tmp_path,
        "@article{zub2005,\n  author = {Зубачевский, В. А.}, title = {Политика России}, journaltitle = {Вестник},\n"
        "  volume = {3}, number = {2}, pages = {30--40}, date = {2005}, langid = {russian},\n}\n"
        "@book{smith1990, author = {Smith, John}, title = {A History}, edition = {2}, location = {London}, date = {1990}, langid = {english}}\n",
    )
    # Chicago's shortened note: no "edition" term for an article without one (CSL: a label needs its variable)
    assert text(works, "en", item("zub2005", "subsequent", "33")) == "Zubachevsky, “Politika Rossii,” 33."
    assert text(works, "en", item("smith1990", "first", "33")) == "J. Smith, <i>A History</i>, 2nd ed. (London, 1990), 33."
    assert text(works, "en", item("smith1990", "subsequent", "33")) == "Smith, <i>A History</i>, 33."


def test_a_count_is_labelled_and_an_unsigned_documents_volume_kept(tmp_path: Path):
    works = formatter_of(
        tmp_path,
        "@mvcollection{dvp, title = {Документы внешней политики СССР}, volumes = {24}, location = {М.}, date = {1956/2000}, langid = {russian}}\n"
        "@incollection{appeal, title = {Обращение ВЦИК}, crossref = {dvp}, volume = {6}, pages = {150--152}, langid = {russian}}\n"
        "@book{smith1990, author = {Smith, John}, title = {A History}, volumes = {3}, location = {London}, date = {1990}, langid = {english}}\n",
    )
    english = [str(w.text) for w in works.bibliography(["appeal", "smith1990"], "en")]
    # the document's volume, which the title printed in the author's place no longer takes with it
    assert english[0].endswith("In <i>Dokumenty vneshnei politiki SSSR</i>, 6:150–52. Moscow, 1956–2000.")
    assert english[1] == "Smith, J. <i>A History</i>. 3 vols. London, 1990."
    # number-of-volumes labelled by the term volume (CSL 1.0.2), as the official styles write it
    labelled = Formatter(tuple(works.entries.values()), Styles(STYLES.ru, FIXTURES / "csl" / "author-date.csl", "note", "author-date"))
    assert [str(w.text) for w in labelled.bibliography(["smith1990"], "en")] == ["Smith, J. 1990. <i>A History</i>. 3 vols. London."]


def test_no_period_after_a_title_that_ends_with_an_exclamation_mark(tmp_path: Path):
    works = formatter_of(tmp_path, "@book{hands, author = {Radek, Karl}, title = {Hands off the Ruhr!}, location = {London}, date = {1923}, langid = {english}}\n")
    assert text(works, "ru", item("hands", "first", "5")) == "Radek K. Hands off the Ruhr! London, 1923. P. 5."
    assert [str(w.text) for w in works.bibliography(["hands"], "ru")] == ["Radek K. Hands off the Ruhr! London, 1923."]


ENCYCLOPEDIA_BIB = (
    "@inreference{rapallo, title = {Rapallo, Treaty of}, booktitle = {Encyclopaedia Britannica}, edition = {15},\n"
    "  location = {Chicago}, date = {1998}, volume = {9}, pages = {943}, langid = {english}}\n"
    "@inreference{signed, author = {Smith, John}, title = {Rapallo, Treaty of}, booktitle = {Encyclopaedia Britannica},\n"
    "  edition = {15}, location = {Chicago}, date = {1998}, volume = {9}, pages = {943}, langid = {english}}\n"
)


def test_what_stands_for_a_missing_author_is_printed_once(tmp_path: Path):
    works = formatter_of(tmp_path, ENCYCLOPEDIA_BIB)
    # an unsigned entry: the reference work in the author's place, its edition and place once, then s.v.
    assert text(works, "en", item("rapallo", "first", "943")) == (
        "<i>Encyclopaedia Britannica</i>, 15th ed. (Chicago, 1998), s.v. “Rapallo, Treaty of,” 9:943."
    )
    assert text(works, "en", item("rapallo", "subsequent", "943")) == "<i>Encyclopaedia Britannica</i>, s.v. “Rapallo, Treaty of,” 943."
    assert text(works, "en", item("signed", "first", "943")) == (
        "J. Smith, “Rapallo, Treaty of,” in <i>Encyclopaedia Britannica</i>, 15th ed. (Chicago, 1998), 9:943."
    )


def test_a_period_the_style_sets_inside_quotes_is_the_notes_only_period(tmp_path: Path):
    works = formatter_of(tmp_path, ENCYCLOPEDIA_BIB + "@book{hands, author = {Radek, Karl}, title = {Hands off the Ruhr}, location = {London}, date = {1923}, langid = {english}}\n")
    both = Cite((CiteItem("signed", position="subsequent"), CiteItem("hands", position="subsequent")), "")
    # Chicago's short note of an entry ends “… of.”: inside a list its period goes, and the semicolon stands outside
    assert str(works.cite(both, "en")) == "Smith, s.v. “Rapallo, Treaty of”; Radek, <i>Hands Off the Ruhr</i>."
    last = Cite((CiteItem("hands", position="subsequent"), CiteItem("signed", position="subsequent")), "")
    assert str(works.cite(last, "en")) == "Radek, <i>Hands Off the Ruhr</i>; Smith, s.v. “Rapallo, Treaty of.”"


def test_the_period_after_a_citation_is_not_set_twice_after_closing_quotes(tmp_path: Path):
    bib = "@article{zub2005, author = {Zubachevsky, V. A.}, title = {Politika Rossii}, journaltitle = {Vestnik}, date = {2005}, langid = {english}}\n"
    note = "Text.[^1][^2]\n\n[^1]: [@zub2005, p. 5].\n\n[^2]: [@zub2005].\n"
    config = make_project(tmp_path, {"one": (note.replace("Text", "Текст"), note)})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(bib, encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    # the shortened note ends with the title, Chicago's period inside its quotes; the source's period is that one
    assert "Zubachevsky, “Politika Rossii.”</span></p>" in page
