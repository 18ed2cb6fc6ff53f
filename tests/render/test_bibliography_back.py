"""The works cited after each article and the reader's bibliography after the articles.

The reader's bibliography is printed (and has its page in the HTML edition and the
EPUB) only where it lists more than one article's works cited; each work's Russian
and English entries stand on one row; an entry's lines run on as its text does.
"""

import itertools
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pytest
from markupsafe import Markup
from testing_utils import ROOT, epubcheck, make_project, pdf_pages, pdf_reader, run

from edition.pipeline import load_edition
from edition.render.citations import Work, has_reader_bibliography

CITING = (
    "Первая статья ссылается на три работы.[^1]\n\n[^1]: [@gorlov2001, с. 76; @obrashchenie1923; @herriot1958].\n",
    "The first article cites three works.[^1]\n\n[^1]: [@gorlov2001, p. 76; @obrashchenie1923; @herriot1958].\n",
)
CITING_TOO = (
    "Вторая статья ссылается на две работы.[^1]\n\n[^1]: [@gorlov2001, с. 80; @zeidler1993].\n",
    "The second article cites two works.[^1]\n\n[^1]: [@gorlov2001, p. 80; @zeidler1993].\n",
)
NOT_CITING = ("Вторая статья ни на что не ссылается.\n", "The second article cites nothing.\n")

WORKS = {"gorlov2001": ("Горлов", "Gorlov"), "obrashchenie1923": ("Обращение", "Obrashchenie"), "herriot1958": ("Эррио", "Herriot"), "zeidler1993": ("Zeidler", "Zeidler")}
"""Each work's first word in its Russian entry and in its English one."""
OPF = "{http://www.idpf.org/2007/opf}"


def project(root: Path, beta: tuple[str, str]) -> Path:
    """Two articles citing the bundled reader's works; the first cites :data:`CITING`."""
    config = make_project(root, {"alpha": CITING, "beta": beta})
    (root / "bibliography").mkdir()
    shutil.copy(ROOT / "bibliography" / "ruhr-negotiations-1923.bib", root / "bibliography")
    return config


def build(root: Path, beta: tuple[str, str]) -> Path:
    result = run("build", "all", "--config", project(root, beta))
    assert result.exit_code == 0, result.output
    return root / "build"


@pytest.fixture(scope="module")
def one_cites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles, of which only the first cites (as in the bundled reader)."""
    return build(tmp_path_factory.mktemp("one-cites"), NOT_CITING)


@pytest.fixture(scope="module")
def both_cite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles citing works, one of them both."""
    return build(tmp_path_factory.mktemp("both-cite"), CITING_TOO)


# --- reading the PDF -------------------------------------------------------------


def page_with(pdf: Path, text: str) -> int:
    return next(i for i, page in enumerate(pdf_pages(pdf)) if text in page)


def starts(pdf: Path, index: int, word: str) -> list[tuple[float, float]]:
    """(left, top) of each place ``word`` is printed on a page, in points."""
    page = pdfium.PdfDocument(pdf)[index]
    text = page.get_textpage()
    searcher = text.search(word, match_case=True)
    found = []
    while (match := searcher.get_next()) is not None:
        left, _, _, top = text.get_charbox(match[0], loose=True)
        found.append((left, top))
    return found


def row_of(pdf: Path, index: int, key: str) -> tuple[float, float]:
    """The tops of a work's Russian entry (left column) and English entry (right column)."""
    ru_word, en_word = WORKS[key]
    middle = pdfium.PdfDocument(pdf)[index].get_size()[0] / 2
    (ru,) = [top for left, top in starts(pdf, index, ru_word) if left < middle]
    (en,) = [top for left, top in starts(pdf, index, en_word) if left > middle]
    return ru, en


def column_lines(pdf: Path, index: int) -> list[tuple[str, float, float]]:
    """(text, left, width) of each line of the right-hand column of a page, from the top."""
    page = pdfium.PdfDocument(pdf)[index]
    text = page.get_textpage()
    middle = page.get_size()[0] / 2
    lines: dict[int, tuple[str, float, float]] = {}
    for n in range(text.count_chars()):
        char = text.get_text_range(n, 1)
        left, _, right, top = text.get_charbox(n, loose=True)
        if char.strip() and left > middle:
            words, start, end = lines.get(round(top), ("", left, right))
            lines[round(top)] = (words + char, min(start, left), max(end, right))
    return [(words, start, end - start) for _, (words, start, end) in sorted(lines.items(), reverse=True)]


# --- one article cites: no bibliography of the reader --------------------------------


def test_one_citing_article_has_its_works_cited_and_the_pdf_no_bibliography(one_cites: Path):
    pdf = one_cites / "test.pdf"
    text = " ".join(pdf_pages(pdf))
    assert "ЦИТИРУЕМАЯ ЛИТЕРАТУРА" in text and "WORKS CITED" in text  # in small capitals
    assert "Библиография" not in text and "Bibliography" not in text  # in the contents neither
    reader = pdf_reader(pdf)
    assert "bibliography" not in {str(name) for name in reader.named_destinations}
    assert not [item for item in reader.outline if not isinstance(item, list) and "Bibliography" in item.title]


