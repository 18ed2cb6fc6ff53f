"""Where a page begins inside a pair that calls notes: the pair is cut there, at the
sentence that fills the page before best (``render/plan.py``), and nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from testing_utils import ROOT, make_project, pdf_pages, run

from edition.pipeline import load_edition
from edition.render import typeset_part
from edition.render.book import read_destinations
from edition.render.html import PrintPart
from edition.render.pdf import Place, Typeset
from edition.render.plan import best_place
from edition.render.rows import print_rows
from edition.verify import check_pdf

FILLER_RU = "Делегация провела в Берлине несколько недель, и её члены вели переговоры с военными и с промышленниками."
FILLER_EN = "The delegation spent several weeks in Berlin, and its members negotiated with soldiers and with industrialists."


def numbered(lang: str, count: int, notes_every: int = 3) -> str:
    """A paragraph of ``count`` numbered sentences, every ``notes_every``-th calling a note."""
    if lang == "ru":
        sentences = [f"Пункт {n} соглашения о поставках обсуждали долго, и стороны спорили о ценах и о сроках" for n in range(1, count + 1)]
    else:
        sentences = [f"Point {n} of the supply agreement was discussed at length, and the sides argued about prices and dates" for n in range(1, count + 1)]
    text = " ".join(s + (f"[^{n}]." if n % notes_every == 0 else ".") for n, s in enumerate(sentences, 1))
    word = "Примечание к пункту" if lang == "ru" else "A note on point"
    notes = "".join(f"[^{n}]: {word} {n}.\n" for n in range(notes_every, count + 1, notes_every))
    return text + "\n\n" + notes


def sides(fillers: int, count: int) -> tuple[str, str]:
    ru_text, ru_notes = numbered("ru", count).split("\n\n")
    en_text, en_notes = numbered("en", count).split("\n\n")
    ru = "\n\n".join([" ".join([FILLER_RU] * 3)] * fillers + [ru_text]) + "\n\n" + ru_notes
    en = "\n\n".join([" ".join([FILLER_EN] * 3)] * fillers + [en_text]) + "\n\n" + en_notes
    return ru, en


def page_of(pages: list[str], text: str) -> int:
    return next(n for n, page in enumerate(pages) if text in page)


def foot_space(pdf: bytes, page: int) -> float:
    """The space (pt) between the lowest line of a page's text and the top of its notes."""
    document = pdfium.PdfDocument(pdf)
    text = document[page].get_textpage()
    body, notes = [], []
    for index in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(index)
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index)  # (in CSS px: the text's 10 pt is 13.3)
        if right > left and size > 10:
            (body if size > 12.5 else notes).append((bottom, top))
    lowest = min(bottom for bottom, _ in body)
    space = lowest - max(top for _, top in notes if top < lowest)
    document.close()
    return space


def test_a_pair_that_calls_notes_fills_the_foot_of_the_page_before_its_rest(tmp_path: Path):
    # after 11 paragraphs, a pair of 16 sentences that is cut into rows for its notes: the
    # second row, as typeset first, does not fit under the first and leaves the foot of
    # the page empty, about eight lines
    config = make_project(tmp_path, {"one": sides(11, 16)})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # every note on the page of its call
    pdf = (tmp_path / "build" / "test.pdf").read_bytes()
    assert check_pdf(load_edition(config), pdf).problems == []
    pages = pdf_pages(pdf)
    page = page_of(pages, "Point 1 of")
    assert page_of(pages, "Point 16 of") == page + 1
    # the row is cut at the sentence that fills the page: less than three lines are left
    assert foot_space(pdf, page) < 3 * 14 + 12  # (lines of 10 pt on 14, and the rule above the notes)
    # and nowhere else: one row on each page
    destinations = read_destinations(pdf)
    rows = [name for name in destinations if name.startswith("a1-p12")]
    assert len(rows) == len({destinations[name] for name in rows}) == 2


LONG_RU = "Переговоры о поставках вооружения шли всю весну, и представители обеих сторон " * 6
LONG_EN = "The negotiations on the supply of arms went on all spring, and the representatives of both sides " * 6


