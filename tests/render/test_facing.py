"""Facing pages: the Russian side on the left-hand page, the English on the right, in step
spread by spread (``[layout] mode = "facing"``, ``--layout facing``)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from testing_utils import FIXTURES, TEMPLATES, copy_mini, make_project, pdf_pages, run

from edition.model import Row
from edition.pipeline import load_edition
from edition.render.book import read_destinations, typeset_whole
from edition.render.rows import PrintRow, print_rows
from edition.verify import check_pages, check_pdf, read_pdf

RU_SENTENCE = "Делегации {n} обсуждали условия соглашения, и каждая сторона настаивала на своих требованиях."
EN_SENTENCE = "The delegations {n} discussed the terms of the agreement, and each side pressed its own demands."


def paragraph(sentence: str, count: int, start: int = 1) -> str:
    return " ".join(sentence.format(n=n) for n in range(start, start + count))


# § 1 is longer than a page on both sides; the Russian side of §§ 3-8 is twice the English;
# notes on both sides; a block in Russian only
RU = f"""\
## Введение

{paragraph(RU_SENTENCE, 70)}[^1]

Короткий абзац с примечанием.[^2]

""" + "\n\n".join(paragraph(RU_SENTENCE, 12, 100 * k) for k in range(3, 9)) + """

{.unpaired}
[Этот абзац есть только в русском тексте.]{.editorial}

Последний абзац.[^3]

[^1]: Примечание к длинному абзацу.
[^2]: Второе примечание, подлиннее: Горлов С. А. Совершенно секретно. М., 2001. С. 150.
[^3]: Третье примечание.
"""
EN = f"""\
## Introduction

{paragraph(EN_SENTENCE, 70)}[^1]

A short paragraph with a note.[^2]

""" + "\n\n".join(paragraph(EN_SENTENCE, 6, 100 * k) for k in range(3, 9)) + """

The last paragraph.[^3]

[^1]: A note to the long paragraph.
[^2]: A second note, a longer one: S. A. Gorlov, Sovershenno sekretno (Moscow, 2001), 150.
[^3]: A third note.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facing")
    return make_project(root, {"art": (RU, EN)}, extra='\n[layout]\nmode = "facing"\n')


