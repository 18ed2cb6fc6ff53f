"""The bundled reader: clean sources, and a PDF that keeps every note and word."""


import re

import pytest
from testing_utils import ROOT, pdf_pages

from edition.model import Cite, Editorial
from edition.pipeline import build, check
from edition.verify import check_pdf

CONFIG = ROOT / "edition.toml"


@pytest.fixture(scope="module")
def edition():
    return check(CONFIG)


def test_the_bundled_sources_check_clean(edition):
    assert [a.slug for a in edition.articles] == ["soviet-german-origins", "ruhr-negotiations-1923"]


def test_ruhr_keeps_its_19_notes_at_their_calls_and_marks_the_two_lost_ones(edition):
    article = edition.articles[1]
    for lang in ("ru", "en"):
        notes = article.notes_of(lang)
        assert [n.number for n in notes] == list(range(1, 22))
        for note in notes[:19]:
            assert any(isinstance(i, Cite) for i in note.paragraphs[0]), (lang, note.number)
        for note in notes[19:]:
            assert len(note.paragraphs[0]) == 1 and isinstance(note.paragraphs[0][0], Editorial), (lang, note.number)


def test_every_citation_names_an_entry(edition):
    keys = {e.key for e in edition.bibliography}
    cited = {
        item.key
        for article in edition.articles
        for note in article.notes
        for paragraph in note.paragraphs
        for cite in paragraph
        if isinstance(cite, Cite)
        for item in cite.items
    }
    assert cited and cited <= keys
    assert all(e.get("langid") for e in edition.bibliography)


def test_the_bundled_pdf_loses_nothing(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    (pdf,) = build(CONFIG, ["pdf"], out)
    edition = check(CONFIG)
    report = check_pdf(edition, pdf.read_bytes())
    assert report.problems == []
    assert report.notes == 42 and report.words > 10000
    pages = pdf_pages(pdf)
    flat = [" ".join(p.split()).replace("- ", "") for p in pages]  # line-end hyphens joined
    opening = next(i for i, p in enumerate(flat) if "У истоков" in p and "ОТ РЕДАКЦИИ" in p)  # a label in small capitals
    assert "отсылают к списку литературы оригинальной публикации" in flat[opening]
    assert "refer to the list of references of the original publication" in flat[opening]
    # hyphenation leaves three letters at least on each side of a break ("econom-/ic" no more)
    import pypdfium2 as pdfium

    text = "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    sources = " ".join((ROOT / "sources" / slug / f"{lang}.md").read_text(encoding="utf-8") for slug in ("soviet-german-origins", "ruhr-negotiations-1923") for lang in ("ru", "en"))
    # a word broken at a line's end goes on in lower case (a break at a column's or page's foot is followed by other text)
    breaks = re.findall(r"([^\W\d_]+)\ufffe\r?\n?([^\W\d_A-ZА-ЯЁ][^\W\d_]*)", text)
    hyphenated = [(a, b) for a, b in breaks if f"{a}-{b}" not in sources]  # not a hyphen the text has ("де-факто")
    assert hyphenated and all(len(a) >= 3 and len(b) >= 3 for a, b in hyphenated), [f for f in hyphenated if min(map(len, f)) < 3]
