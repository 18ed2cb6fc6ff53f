"""BibLaTeX's entry types as CSL types, and what check says of a cited entry: problems and notices."""

from pathlib import Path

import pytest
from testing_utils import make_project, run

from edition.readers.bibtex import read_bibliography
from edition.render.csl_json import csl_item

TYPES = [
    # (entry type as written, its CSL type); pandoc's mapping, with CSL 1.0.2's types where citeproc-py formats them
    ("article", "article-journal"),
    ("book", "book"),
    ("mvbook", "book"),
    ("inbook", "chapter"),
    ("bookinbook", "chapter"),
    ("suppbook", "chapter"),
    ("booklet", "pamphlet"),
    ("collection", "book"),
    ("mvcollection", "book"),
    ("incollection", "chapter"),
    ("suppcollection", "chapter"),
    ("dataset", "dataset"),
    ("manual", "book"),
    ("misc", "document"),
    ("online", "webpage"),
    ("patent", "patent"),
    ("periodical", "periodical"),
    ("suppperiodical", "article-journal"),
    ("proceedings", "book"),
    ("mvproceedings", "book"),
    ("inproceedings", "paper-conference"),
    ("reference", "book"),
    ("mvreference", "book"),
    ("inreference", "entry-encyclopedia"),
    ("report", "report"),
    ("software", "software"),
    ("thesis", "thesis"),
    ("unpublished", "manuscript"),
    ("customa", "document"),
    # BibTeX's types, as BibLaTeX reads them
    ("techreport", "report"),
    ("phdthesis", "thesis"),
    ("mastersthesis", "thesis"),
    ("conference", "paper-conference"),
    ("www", "webpage"),
    ("electronic", "webpage"),
    # the types BibLaTeX's styles leave to others, which Zotero exports
    ("artwork", "graphic"),
    ("audio", "song"),
    ("image", "graphic"),
    ("jurisdiction", "legal_case"),
    ("legislation", "legislation"),
    ("legal", "treaty"),
    ("letter", "personal_communication"),
    ("movie", "motion_picture"),
    ("music", "song"),
    ("performance", "performance"),
    ("review", "review"),
    ("standard", "standard"),
    ("video", "motion_picture"),
    ("commentary", "book"),
]


@pytest.mark.parametrize(("written", "csl"), TYPES, ids=[written for written, _ in TYPES])
def test_every_biblatex_type_is_read_and_has_a_csl_type(tmp_path: Path, written: str, csl: str):
    (tmp_path / "a.bib").write_text(f"@{written.upper()}{{k,\n  title = {{A Work}},\n  langid = {{english}},\n}}\n", encoding="utf-8")
    entries, problems = read_bibliography(tmp_path)
    assert problems == []
    assert csl_item(entries[0], "ru")["type"] == csl_item(entries[0], "en")["type"] == csl


def test_what_a_bibtex_type_implies_and_what_an_entry_says_of_itself(tmp_path: Path):
    (tmp_path / "a.bib").write_text(
        "@phdthesis{p, title = {T}, school = {Moscow State University}, year = {2015}, langid = {english}}\n"
        "@article{m, title = {T}, journal = {J}, entrysubtype = {magazine}, year = {2015}, langid = {english}}\n"
        "@unpublished{s, title = {T}, eventtitle = {Conference}, venue = {Berlin}, year = {2015}, langid = {english}}\n"
        "@periodical{i, title = {Osteuropa}, issuetitle = {Russland und Deutschland}, number = {7}, year = {1927}, langid = {german}}\n",
        encoding="utf-8",
    )
    entries, _ = read_bibliography(tmp_path)
    thesis, magazine, speech, issue = (csl_item(entry, "en") for entry in entries)
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == ("thesis", "PhD thesis", "Moscow State University")
    assert magazine["type"] == "article-magazine" and speech["type"] == "speech" and speech["event"] == "Conference"
    assert (issue["type"], issue["title"], issue["container-title"], issue["issue"]) == ("article-journal", "Russland und Deutschland", "Osteuropa", "7")


def _check(tmp_path: Path, bib: str, ru_keys: str, en_keys: str = "") -> str:
    config = make_project(
        tmp_path, {"one": (f"Текст.[^1]\n\n[^1]: [{ru_keys}].\n", f"Text.[^1]\n\n[^1]: [{en_keys or ru_keys}].\n"), "two": (f"Ещё.[^1]\n\n[^1]: [{ru_keys}].\n", "More.[^1]\n\n[^1]: [@known].\n")}
    )
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(bib + "@book{known, title = {Known}, date = {2001}, langid = {english}}\n", encoding="utf-8")
    result = run("check", "--config", config)
    return f"{result.exit_code}\n{result.output}"


LANGUAGES = """\
@book{petrov1990,
  author = {Петров, П. П.},
  title  = {Рурский кризис},
  date   = {1990},
}
@book{smith1957,
  author = {Smith, John},
  title  = {The Ruhr Crisis},
  date   = {1957},
  language = {Englisch},
}
@book{numbers,
  title  = {1923},
  date   = {1923},
}
"""


def test_a_cited_work_without_langid_takes_its_titles_language_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    # cited twice in one article and once in another: told once
    output = _check(tmp_path, LANGUAGES, "@petrov1990; @smith1957; @petrov1990; @numbers")
    assert output.startswith("0\nok: 2 articles"), output
    assert "notices:\n  bibliography/works.bib:1: entry 'petrov1990' has no langid; its language is taken from its title: Russian\n" in output
    assert "works.bib:6: entry 'smith1957' has no langid; its language is taken from its language field: English" in output
    assert "works.bib:12: entry 'numbers' has no langid, and its title does not tell its language: it is taken as English" in output
    assert output.count("has no langid") == 3 and output.count("hint: add langid") == 3


def test_a_langid_that_names_no_language_is_a_problem_of_a_cited_entry(tmp_path: Path):
    bib = "@book{odd,\n  title = {Odd},\n  date = {2001},\n  langid = {qqqq},\n}\n"
    output = _check(tmp_path, bib, "@odd")
    assert output.startswith("3\n1 problem found:"), output
    assert "bibliography/works.bib:4: entry 'odd': langid 'qqqq' names no language" in output
    assert "hint: write a babel or polyglossia name (russian, english, ngerman), a BCP 47 tag (de-DE) or the language's name" in output


def test_what_a_cited_entry_lacks_is_told_and_the_build_goes_on(tmp_path: Path):
    bib = (
        "@artcle{typo,\n  title = {Typo},\n  date = {2001},\n  langid = {english},\n}\n"
        "@article{bare,\n  author = {Doe, Jane},\n  date = {spring 1923},\n  pages = {33 passim},\n  langid = {english},\n}\n"
    )
    output = _check(tmp_path, bib, "@typo; @bare")
    assert output.startswith("0\nok:"), output
    for notice in (
        "works.bib:1: entry 'typo': @artcle is not a BibLaTeX entry type; it is printed as @misc\n    hint: did you mean @article?",
        "works.bib:6: entry 'bare': @article has no title",
        "works.bib:6: entry 'bare': @article has no journaltitle; the reference will lack it",
        "works.bib:8: entry 'bare': date 'spring 1923' is not a date; it is printed as written",
        "works.bib:9: entry 'bare': pages '33 passim' is not a page range; it is printed as written",
    ):
        assert notice in output, notice