def headed(fillers: int) -> tuple[str, str]:
    """``fillers`` paragraphs, a heading, and a pair of two long sentences, the first calling a note."""
    ru = [" ".join([FILLER_RU] * 3)] * fillers + ["## Поставки", LONG_RU + "спорили.[^1] " + LONG_RU + "договорились."]
    en = [" ".join([FILLER_EN] * 3)] * fillers + ["## Supplies", LONG_EN + "argued.[^1] " + LONG_EN + "agreed."]
    return "\n\n".join(ru) + "\n\n[^1]: Примечание.\n", "\n\n".join(en) + "\n\n[^1]: A note.\n"


def test_a_heading_goes_with_its_text_where_the_pair_after_it_does_not_fit(tmp_path: Path):
    pages_of = {}
    for fillers in (4, 5):
        config = make_project(tmp_path / str(fillers), {"one": headed(fillers)})
        result = run("build", "pdf", "--config", config)
        assert result.exit_code == 0, result.output
        pdf = (tmp_path / str(fillers) / "build" / "test.pdf").read_bytes()
        pages = pdf_pages(pdf)
        # (the last page with the text: the contents name the heading too)
        pages_of[fillers] = [max(n for n, page in enumerate(pages) if text in page) for text in ("Supplies", "argued.", "agreed.", "Поставки", "спорили.")]
    # room under the heading for the first sentence and its note: the pair begins there
    heading, first, second, *russian = pages_of[4]
    assert heading == first == second - 1 and russian == [heading, first]
    # room for the heading only: it starts the next page with the pair
    heading, first, second, *russian = pages_of[5]
    assert heading == first == second and russian == [heading, first]
    assert heading == pages_of[4][0] + 1


def test_the_cut_goes_where_both_columns_end_a_line(tmp_path: Path):
    config = make_project(tmp_path, {"one": (numbered("ru", 6), numbered("en", 6))})
    article = load_edition(config).articles[0]
    row = print_rows(article)[0]
    assert len(row.places) == 5  # after each sentence but the last

    def pages(fullness: list[tuple[float, float]]) -> Typeset:
        """A row at the top of page 1, its places on lines 1, 2, 3...: each 18 px tall."""
        places = {
            (row.id, lang): tuple(Place(1, 100.0 + 18 * n, 118.0 + 18 * n, full[side]) for n, full in enumerate(fullness))
            for side, lang in enumerate(("ru", "en"))
        }
        return Typeset(2, {row.id: 1}, depths={row.id: 100.0}, height=900.0, areas=((0, 900, 900),) * 2, places=places)

    # room for four lines (and the room of the note called in sentence 3): the place on line
    # 4 ends both lines short, the one on line 3 full
    shorts = [(0.5, 0.5), (0.4, 0.6), (0.98, 0.97), (0.3, 0.9), (0.6, 0.6)]
    assert best_place(article, row, pages(shorts), 4 * 18 + 4, first_notes=False) == 2
    # both full on line 4 too: the later place fills more
    assert best_place(article, row, pages([*shorts[:3], (0.95, 0.99), shorts[4]]), 4 * 18 + 4, first_notes=False) == 3
    # nothing fits in less than a line
    assert best_place(article, row, pages(shorts), 10, first_notes=False) is None


def test_a_place_to_cut_does_not_break_a_line():
    """A place is an empty mark after a sentence's last character, before the space: a
    mark after the space made WeasyPrint set a word's first part alone on a line
    («инфля-», «политиче-», "polit-" in the bundled Ruhr article)."""
    edition = load_edition(ROOT / "edition.toml")
    for article in edition.articles:
        typeset = typeset_part(edition, PrintPart("article", (article,)))
        lines = [line for text in typeset.texts for line in text.splitlines()]
        assert len(lines) > 500
        assert [line for line in lines if re.fullmatch(r"\s*\S+-\s*", line)] == []
    assert any(row.places for row in print_rows(edition.articles[1]))
