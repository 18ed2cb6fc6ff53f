"""Where the layout passes put what does not fit at the foot of a page: a figure lets the
text after it fill the page and heads the next one, a heading goes on with the text it
heads, and a table cut into parts for its notes prints its header at the top of each
page it runs on to (render/rows.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from testing_utils import make_project, pdf_pages, run

from edition.pipeline import load_edition
from edition.verify import check_pdf

FILLER_RU = "Переговоры в Берлине шли медленно, и стороны обменивались длинными нотами о долгах и торговле. " * 3
FILLER_EN = "The talks in Berlin went slowly, and the two sides exchanged long notes on debts and trade. " * 3


def map_png() -> bytes:
    """A map 800 by 1000 pixels: across both columns it is set at its greatest height, 110 mm."""
    out = io.BytesIO()
    Image.new("RGB", (800, 1000), (200, 180, 140)).save(out, "PNG")
    return out.getvalue()


def sides(before: int, middle_ru: str, middle_en: str, after: int) -> tuple[str, str]:
    """Each language's text: ``before`` paragraphs, the middle, ``after`` short numbered paragraphs."""
    ru = "\n\n".join([FILLER_RU] * before + [middle_ru] + [f"Абзац {n} после рисунка о переговорах." for n in range(1, after + 1)])
    en = "\n\n".join([FILLER_EN] * before + [middle_en] + [f"Paragraph {n} after the figure on the talks." for n in range(1, after + 1)])
    return ru + "\n", en + "\n"


def images_per_page(pdf: Path) -> list[int]:
    document = pdfium.PdfDocument(pdf.read_bytes())
    counts = [sum(1 for _ in document[n].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])) for n in range(len(document))]
    document.close()
    return counts


def build(tmp_path: Path, ru: str, en: str) -> tuple[Path, list[str]]:
    config = make_project(tmp_path, {"one": (ru, en)})
    (tmp_path / "sources" / "one" / "map.png").write_bytes(map_png())
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # the nothing-lost check passed, as typeset
    pdf = tmp_path / "build" / "test.pdf"
    # and read back from the PDF: the rows in the order they are printed
    assert check_pdf(load_edition(config), pdf.read_bytes()).problems == []
    return pdf, pdf_pages(pdf)


def test_a_figure_too_tall_for_the_rest_of_a_page_lets_the_text_after_it_fill_the_page(tmp_path: Path):
    # one image for both languages: printed once across both columns
    pdf, pages = build(tmp_path, *sides(13, "![Карта Рура](map.png)", "![A map of the Ruhr](map.png)", 14))
    figure_page = next(n for n, count in enumerate(images_per_page(pdf)) if count)
    before = pages[figure_page - 1]
    # the paragraphs after the figure fill the page where it did not fit, in both columns
    assert "Paragraph 1 after" in before and "Абзац 1 после" in before
    assert "Paragraph 4 after" in before and "Абзац 4 после" in before
    # the figure heads the next page, with its caption; the text goes on under it
    assert pages[figure_page].index("FIGURE 1") < pages[figure_page].index("after the figure")
    # the HTML edition keeps the authors' order
    built = run("build", "html", "--config", tmp_path / "edition.toml")
    assert built.exit_code == 0, built.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert page.index("A map of the Ruhr") < page.index("Paragraph 1 after")


def test_a_heading_is_not_left_alone_at_the_foot_of_a_page(tmp_path: Path):
    # the figure cannot move past the heading after it: the first heading goes on with it
    middle_ru = "## Карта\n\n![Карта Рура](map.png)\n\n## После карты"
    middle_en = "## The map\n\n![A map of the Ruhr](map.png)\n\n## After the map"
    pdf, pages = build(tmp_path, *sides(13, middle_ru, middle_en, 3))
    figure_page = next(n for n, count in enumerate(images_per_page(pdf)) if count)
    assert "The map" in pages[figure_page] and "Карта" in pages[figure_page]
    assert "The map" not in pages[figure_page - 1]


def long_table(lang: str) -> str:
    ru = lang == "ru"
    head = "| Год | Груз | Вес, т |\n|----|----|---:|\n" if ru else "| Year | Cargo | Weight, t |\n|----|----|---:|\n"
    rows = "".join(
        f"| {1922 + n // 12} | {'винтовки' if ru else 'rifles'} {n}{'[^2]' if n == 70 else ''} | {n * 37} |\n" for n in range(130)
    )
    notes = "\n[^1]: В ячейке.\n[^2]: Ниже.\n" if ru else "\n[^1]: In a cell.\n[^2]: Further down.\n"
    before = "Абзац перед таблицей.\n\n" if ru else "A paragraph before the table.\n\n"
    return before + head + "| 1921 | x[^1] | 0 |\n" + rows + notes


def test_a_table_cut_for_its_notes_repeats_its_header_on_every_page(tmp_path: Path):
    _, pages = build(tmp_path, long_table("ru"), long_table("en"))
    table_pages = [page for page in pages if "rifles" in page]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert page.count("Cargo Weight, t") == 1 and page.count("Груз Вес, т") == 1, page[:300]
    # each note at the foot of the page that calls it
    assert "Further down." in next(page for page in pages if "rifles 70" in page)


SENTENCE_RU = "Переговоры в Берлине шли медленно, и стороны обменивались длинными нотами о долгах и о торговле."
SENTENCE_EN = "The talks in Berlin went slowly, and the two sides exchanged long notes on debts and on trade."


def pair_with_notes(lang: str, sentences: int) -> str:
    """A paragraph of ``sentences`` sentences, every third calling a note: long enough to
    be cut into rows at sentences, so that its notes can stay on their pages."""
    sentence = SENTENCE_RU if lang == "ru" else SENTENCE_EN
    text = " ".join(sentence[:-1] + (f"[^{n}]." if n % 3 == 0 else ".") for n in range(1, sentences + 1))
    notes = "".join(f"[^{n}]: {'Примечание' if lang == 'ru' else 'Note'} {n}.\n" for n in range(3, sentences + 1, 3))
    return text + "\n\n" + notes


def test_a_pair_cut_at_sentences_is_joined_again_where_no_page_needs_the_cut(tmp_path: Path):
    config = make_project(tmp_path, {"one": (pair_with_notes("ru", 18), pair_with_notes("en", 18))})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output
    from edition.render.book import read_destinations

    pdf = (tmp_path / "build" / "test.pdf").read_bytes()
    rows = sorted(name for name in read_destinations(pdf) if name.startswith("a1-p1"))
    assert rows == ["a1-p1"]  # one row: no paragraph break the authors did not make
    assert load_edition(config).articles[0].segments[0].rows[1:]  # though the pair was cut for its notes


def test_a_pair_longer_than_a_page_keeps_the_cuts_its_pages_need(tmp_path: Path):
    config = make_project(tmp_path, {"one": (pair_with_notes("ru", 60), pair_with_notes("en", 60))})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # every note on the page of its call
    from edition.render.book import read_destinations

    destinations = read_destinations((tmp_path / "build" / "test.pdf").read_bytes())
    rows = [name for name in destinations if name.startswith("a1-p1")]
    pages = [destinations[name] for name in rows]
    assert len(set(pages)) >= 2  # over several pages
    assert len(rows) < len(load_edition(config).articles[0].segments[0].rows)  # fewer rows than cut
    assert len(rows) == len(set(pages))  # one row a page: each cut stands where a page begins
