"""Where a citation goes by the side's CSL style: notes, author and date in the text, or numbers.

The styles are tests/fixtures/csl/, in the shapes of the official ones
(APA and Chicago author-date; IEEE and GOST numeric; a dependent style).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from testing_utils import FIXTURES, make_project, pdf_pages, run

from edition.readers.csl import read_style

BIB = """\
@book{gorlov2001,
  author = {Горлов, С. А.}, title = {Совершенно секретно}, location = {М.}, date = {2001}, langid = {russian},
}
@book{zeidler1993,
  author = {Zeidler, Manfred}, title = {Reichswehr und Rote Armee}, location = {München}, date = {1993}, langid = {german},
}
"""

RU = """\
Конференция открылась в апреле 1922 года.[^1] Делегации прибыли [@zeidler1993, с. 5; см. @gorlov2001].

[^1]: [Цит. по: @gorlov2001, с. 76].
"""
EN = """\
The conference opened in April 1922.[^1] Delegations arrived [@zeidler1993, p. 5; see @gorlov2001].

[^1]: [Quoted in: @gorlov2001, p. 76].
"""
SECOND_RU = "Второй текст [@zeidler1993].\n"
SECOND_EN = "A second text [@zeidler1993].\n"


def project(tmp_path: Path, ru_style: str = "", en_style: str = "") -> Path:
    styles = "\n[citations]\n" + (f'ru = "styles/{ru_style}"\n' if ru_style else "") + (f'en = "styles/{en_style}"\n' if en_style else "")
    config = make_project(tmp_path, {"one": (RU, EN), "two": (SECOND_RU, SECOND_EN)}, extra=styles if ru_style or en_style else "")
    shutil.copytree(FIXTURES / "csl", tmp_path / "styles")
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "works.bib").write_text(BIB, encoding="utf-8")
    return config


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def page_text(path: Path) -> str:
    return _text(path.read_text(encoding="utf-8"))


def notes(path: Path, lang: str) -> list[str]:
    """The notes of one side, each as printed: its number, then its text."""
    page = path.read_text(encoding="utf-8")
    return [_text(m) for m in re.findall(rf'<aside class="note {lang}"[^>]*>(.*?)</aside>', page, re.DOTALL)]


def works(path: Path, lang: str) -> list[str]:
    """The works cited of one side of an article."""
    section = path.read_text(encoding="utf-8").split('class="pair works-cited"', 1)[1].split("</section>", 1)[0]
    side = section.split(f'<div class="{lang}" lang="{lang}">', 1)[1].split("</div>", 1)[0]
    return [_text(m) for m in re.findall(r"<li[^>]*>(.*?)</li>", side, re.DOTALL)]


def test_the_kind_of_a_style_is_read_from_its_class_and_its_citation():
    csl = FIXTURES / "csl"
    assert read_style(csl / "author-date.csl", csl)[0].kind == "author-date"
    assert read_style(csl / "numeric.csl", csl)[0].kind == "numeric"
    templates = Path(__file__).resolve().parents[2] / "templates" / "csl"
    assert read_style(templates / "gost-r-7.0.5-2008-notes.csl", csl)[0].kind == "note"


def test_an_author_date_side_cites_in_its_text_and_a_note_side_in_notes(tmp_path: Path):
    config = project(tmp_path, en_style="author-date.csl")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "html" / "one.html"
    text = page_text(page)
    assert "Delegations arrived (see Gorlov 2001; Zeidler 1993, p. 5)." in text
    # the note keeps the citation, in the style's form
    assert notes(page, "en") == ["1 (Quoted in: Gorlov 2001, p. 76)."]
    # the Russian side (GOST notes) makes a note of the citation in its text, called before the full stop
    assert "Делегации прибыли2." in text
    assert notes(page, "ru")[1] == "2 Zeidler M. Reichswehr und Rote Armee. München, 1993. S. 5; см. Горлов С. А. Указ. соч."
    # the works cited, by author
    assert works(page, "en") == [
        "Gorlov, S. A. 2001. Sovershenno sekretno. Moscow.",
        "Zeidler, M. 1993. Reichswehr und Rote Armee. München.",
    ]


def test_a_numeric_side_numbers_the_works_of_each_article_in_the_order_of_first_citation(tmp_path: Path):
    config = project(tmp_path, ru_style="numeric.csl", en_style="numeric.csl")
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "html" / "one.html"
    text = page_text(page)
    # Gorlov is cited first (in note 1), Zeidler second; the citation is sorted by number
    assert "Delegations arrived [see 1; 2, p. 5]." in text and "Делегации прибыли [см. 1; 2, с. 5]." in text
    assert notes(page, "en") == ["1 [Quoted in: 1, p. 76]."]
    assert works(page, "en") == [
        "1. Gorlov S. A. Sovershenno sekretno. Moscow. 2001.",
        "2. Zeidler M. Reichswehr und Rote Armee. München. 1993.",
    ]
    # the second article numbers its own works from 1
    assert "A second text [1]." in page_text(tmp_path / "build" / "html" / "two.html")
    # the PDF keeps every note and word, and no in-text number is taken for a note
    pages = "\n".join(pdf_pages(tmp_path / "build" / "test.pdf"))
    assert "[see 1; 2, p. 5]" in pages


def test_a_note_side_makes_notes_of_the_citations_in_its_text(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "html" / "one.html"
    text = page_text(page)
    # English: the call after the full stop (Chicago); Russian: before it
    assert "Delegations arrived.2" in text and "Делегации прибыли2." in text
    assert notes(page, "en")[1] == "2 M. Zeidler, Reichswehr und Rote Armee (München, 1993), 5; see Gorlov, Sovershenno sekretno."
    assert notes(page, "ru")[1] == "2 Zeidler M. Reichswehr und Rote Armee. München, 1993. S. 5; см. Горлов С. А. Указ. соч."


def test_citations_in_the_text_of_a_pair_must_pair_under_note_styles(tmp_path: Path):
    config = project(tmp_path)
    en = tmp_path / "sources" / "one" / "en.md"
    en.write_text(EN.replace("[@zeidler1993, p. 5; see @gorlov2001]", "[@zeidler1993, p. 5] and [@gorlov2001]"), encoding="utf-8")
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "sources/one/en.md:1: the Russian block has 1 citations in its text and the English 2" in result.output


def test_a_dependent_style_is_formatted_by_its_parent(tmp_path: Path):
    config = project(tmp_path, en_style="dependent.csl")
    (tmp_path / "styles" / "author-date.csl").unlink()
    result = run("check", "--config", config)
    assert result.exit_code == 2, result.output
    assert "its parent http://www.zotero.org/styles/author-date is needed; put author-date.csl beside it or in the project's styles/ folder" in result.output
    shutil.copy(FIXTURES / "csl" / "author-date.csl", tmp_path / "styles" / "author-date.csl")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    assert "Delegations arrived (see Gorlov 2001; Zeidler 1993, p. 5)." in page_text(tmp_path / "build" / "html" / "one.html")


NARRATIVE_RU = "Как отмечает @zeidler1993 [с. 7], договор был подписан [см. -@gorlov2001, с. 5].\n"
NARRATIVE_EN = "As @zeidler1993 [p. 7] notes, the treaty was signed [see -@gorlov2001, p. 5].\n"


def test_a_narrative_citation_names_the_author_in_the_text(tmp_path: Path):
    config = project(tmp_path, ru_style="numeric.csl", en_style="author-date.csl")
    (tmp_path / "sources" / "one" / "ru.md").write_text(NARRATIVE_RU, encoding="utf-8")
    (tmp_path / "sources" / "one" / "en.md").write_text(NARRATIVE_EN, encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    text = page_text(tmp_path / "build" / "html" / "one.html")
    # author-date: the name, then the citation without it; -@ leaves the author out
    assert "As Zeidler (1993, p. 7) notes, the treaty was signed (see 2001, p. 5)." in text
    assert "Как отмечает Zeidler [1, с. 7], договор был подписан [см. 2, с. 5]." in text


def test_a_narrative_citation_under_a_note_style_keeps_the_name_and_makes_a_note(tmp_path: Path):
    config = project(tmp_path)
    (tmp_path / "sources" / "one" / "ru.md").write_text(NARRATIVE_RU, encoding="utf-8")
    (tmp_path / "sources" / "one" / "en.md").write_text(NARRATIVE_EN, encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "html" / "one.html"
    text = page_text(page)
    assert "As Zeidler1 notes, the treaty was signed.2" in text and "Как отмечает Zeidler1, договор был подписан2." in text
    assert notes(page, "en") == [
        "1 M. Zeidler, Reichswehr und Rote Armee (München, 1993), 7.",
        "2 See Sovershenno sekretno (Moscow, 2001), 5.",
    ]
    # [-@key] leaves the author out of the note as of an in-text citation
    assert notes(page, "ru")[1] == "2 См. Совершенно секретно. М., 2001. С. 5."


def test_markdown_in_a_prefix_and_a_suffix_is_markup(tmp_path: Path):
    config = project(tmp_path, en_style="author-date.csl")
    (tmp_path / "sources" / "one" / "ru.md").write_text("Текст [*см.* @zeidler1993 с. **5**, *passim*].\n", encoding="utf-8")
    (tmp_path / "sources" / "one" / "en.md").write_text("Text [*see* @zeidler1993 p. **5**, *passim*].\n", encoding="utf-8")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert "(<em>see</em> Zeidler 1993, p. 5, <em>passim</em>)" in page
    assert '<em>См.</em> <span lang="de">Zeidler M. Reichswehr und Rote Armee. München, 1993. S. 5</span>, <em>passim</em>.' in page
    assert "*" not in page_text(tmp_path / "build" / "html" / "one.html")


def test_each_side_numbers_its_own_notes_when_one_cites_in_notes_and_the_other_in_the_text(tmp_path: Path):
    config = project(tmp_path, en_style="author-date.csl")
    (tmp_path / "sources" / "one" / "ru.md").write_text(
        "Конференция открылась.[^1] Делегации прибыли [@zeidler1993, с. 5]. Договор подписан.[^2]\n\n"
        "[^1]: [Цит. по: @gorlov2001, с. 76].\n\n[^2]: Примечание.\n",
        encoding="utf-8",
    )
    (tmp_path / "sources" / "one" / "en.md").write_text(
        "The conference opened.[^1] Delegations arrived [@zeidler1993, p. 5]. The treaty was signed.[^2]\n\n"
        "[^1]: [Quoted in: @gorlov2001, p. 76].\n\n[^2]: A note.\n",
        encoding="utf-8",
    )
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = tmp_path / "build" / "html" / "one.html"
    # the Russian side's citation in the text is its note 2; the English side, citing in its text, goes on 1, 2
    assert [n.split(" ", 1)[0] for n in notes(page, "ru")] == ["1", "2", "3"]
    assert notes(page, "en") == ["1 (Quoted in: Gorlov 2001, p. 76).", "2 A note."]
    assert "The treaty was signed.2" in page_text(page)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # the nothing-lost check finds each note under its number
    assert "2. A note." in " ".join(pdf_pages(tmp_path / "build" / "test.pdf"))