def test_one_citing_article_gives_no_bibliography_page_in_the_html_or_the_epub(one_cites: Path):
    html = one_cites / "html"
    assert not (html / "bibliography.html").exists()
    for page in html.glob("*.html"):
        assert "bibliography.html" not in page.read_text(encoding="utf-8"), page.name
    (epub,) = one_cites.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        assert "OEBPS/bibliography.xhtml" not in archive.namelist()
        for name in archive.namelist():  # the manifest, the NCX, the navigation document (its landmarks too), the pages
            if name.endswith((".opf", ".ncx", ".xhtml")):
                assert "bibliography.xhtml" not in archive.read(name).decode(), name
    ((counts, messages),) = epubcheck(epub)
    assert messages == [] and (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0)


def test_an_articles_works_cited_set_each_work_on_one_row(one_cites: Path):
    pdf = one_cites / "test.pdf"
    index = page_with(pdf, "ЦИТИРУЕМАЯ ЛИТЕРАТУРА")
    rows = [row_of(pdf, index, key) for key in ("gorlov2001", "obrashchenie1923", "herriot1958")]
    for ru, en in rows:
        assert abs(ru - en) < 1, rows
    # in the Russian list's order (GOST's), though the English list sorts Herriot before Obrashchenie
    assert [ru for ru, _ in rows] == sorted((ru for ru, _ in rows), reverse=True)


def test_no_line_of_an_entry_but_its_last_stops_short(one_cites: Path):
    """A run of text before a title in italics that fits its line but for its last space
    set its first word alone on a line: "Occu-", "pation", "of the Ruhr Region"."""
    pdf = one_cites / "test.pdf"
    lines = column_lines(pdf, page_with(pdf, "ЦИТИРУЕМАЯ ЛИТЕРАТУРА"))
    entries = lines[[words for words, _, _ in lines].index("WORKSCITED") + 1 :]
    assert any(words.startswith("“Obrashchenie") for words, _, _ in entries)
    full = max(width for _, _, width in entries)
    for (words, left, width), (_, next_left, _) in itertools.pairwise(entries):
        if next_left > left - 1:  # the entry goes on (the next one starts further left)
            assert width > full / 2, words


# --- two articles cite: the reader's bibliography -------------------------------------


def test_the_bibliography_of_two_citing_articles_lists_each_work_once_on_one_row(both_cite: Path):
    pdf = both_cite / "test.pdf"
    pages = pdf_pages(pdf)
    index = page_with(pdf, "Библиография · Bibliography")
    assert index % 2 == 0  # a right-hand page
    assert pages[index].count("Горлов") == 1 and pages[index].count("Gorlov") == 1  # cited by both
    rows = [row_of(pdf, index, key) for key in WORKS]
    for ru, en in rows:
        assert abs(ru - en) < 1, rows
    assert [ru for ru, _ in rows] == sorted((ru for ru, _ in rows), reverse=True)
    assert re.search(r"Библиография\s*Bibliography\s*\d+", pages[1])  # in the contents, with its page
    outline = [item.title for item in pdf_reader(pdf).outline if not isinstance(item, list)]
    assert "Библиография / Bibliography" in outline


def test_the_bibliography_page_of_the_html_and_the_epub_has_the_prints_name(both_cite: Path):
    html = both_cite / "html"
    page = (html / "bibliography.html").read_text(encoding="utf-8")
    assert re.search(r"<title>Библиография / Bibliography</title>", page)
    assert page.count("Gorlov") == 1 and page.count("Горлов") == 1
    assert re.search(r'href="bibliography\.html"><span class="ru" lang="ru">Библиография</span>.*?Bibliography', (html / "index.html").read_text(encoding="utf-8"))
    article = (html / "alpha.html").read_text(encoding="utf-8")
    assert "Цитируемая литература" in article and "Works cited" in article
    (epub,) = both_cite.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        package = ElementTree.fromstring(archive.read("OEBPS/package.opf"))
        nav = archive.read("OEBPS/nav.xhtml").decode()
    manifest = {item.get("id"): item.get("href") for item in package.iter(f"{OPF}item")}
    spine = [manifest[ref.get("idref")] for ref in package.iter(f"{OPF}itemref")]
    assert spine[-2:] == ["bibliography.xhtml", "colophon.xhtml"]
    assert re.search(r'href="bibliography\.xhtml"><span class="ru" lang="ru">Библиография</span>.*?Bibliography', nav)
    assert '<a epub:type="bibliography" href="bibliography.xhtml" lang="en">Bibliography</a>' in nav  # a landmark


# --- which readers have a bibliography ------------------------------------------------


@pytest.mark.parametrize(
    ("beta", "printed"),
    [
        (NOT_CITING, False),
        # the second article cites only works the first cites: its list would be the first's
        (("Вторая статья [@herriot1958; @gorlov2001].\n", "The second article [@herriot1958; @gorlov2001].\n"), False),
        (CITING_TOO, True),
    ],
)
def test_a_bibliography_only_where_no_article_cites_every_work(tmp_path: Path, beta: tuple[str, str], printed: bool):
    assert has_reader_bibliography(load_edition(project(tmp_path, beta))) is printed


def test_a_space_before_markup_is_set_inside_it_in_print():
    work = Work(Markup("Title.” In <i>Dokumenty</i> [Documents], 6:150. <b><i>Moscow</i></b>, 1956."), "en")
    assert work.in_print == "Title.” In<i> Dokumenty</i> [Documents], 6:150.<b><i> Moscow</i></b>, 1956."