@pytest.fixture(scope="module")
def book(project: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("facing-out")
    result = run("build", "pdf", "--config", project, "--out", out)
    assert result.exit_code == 0, result.output  # every § on one spread, every note with its call, no word lost
    return (out / "test.pdf").read_bytes()


def joined(page: str) -> str:
    """A page's text, its lines joined, words hyphenated at their ends whole again."""
    return re.sub(r"-\n", "", page).replace("\n", " ")


def sides(project: Path, pdf: bytes) -> list[tuple[PrintRow, int | None, int | None]]:
    """Each row of the article, with the page (1-based) of its Russian and English side."""
    article = load_edition(project).articles[0]
    found = read_destinations(pdf)
    pages = [(row, found.get(row.id), found.get(f"{row.id}-en")) for row in print_rows(article)]
    return [(row, ru + 1 if ru is not None else None, en + 1 if en is not None else None) for row, ru, en in pages]


def test_each_row_has_its_russian_side_on_the_left_and_its_english_facing_it(project: Path, book: bytes):
    rows = sides(project, book)
    assert len(rows) > 8
    for row, ru, en in rows:
        if ru is None and en is None:
            continue  # joined to the part of its pair before it
        if row.row.ru is not None:
            assert ru is not None and ru % 2 == 0, (row.id, ru)  # a left-hand page: even in a book starting on a right-hand one
        if row.row.en is not None:
            assert en is not None and en % 2 == 1, (row.id, en)
        if ru is not None and en is not None:
            assert en == ru + 1, (row.id, ru, en)
    # the long § 1 runs over more than one spread: it is cut at sentences, the same on both sides
    first = [(ru, en) for row, ru, en in rows if row.segment.number == 1 and ru is not None]
    assert len({ru for ru, _ in first}) >= 2
    # its parts on one spread are printed as one paragraph again: one row of it a spread
    assert len(first) == len({ru for ru, _ in first}) < len([row for row, _, _ in rows if row.segment.number == 1])
    pages = pdf_pages(book)
    for row, ru, en in rows:
        if row.segment.number == 1 and ru is not None and en is not None:
            numbers = {int(n) for n in re.findall(r"Делегации (\d+)", joined(pages[ru - 1])) if int(n) < 100}  # § 1's sentences
            assert numbers and numbers == {int(n) for n in re.findall(r"delegations (\d+)", joined(pages[en - 1])) if int(n) < 100}


def test_each_page_holds_one_language_and_its_notes(project: Path, book: bytes):
    pages = pdf_pages(book)
    rows = sides(project, book)
    verso = {ru for _, ru, _ in rows if ru}
    recto = {en for _, _, en in rows if en}
    for page in verso:
        assert "delegations" not in pages[page - 1] and "The " not in pages[page - 1]
    for page in recto:
        assert not re.search(r"[а-яё]{4}", pages[page - 1]), page
    text = {n: " ".join(pages[n - 1].split()) for n in verso | recto}
    assert any("1. Примечание к длинному абзацу." in t for t in text.values())
    assert any("1. A note to the long paragraph." in t for t in text.values())
    # the Russian-only block is on a left-hand page, its spread's right-hand page without it
    (only,) = [(ru, en) for row, ru, en in rows if row.segment.unpaired]
    assert "Этот абзац есть только в русском тексте." in text[only[0]] and only[1] == only[0] + 1
    assert "Этот абзац" not in text[only[1]]


def test_the_facing_page_is_left_empty_beside_a_block_of_one_language(project: Path, book: bytes):
    article = load_edition(project).articles[0]
    rows = print_rows(article)
    at = next(n for n, row in enumerate(rows) if row.segment.unpaired)
    only, after = rows[at], rows[at + 1]
    names = [only.id, f"{only.id}-en", after.id, f"{after.id}-en"]
    read = read_pdf(book, names)
    page = read.destinations[only.id]
    assert read.destinations[f"{after.id}-en"] == read.destinations[f"{only.id}-en"] == page + 1
    # the row after it starts level on both pages (PDF points up from the foot)
    top, foot = -read.depths[only.id], -read.depths[after.id]
    assert abs(read.depths[after.id] - read.depths[f"{after.id}-en"]) < 1.0
    assert abs(read.depths[only.id] - read.depths[f"{only.id}-en"]) < 1.0
    assert top - foot > 10  # (the block is a line or more tall)
    document = pdfium.PdfDocument(book)
    try:
        recto = document[page + 1]
        width = recto.get_width()
        beside = recto.get_textpage().get_text_bounded(left=0, bottom=foot + 2, right=width, top=top - 2)
        above = recto.get_textpage().get_text_bounded(left=0, bottom=top + 2, right=width, top=recto.get_height())
    finally:
        document.close()
    assert beside.strip() == "" and "The delegations 805" in " ".join(above.split())  # white beside the block, the text before it above


def test_the_shorter_side_ends_with_white_space_never_with_the_next_paragraph(project: Path, book: bytes):
    rows = sides(project, book)
    by_spread: dict[int, list[PrintRow]] = {}
    for row, ru, _ in rows:
        if ru is not None:
            by_spread.setdefault(ru, []).append(row)
    # the Russian of §§ 3-8 is twice as long: their spreads hold fewer of them than the English could
    spreads = [[r.segment.number for r in spread] for spread in by_spread.values()]
    assert len(spreads) >= 4
    for row, ru, en in rows:
        if ru is not None and en is not None:
            assert [r.segment.number for r in by_spread[ru]] == [r.segment.number for r, r_ru, _ in rows if r_ru == ru]


def test_the_book_as_one_document_keeps_the_same_spreads(project: Path):
    edition = load_edition(project)
    whole = typeset_whole(edition)
    assert whole.problems == ()
    assert check_pdf(edition, whole.pdf).problems == []


def test_a_row_whose_sides_do_not_face_each_other_is_refused(project: Path):
    edition = load_edition(project)
    article = edition.articles[0]
    rows = print_rows(article)
    paired = next(row for row in rows if row.segment.number == 2 and isinstance(row.row, Row))
    destinations = {"a1": 0, paired.id: 3, f"{paired.id}-en": 6}
    problems = [str(p) for p in check_pages(edition, [[]] * 8, destinations, (article,)).problems]
    assert any("§ 2: the Russian side is on page 4 and the English on page 7, not facing" in p for p in problems)
    destinations = {"a1": 0, paired.id: 2, f"{paired.id}-en": 3}
    problems = [str(p) for p in check_pages(edition, [[]] * 8, destinations, (article,)).problems]
    assert any("§ 2: the Russian side is on page 3, a right-hand page" in p for p in problems)


def test_the_command_line_chooses_the_layout_for_one_build(tmp_path: Path):
    config = make_project(tmp_path, {"art": ("Один абзац.[^1]\n\n[^1]: Примечание.\n", "One paragraph.[^1]\n\n[^1]: A note.\n")})
    result = run("build", "pdf", "--config", config, "--layout", "facing", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pages = pdf_pages((tmp_path / "out" / "test.pdf").read_bytes())
    ru = next(n for n, page in enumerate(pages, start=1) if "Один абзац" in page)
    assert ru % 2 == 0 and "One paragraph" in pages[ru] and "One paragraph" not in pages[ru - 1]
    result = run("build", "pdf", "--config", config, "--out", tmp_path / "columns")
    pages = pdf_pages((tmp_path / "columns" / "test.pdf").read_bytes())
    assert any("Один абзац" in page and "One paragraph" in page for page in pages)  # the configuration's: columns


def test_a_release_records_the_left_and_the_right_hand_page_of_each_paragraph(tmp_path: Path):
    config = copy_mini(tmp_path / "mini")
    text = config.read_text(encoding="utf-8").replace('date = "2026-01-15"', 'date = "2026-01-15"\nlicence = "CC BY 4.0"')
    config.write_text(text + '\n[layout]\nmode = "facing"\n\n[[changelog]]\nversion = "1.2.0"\ndate = "2026-01-15"\nchanges = ["First."]\n', encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 0, result.output
    folder = config.parent / "build" / "releases" / "mini-1.2.0"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    alpha = manifest["pages"]["alpha"]
    assert alpha["ru"]["1"] % 2 == 0 and alpha["en"]["1"] == alpha["ru"]["1"] + 1
    pages = pdf_pages((folder / "mini-1.2.0.pdf").read_bytes())
    assert "Генуэзская конференция" in pages[alpha["ru"]["1"] - 1] and "Genoa Conference" in pages[alpha["en"]["1"] - 1]
    # the EPUB's page-list leads from each printed page to the § on it, the right-hand pages too
    with zipfile.ZipFile(folder / "mini-1.2.0.epub") as epub:
        nav = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("nav.xhtml"))
    listed = [int(n) for n in re.findall(r'<a href="[^"]+">(\d+)</a>', nav.split('epub:type="page-list"')[1])]
    assert alpha["ru"]["1"] in listed and alpha["en"]["1"] in listed


def test_lists_tables_figures_and_code_keep_their_place_on_their_side(tmp_path: Path):
    shutil.copytree(FIXTURES / "constructs", tmp_path / "constructs")
    config = tmp_path / "constructs" / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"../../../templates"', f'"{TEMPLATES.as_posix()}"'), encoding="utf-8")
    result = run("build", "pdf", "--config", config, "--layout", "facing", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output  # each § on one spread, its notes with it, no word lost
    pdf = (tmp_path / "out" / "constructs.pdf").read_bytes()
    pages = pdf_pages(pdf)
    found = read_destinations(pdf)
    for lang, word in (("ru", "ТАБЛИЦА 1. Поставки по годам"), ("en", "TABLE 1. Deliveries by year")):
        page = found[f"a1-table-{lang}-1"]
        assert page % 2 == (1 if lang == "ru" else 0) and word in " ".join(pages[page].split())
    # a row with a side in one language only does not make its spread's other side as tall
    assert len(pages) <= 12


def test_the_html_edition_is_the_same_in_either_layout(project: Path, tmp_path: Path):
    for mode in ("columns", "facing"):
        result = run("build", "html", "--config", project, "--layout", mode, "--out", tmp_path / mode)
        assert result.exit_code == 0, result.output
    columns, facing = (sorted((tmp_path / mode / "html").rglob("*.*")) for mode in ("columns", "facing"))
    assert [p.relative_to(tmp_path / "columns") for p in columns] == [p.relative_to(tmp_path / "facing") for p in facing]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(columns, facing, strict=True))


def test_a_table_longer_than_a_page_goes_on_over_spreads_with_its_header(tmp_path: Path):
    body_ru = "\n".join(f"| {1900 + n} | Поставка номер {n} винтовок и патронов | {n * 10} |" for n in range(1, 91))
    body_en = "\n".join(f"| {1900 + n} | Delivery number {n} of rifles and cartridges | {n * 10} |" for n in range(1, 91))
    ru = f"Вступление.\n\nTable: Поставки {{#tbl-long}}\n\n| Год | Поставка | Число |\n|---|---|---:|\n{body_ru}\n\nПосле таблицы.\n"
    en = f"An introduction.\n\nTable: Deliveries {{#tbl-long}}\n\n| Year | Delivery | Count |\n|---|---|---:|\n{body_en}\n\nAfter the table.\n"
    config = make_project(tmp_path, {"one": (ru, en)}, extra='[layout]\nmode = "facing"\n')
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # each part of it on a spread, the same rows on both sides
    pages = pdf_pages(tmp_path / "build" / "test.pdf")
    holding = [n for n, page in enumerate(pages) if "Delivery number" in page]
    assert len(holding) >= 2  # over several spreads
    for n in holding:
        english = [int(m) for m in re.findall(r"Delivery number (\d+) ", pages[n])]
        assert n % 2 == 0 and [int(m) for m in re.findall(r"Поставка номер (\d+) ", pages[n - 1])] == english  # (page n + 1, right-hand)
        assert "Year Delivery Count" in pages[n] and "Год Поставка Число" in pages[n - 1]  # the header on every spread
    assert sorted(int(m) for n in holding for m in re.findall(r"Delivery number (\d+) ", pages[n])) == list(range(1, 91))


def clauses(text: str, count: int, start: int = 0) -> str:
    return ", ".join(text.format(n=n) for n in range(start, start + count))


def test_a_sentence_a_quote_a_list_verse_or_code_longer_than_a_page_goes_on_over_spreads_in_step(tmp_path: Path):
    ru_clause, en_clause = "делегация {n} обсуждала условия соглашения и требования сторон", "delegation {n} discussed the terms of the agreement and the demands of both sides"
    ru = (
        f"Вступление.\n\nСогласно статье {clauses(ru_clause, 70)}.[^1]\n\n"  # one sentence, longer than a page
        + f"> Цитата: {clauses(ru_clause, 70, 100)}.\n\n"  # a quote of one paragraph, as long
        + "\n".join(f"{k}. Пункт {k}: {clauses(ru_clause, 3, 1000 + 10 * k)}." for k in range(1, 31))  # a list of 30 items
        + "\n\n" + "\n".join(f"| Строка {k}: {ru_clause.format(n=2000 + k)}" for k in range(90))  # verse of 90 lines
        + f"\n\n{{.unpaired}}\n[От редакции: {clauses(ru_clause, 70, 3000)}.]{{.editorial}}"  # one span, in Russian only
        + "\n\nПоследний абзац.\n\n[^1]: Примечание к длинному предложению.\n"
    )
    en = (
        f"An introduction.\n\nUnder the article {clauses(en_clause, 70)}.[^1]\n\n"
        + f"> A quote: {clauses(en_clause, 70, 100)}.\n\n"
        + "\n".join(f"{k}. Item {k}: {clauses(en_clause, 3, 1000 + 10 * k)}." for k in range(1, 31))
        + "\n\n" + "\n".join(f"| Line {k}: {en_clause.format(n=2000 + k)}" for k in range(90))
        + "\n\nThe last paragraph.\n\n[^1]: A note to the long sentence.\n"
    )
    config = make_project(tmp_path, {"one": (ru, en)}, extra='[layout]\nmode = "facing"\n')
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # every row's sides on facing pages, its notes with it, no word lost
    pages = [joined(page) for page in pdf_pages(tmp_path / "build" / "test.pdf")]
    spreads = [(n, n + 1) for n in range(1, len(pages) - 1, 2) if re.search(r"делегация \d+", pages[n])]
    assert len(spreads) >= 8
    for left, right in spreads:
        ru_n = {int(n) for n in re.findall(r"делегация (\d+)", pages[left])}
        en_n = {int(n) for n in re.findall(r"delegation (\d+)", pages[right])}
        # the same clauses on both pages of a spread, but for the one a cut falls in at either end
        assert len({n for n in ru_n if n < 3000} ^ en_n) <= 4, (left + 1, sorted(ru_n ^ en_n))
    assert "[От редакции: делегация 3000" in " ".join(pages)  # the editors' addition in Russian only, in parts (the blank beside it: below)
    # each of them on more than one spread
    for first, last in ((0, 69), (100, 169), (1010, 1302), (2000, 2089), (3000, 3069)):
        ru_spread = [left for left, _ in spreads if f"делегация {first} " in pages[left]]
        assert ru_spread and f"делегация {last} " not in pages[ru_spread[0]], first
    # a list's part after the first goes on with the item it begins with, numbered as in the source
    for k in range(1, 31):
        (page,) = [page for page in pages if f"Item {k}:" in page]
        assert re.search(rf"(^|\s){k}\.(\s|$)", page), k  # its marker (drawn apart from its text)


def test_a_block_of_one_language_marked_wide_is_set_on_the_left_hand_page_the_right_hand_page_empty_beside_it(tmp_path: Path):
    before_ru, before_en = paragraph(RU_SENTENCE, 6), paragraph(EN_SENTENCE, 3)  # the Russian twice as long
    ru = f"{before_ru}\n\nПосле факсимиле.\n"
    en = f"{before_en}\n\n{{.unpaired .wide}}\n![A facsimile of the treaty, kept in English only](facsimile.png){{#fig-facsimile}}\n\nAfter the facsimile.\n"
    config = make_project(tmp_path, {"one": (ru, en)}, extra='[layout]\nmode = "facing"\n')
    shutil.copy(FIXTURES / "constructs" / "sources" / "constructs" / "telegram.png", tmp_path / "sources" / "one" / "facsimile.png")
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # its words found where it stands, on the Russian side's page
    book = (tmp_path / "build" / "test.pdf").read_bytes()
    article = load_edition(config).articles[0]
    rows = print_rows(article)
    figure, after = next(r for r in rows if r.segment.kind == "figure"), rows[-1]
    read = read_pdf(book, [figure.id, f"{figure.id}-en", after.id, f"{after.id}-en"])
    left = read.destinations[figure.id]
    assert left % 2 == 1 and read.destinations[f"{figure.id}-en"] == left + 1  # (0-based: an odd index is a left-hand page)
    pages = pdf_pages(book)
    assert "A facsimile of the treaty" in pages[left] and "A facsimile" not in pages[left + 1]
    assert read.images[left] == 1 and read.images[left + 1] == 0
    # level with the blank beside it, and what follows level on both pages
    assert abs(read.depths[figure.id] - read.depths[f"{figure.id}-en"]) < 1.0
    assert abs(read.depths[after.id] - read.depths[f"{after.id}-en"]) < 1.0
    top, foot = -read.depths[figure.id], -read.depths[after.id]
    document = pdfium.PdfDocument(book)
    try:
        recto = document[left + 1]
        beside = recto.get_textpage().get_text_bounded(left=0, bottom=foot + 2, right=recto.get_width(), top=top - 2)
    finally:
        document.close()
    assert beside.strip() == ""
